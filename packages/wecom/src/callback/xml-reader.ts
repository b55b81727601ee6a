// A strict, allocation-light reader for the XML WeCom sends to callbacks: an optional `<?xml …?>`, one `<xml>`
// root, children that hold text, CDATA or further children (`<MemChangeList><Item>…</Item></MemChangeList>`).
// It accepts nothing else — no DOCTYPE or ENTITY declaration, comment, processing instruction, attribute, mixed
// text and elements, or text outside the root — so a hostile body is refused whole, never expanded or half-read.
// Results match what fast-xml-parser gave with the options this package used before (values as trimmed
// strings, repeated names as arrays, `Item` always an array), except that numeric character references decode.
import { CallbackXmlError } from "./xml-error.ts";

/** A parsed element: text, a nested element, or repeated elements (only `Item` lists are arrays). */
export type RawValue = string | RawFields | RawValue[];
export interface RawFields {
  [name: string]: RawValue;
}

/** WeCom nests three levels deep at most (`ExtAttr/Item/Name`); anything far deeper is not a callback. */
const MAX_DEPTH = 16;

/** Names that would shadow or replace a member of the plain objects returned. */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const HASH = 35;
const SLASH = 47;
const GT = 62;
const QUESTION = 63;
const LT = 60;
const LBRACKET = 91;

function malformed(what: string, at: number): never {
  throw new CallbackXmlError("MALFORMED_XML", `malformed callback XML: ${what} at offset ${at}`);
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === CR;
}

/** Per ASCII code: 1 may start a name (letters, `_`, `:`), 2 may only continue one (digits, `-`, `.`). */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58) NAME_CHARS[c] = 1;
  else if ((c >= 48 && c <= 57) || c === 45 || c === 46) NAME_CHARS[c] = 2;
}

function isNameStart(c: number): boolean {
  return NAME_CHARS[c] === 1;
}

function isNameChar(c: number): boolean {
  return NAME_CHARS[c] !== 0 && c < 128;
}

function skipSpace(s: string, p: number): number {
  while (isSpace(s.charCodeAt(p))) p++;
  return p;
}

/** `<!…` outside CDATA: a DOCTYPE/ENTITY gets its own code (entity expansion attempts), the rest is malformed. */
function refuseMarkupDeclaration(s: string, at: number): never {
  const word = s.slice(at + 2, at + 9).toUpperCase();
  if (word.startsWith("DOCTYPE") || word.startsWith("ENTITY")) {
    throw new CallbackXmlError(
      "DOCTYPE_FORBIDDEN",
      "callback XML must not contain a DOCTYPE or ENTITY declaration",
    );
  }
  malformed(s.startsWith("--", at + 2) ? "comments are not accepted" : "unexpected '<!'", at);
}

/** A character reference's code point, when it names a character XML allows. */
function charRef(ref: string): string | undefined {
  const m = /^#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}))$/.exec(ref);
  if (m === null) return undefined;
  const cp = m[1] !== undefined ? Number(m[1]) : Number.parseInt(m[2] ?? "", 16);
  const ok =
    cp === TAB ||
    cp === LF ||
    cp === CR ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
  return ok ? String.fromCodePoint(cp) : undefined;
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Undeclared references are kept only in the plain form `&word;`; anything looser is a bare '&'. */
const KEPT_REFERENCE = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/**
 * Decodes the five predefined entities and character references in one pass (so `&amp;lt;` stays `&lt;`). An
 * undeclared named reference such as `&lol;` is kept as written — nothing is declared, so nothing expands.
 */
function decodeText(t: string, at: number): string {
  let out = "";
  let last = 0;
  let amp = t.indexOf("&");
  while (amp !== -1) {
    const semi = t.indexOf(";", amp + 1);
    const ref = semi === -1 ? "" : t.slice(amp + 1, semi);
    let ch = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
    if (ch === undefined && ref.charCodeAt(0) === HASH) {
      ch = charRef(ref);
      if (ch === undefined) malformed(`invalid character reference &${ref};`, at + amp);
    }
    if (ch === undefined) {
      if (!KEPT_REFERENCE.test(ref)) malformed("'&' that starts no reference", at + amp);
      ch = `&${ref};`;
    }
    out += t.slice(last, amp) + ch;
    last = semi + 1;
    amp = t.indexOf("&", last);
  }
  return out + t.slice(last);
}

function addField(fields: RawFields, name: string, value: RawValue): void {
  const prev = fields[name];
  if (prev === undefined) fields[name] = name === "Item" ? [value] : value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[name] = [prev, value];
}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  /** An element name at `pos`; names of Object.prototype members are refused. */
  name(): string {
    const s = this.s;
    const start = this.pos;
    let p = start;
    if (!isNameStart(s.charCodeAt(p))) malformed("expected an element name", p);
    p++;
    while (isNameChar(s.charCodeAt(p))) p++;
    const name = s.slice(start, p);
    // Every Object.prototype member starts with a lower-case letter or `_`; WeCom's names never do.
    const first = s.charCodeAt(start);
    if ((first >= 97 || first === 95) && RESERVED.has(name)) {
      malformed(`reserved element name <${name}>`, start);
    }
    this.pos = p;
    return name;
  }

  /** The rest of a start tag after its name; true when it closes itself. Attributes are refused. */
  tagEnd(name: string): boolean {
    const s = this.s;
    const p = skipSpace(s, this.pos);
    const c = s.charCodeAt(p);
    if (c === GT) {
      this.pos = p + 1;
      return false;
    }
    if (c === SLASH && s.charCodeAt(p + 1) === GT) {
      this.pos = p + 2;
      return true;
    }
    return malformed(`unexpected attribute or character in <${name}>`, p);
  }

  /**
   * The usual leaf, `<![CDATA[v]]></name>` or `text</name>` with no reference in the text, read in one step;
   * undefined (and `pos` unchanged) for anything else, which `content` then reads in full.
   */
  simpleLeaf(name: string): string | undefined {
    const s = this.s;
    const start = this.pos;
    let value: string;
    let p: number;
    if (s.charCodeAt(start + 1) === BANG && s.startsWith("<![CDATA[", start)) {
      p = s.indexOf("]]>", start + 9);
      if (p === -1) return undefined;
      value = s.slice(start + 9, p);
      p += 3;
    } else {
      p = s.indexOf("<", start);
      if (p === -1) return undefined;
      value = p === start ? "" : s.slice(start, p).trim();
      if (value.indexOf("&") !== -1) return undefined;
    }
    if (s.charCodeAt(p + 1) !== SLASH || s.charCodeAt(p) !== LT) return undefined;
    p += 2;
    for (let i = 0; i < name.length; i++, p++) if (s.charCodeAt(p) !== name.charCodeAt(i)) return undefined;
    if (s.charCodeAt(p) !== GT) return undefined;
    this.pos = p + 1;
    return value;
  }

  /** The content after `<name>` up to and including `</name>`: its text, or its child fields. */
  content(name: string, depth: number): RawValue {
    const s = this.s;
    let pos = this.pos;
    let text = "";
    let sawCdata = false;
    let fields: RawFields | undefined;
    for (;;) {
      const lt = s.indexOf("<", pos);
      if (lt === -1) malformed(`<${name}> is not closed`, s.length);
      if (lt > pos && skipSpace(s, pos) < lt) {
        const segment = s.slice(pos, lt).trim();
        if (segment !== "") text += segment.indexOf("&") === -1 ? segment : decodeText(segment, pos);
      }
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) {
        let p = lt + 2;
        for (let i = 0; i < name.length; i++, p++) {
          if (s.charCodeAt(p) !== name.charCodeAt(i)) malformed(`expected </${name}>`, lt);
        }
        if (s.charCodeAt(p) !== GT) p = skipSpace(s, p);
        if (s.charCodeAt(p) !== GT) malformed(`expected </${name}>`, lt);
        this.pos = p + 1;
        break;
      }
      if (c === BANG) {
        if (s.charCodeAt(lt + 2) !== LBRACKET || !s.startsWith("CDATA[", lt + 3)) {
          refuseMarkupDeclaration(s, lt);
        }
        const end = s.indexOf("]]>", lt + 9);
        if (end === -1) malformed("unterminated CDATA section", lt);
        text += s.slice(lt + 9, end);
        sawCdata = true;
        pos = end + 3;
        continue;
      }
      if (c === QUESTION) malformed("processing instruction", lt);
      if (depth >= MAX_DEPTH) malformed("elements nested too deep", lt);
      this.pos = lt + 1;
      const child = this.name();
      const value = this.tagEnd(child) ? "" : (this.simpleLeaf(child) ?? this.content(child, depth + 1));
      fields ??= {};
      addField(fields, child, value);
      pos = this.pos;
    }
    if (fields === undefined) return text;
    if (text !== "" || sawCdata) malformed(`<${name}> mixes text with elements`, this.pos);
    return fields;
  }
}

/** The XML 1.0 declaration production (version, then optional encoding and standalone), nothing looser. */
const XML_DECLARATION =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/y;

/** Reads `<xml>…</xml>` into its child fields; CallbackXmlError on anything else. */
export function readXmlFields(input: string): RawFields {
  // XML end-of-line handling: every CR LF or lone CR reads as LF, inside CDATA too.
  const s = input.indexOf("\r") === -1 ? input : input.replace(/\r\n?/g, "\n");
  let pos = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (s.startsWith("<?xml", pos) && isSpace(s.charCodeAt(pos + 5))) {
    XML_DECLARATION.lastIndex = pos;
    if (!XML_DECLARATION.test(s)) malformed("invalid XML declaration", pos);
    pos = XML_DECLARATION.lastIndex;
  }
  pos = skipSpace(s, pos);
  if (s.startsWith("<!", pos)) refuseMarkupDeclaration(s, pos);
  if (!s.startsWith("<xml", pos)) {
    throw new CallbackXmlError("MALFORMED_XML", "callback XML must have a single <xml> root element");
  }
  const reader = new Reader(s);
  reader.pos = pos + 1;
  if (reader.name() !== "xml") {
    throw new CallbackXmlError("MALFORMED_XML", "callback XML must have a single <xml> root element");
  }
  const root = reader.tagEnd("xml") ? "" : reader.content("xml", 1);
  const after = skipSpace(s, reader.pos);
  if (after !== s.length) malformed("content after </xml>", after);
  if (typeof root === "string") {
    if (root === "") return {};
    malformed("text directly inside <xml>", pos);
  }
  return root as RawFields;
}
