// The strict callback XML reader against fast-xml-parser (how this package read callbacks before): generated
// documents must read the same field for field, and malformed or hostile bodies must be refused whole with the
// right code. Documents come from a seeded generator, so a failure reproduces.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { callbackEventFromFields, parseCallbackEvent } from "./events.ts";
import { CallbackXmlError, type CallbackXmlErrorCode } from "./xml-error.ts";
import { type RawFields, type RawValue, readXmlFields } from "./xml-reader.ts";

const PUSH = fileURLToPath(new URL("../../test/samples/push", import.meta.url));
const SAMPLES = readdirSync(PUSH)
  .filter((f) => f.endsWith(".xml"))
  .map((f) => [f, readFileSync(join(PUSH, f), "utf8")] as const);

// The options the package used, plus htmlEntities so numeric character references decode as they now do.
const fxp = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === "Item",
});

/** fast-xml-parser's reading of `<xml>`'s fields, or undefined when it refuses the document. */
function reference(xml: string): RawFields | undefined {
  if (XMLValidator.validate(xml) !== true) return undefined;
  try {
    const root = (fxp.parse(xml) as { xml?: unknown }).xml;
    if (root === "") return {};
    return typeof root === "object" && root !== null && !Array.isArray(root)
      ? (root as RawFields)
      : undefined;
  } catch {
    return undefined;
  }
}

function refusal(xml: string): CallbackXmlError {
  try {
    readXmlFields(xml);
  } catch (err) {
    if (err instanceof CallbackXmlError) return err;
    throw new Error(`non-typed error ${String(err)} for ${JSON.stringify(xml.slice(0, 200))}`);
  }
  throw new Error(`accepted ${JSON.stringify(xml.slice(0, 200))}`);
}

// ---- a seeded generator of valid callback-shaped documents, each with the fields it must read as ----

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(private readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
}

const WECOM_NAMES = [
  "ToUserName",
  "FromUserName",
  "CreateTime",
  "MsgType",
  "Event",
  "ChangeType",
  "UserID",
  "ExternalUserID",
  "Content",
  "Location_X",
  "MemChangeList",
  "Item",
  "Item",
  "a:b",
  "x-y.z",
  "_u",
];
const START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
const REST = `${START}0123456789-.:`;

function name(g: Gen): string {
  if (g.chance(0.4)) return g.pick(WECOM_NAMES);
  for (;;) {
    let n = g.pick([...START]);
    for (let i = g.int(12); i > 0; i--) n += g.pick([...REST]);
    if (!(n in Object.prototype) && n !== "prototype") return n;
  }
}

const PIECES = [
  "a",
  "Z",
  "7",
  " ",
  "\t",
  "\n",
  "中",
  "文",
  "😀",
  "é",
  "<",
  ">",
  "&",
  '"',
  "'",
  "]",
  "]]",
  "[",
  "=",
  "/",
  "?",
  "!",
  "-",
  "#",
  ";",
  "\u3000",
  "\u00a0",
];

function plainText(g: Gen): string {
  let s = "";
  for (let i = g.int(12); i > 0; i--) s += g.pick(PIECES);
  return s;
}

/** Escapes text the ways a sender may; returns the XML and what it must read as before trimming. */
function textSegment(g: Gen): { xml: string; plain: string } {
  let xml = "";
  let plain = "";
  for (const ch of plainText(g)) {
    const cp = ch.codePointAt(0) ?? 0;
    let enc: string;
    if (ch === "<") enc = g.pick(["&lt;", "&#60;", "&#x3c;", "&#x3C;"]);
    else if (ch === "&") enc = g.pick(["&amp;", "&#38;", "&#x26;"]);
    else if (ch === ">") enc = xml.endsWith("]") ? "&gt;" : g.pick([">", "&gt;", "&#62;"]);
    else if (ch === '"') enc = g.pick(['"', "&quot;", "&#34;"]);
    else if (ch === "'") enc = g.pick(["'", "&apos;", "&#39;"]);
    else if (/\s/.test(ch) || g.chance(0.85)) enc = ch;
    else enc = g.chance(0.5) ? `&#${cp};` : `&#x${cp.toString(16)};`;
    xml += enc;
    plain += ch;
    if (g.chance(0.03)) {
      // An undeclared reference reads as written: nothing is declared, so nothing expands.
      const ref = g.pick(["&lol;", "&xxe;", "&foo_1;"]);
      xml += ref;
      plain += ref;
    }
  }
  return { xml, plain };
}

function cdataSegment(g: Gen): { xml: string; plain: string } {
  const plain = plainText(g) + (g.chance(0.2) ? "]]>" : "") + plainText(g);
  return { xml: `<![CDATA[${plain.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`, plain };
}

/** An element's text content: plain text, CDATA, or both; text segments are trimmed one by one. */
function leaf(g: Gen): { xml: string; value: string } {
  const kind = g.int(6);
  if (kind === 0) return { xml: "", value: "" };
  if (kind <= 2) {
    const t = textSegment(g);
    return { xml: t.xml, value: t.plain.trim() };
  }
  if (kind <= 4) {
    const pad = (): string => (g.chance(0.3) ? g.pick(["\n    ", " ", "\t"]) : "");
    const c = cdataSegment(g);
    return { xml: pad() + c.xml + pad(), value: c.plain };
  }
  // Text and CDATA alternate: two text segments in a row would be one run, trimmed only at its ends.
  let xml = "";
  let value = "";
  let cdata = g.chance(0.5);
  for (let i = 2 + g.int(3); i > 0; i--, cdata = !cdata) {
    const seg = cdata ? cdataSegment(g) : textSegment(g);
    xml += seg.xml;
    value += cdata ? seg.plain : seg.plain.trim();
  }
  return { xml, value };
}

function add(fields: RawFields, key: string, value: RawValue): void {
  const prev = fields[key];
  if (prev === undefined) fields[key] = key === "Item" ? [value] : value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[key] = [prev, value];
}

/** `<name>…</name>` with leaf or nested content, and what it reads as. */
function element(g: Gen, depth: number, indent: string): { xml: string; value: RawValue; key: string } {
  const key = name(g);
  const open = g.chance(0.1) ? `<${key} >` : `<${key}>`;
  const close = g.chance(0.1) ? `</${key} >` : `</${key}>`;
  if (depth < 4 && g.chance(0.25)) {
    const inner = children(g, depth + 1, `${indent}  `);
    return { xml: `${open}${inner.xml}${indent}${close}`, value: inner.empty ? "" : inner.fields, key };
  }
  const content = leaf(g);
  if (content.xml === "" && g.chance(0.5)) {
    return { xml: g.chance(0.5) ? `<${key}/>` : `<${key} />`, value: "", key };
  }
  return { xml: `${open}${content.xml}${close}`, value: content.value, key };
}

function children(g: Gen, depth: number, indent: string): { xml: string; fields: RawFields; empty: boolean } {
  const fields: RawFields = {};
  const pretty = g.chance(0.5);
  let xml = "";
  const n = g.int(depth === 1 ? 14 : 4);
  for (let i = 0; i < n; i++) {
    const el = element(g, depth, pretty ? indent : "");
    xml += (pretty ? `\n${indent}  ` : "") + el.xml;
    add(fields, el.key, el.value);
  }
  if (pretty) xml += "\n";
  return { xml, fields, empty: n === 0 };
}

function document(g: Gen): { xml: string; fields: RawFields } {
  const root = children(g, 1, "");
  let xml = root.empty && g.chance(0.3) ? "<xml/>" : `${g.pick(["<xml>", "<xml >"])}${root.xml}</xml>`;
  if (g.chance(0.3)) {
    const decl = g.pick([
      '<?xml version="1.0"?>',
      '<?xml version="1.0" encoding="UTF-8"?>',
      "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>",
    ]);
    xml = decl + g.pick(["", "\n"]) + xml;
  }
  if (g.chance(0.05)) xml = `\uFEFF${xml}`;
  if (g.chance(0.2)) xml += "\n";
  // CR LF line ends read as LF everywhere, CDATA included, so the expected fields do not change.
  if (g.chance(0.1)) xml = xml.replaceAll("\n", "\r\n");
  return { xml, fields: root.fields };
}

describe("readXmlFields against fast-xml-parser", () => {
  it("reads every official push sample the same way, and the typed events built from them agree", () => {
    expect(SAMPLES.length).toBe(25);
    for (const [file, xml] of SAMPLES) {
      const ref = reference(xml);
      expect(ref, file).toBeDefined();
      expect(readXmlFields(xml), file).toEqual(ref);
      expect(parseCallbackEvent(xml), file).toEqual(callbackEventFromFields(ref as RawFields));
    }
  });

  it("reads 1,500 generated documents field for field as the generator built them and as fast-xml-parser does", () => {
    const g = new Gen(prng(20261122));
    for (let i = 0; i < 1500; i++) {
      const doc = document(g);
      expect(readXmlFields(doc.xml), doc.xml).toEqual(doc.fields);
      expect(reference(doc.xml), doc.xml).toEqual(doc.fields);
    }
  });

  it("never accepts a mutated document that fast-xml-parser refuses, nor reads one differently", () => {
    const g = new Gen(prng(7));
    const noise = [
      "<",
      ">",
      "/",
      "&",
      "!",
      "?",
      "[",
      "]",
      '"',
      "=",
      " ",
      "-",
      "#",
      ";",
      "x",
      "<!--",
      "<?",
      "</",
    ];
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      let xml = document(g).xml;
      for (let m = 1 + g.int(2); m > 0; m--) {
        const at = g.int(xml.length + 1);
        xml = g.chance(0.5)
          ? xml.slice(0, at) + g.pick(noise) + xml.slice(at)
          : xml.slice(0, at) + xml.slice(at + 1 + g.int(3));
      }
      let mine: RawFields | undefined;
      try {
        mine = readXmlFields(xml);
      } catch (err) {
        expect(err, xml).toBeInstanceOf(CallbackXmlError);
        refused++;
        continue;
      }
      expect(reference(xml), xml).toEqual(mine);
    }
    // Most mutations break the document; the test is only meaningful if many are refused.
    expect(refused).toBeGreaterThan(1000);
  });
});

describe("readXmlFields refuses malformed and hostile bodies", () => {
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><xml><Encrypt>&lol2;</Encrypt></xml>';
  const refused: [string, CallbackXmlErrorCode][] = [
    [bomb, "DOCTYPE_FORBIDDEN"],
    [
      '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>',
      "DOCTYPE_FORBIDDEN",
    ],
    ["<!doctype xml><xml><A>1</A></xml>", "DOCTYPE_FORBIDDEN"],
    ['<xml><!ENTITY a "b"><A>1</A></xml>', "DOCTYPE_FORBIDDEN"],
    ["<xml><A><!DOCTYPE x></A></xml>", "DOCTYPE_FORBIDDEN"],
    ["", "MALFORMED_XML"],
    ["   \n", "MALFORMED_XML"],
    ["not xml", "MALFORMED_XML"],
    ['{"Encrypt":"abc"}', "MALFORMED_XML"],
    ["<XML><A>1</A></XML>", "MALFORMED_XML"],
    ["<xmlx><A>1</A></xmlx>", "MALFORMED_XML"],
    ["<root><A>1</A></root>", "MALFORMED_XML"],
    ["<xml><A>1</A>", "MALFORMED_XML"],
    ["<xml><A>1</xml>", "MALFORMED_XML"],
    ["<xml><A>1</B></xml>", "MALFORMED_XML"],
    ["<xml><A>1</a></xml>", "MALFORMED_XML"],
    ["<xml><A>1</AB></xml>", "MALFORMED_XML"],
    ["<xml><AB>1</A></xml>", "MALFORMED_XML"],
    ["<xml><A>1</ A></xml>", "MALFORMED_XML"],
    ["<xml><A><B>1</A></B></xml>", "MALFORMED_XML"],
    ["<xml><A>1</A></xml>trailing", "MALFORMED_XML"],
    ["leading<xml><A>1</A></xml>", "MALFORMED_XML"],
    ["<xml><A>1</A></xml><xml><A>2</A></xml>", "MALFORMED_XML"],
    ["<xml>text</xml>", "MALFORMED_XML"],
    ["<xml>text<A>1</A></xml>", "MALFORMED_XML"],
    ["<xml><A>1</A>text</xml>", "MALFORMED_XML"],
    ["<xml><A>t<B>1</B></A></xml>", "MALFORMED_XML"],
    ["<xml><A><![CDATA[t]]><B>1</B></A></xml>", "MALFORMED_XML"],
    ["<xml><![CDATA[x]]></xml>", "MALFORMED_XML"],
    ['<xml><A x="1">v</A></xml>', "MALFORMED_XML"],
    ['<xml xmlns="urn:x"><A>v</A></xml>', "MALFORMED_XML"],
    ["<xml><A x>v</A></xml>", "MALFORMED_XML"],
    ["<xml><!-- note --><A>1</A></xml>", "MALFORMED_XML"],
    ["<!-- note --><xml><A>1</A></xml>", "MALFORMED_XML"],
    ["<xml><A>1</A></xml><!-- note -->", "MALFORMED_XML"],
    ["<xml><?pi data?><A>1</A></xml>", "MALFORMED_XML"],
    ["<?pi data?><xml><A>1</A></xml>", "MALFORMED_XML"],
    ['<?xml-stylesheet href="x"?><xml><A>1</A></xml>', "MALFORMED_XML"],
    [' <?xml version="1.0"?><xml><A>1</A></xml>', "MALFORMED_XML"],
    ['<?xml version="1.0"?><?xml version="1.0"?><xml><A>1</A></xml>', "MALFORMED_XML"],
    ['<?xml version="1.0"<xml><A>1</A></xml>', "MALFORMED_XML"],
    ['<?xml version="1.0" encoding=UTF-8"?><xml><A>1</A></xml>', "MALFORMED_XML"],
    ['<?xml version="1.0" junk?><xml><A>1</A></xml>', "MALFORMED_XML"],
    ["<xml><A>a & b</A></xml>", "MALFORMED_XML"],
    ["<xml><A>a &lt b</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#0;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#1;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#xD800;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#x110000;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#99999999999;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#x;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&#X41;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>& lt;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&foo.bar;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>&1a;</A></xml>", "MALFORMED_XML"],
    ["<xml><A>a < b</A></xml>", "MALFORMED_XML"],
    ["<xml><A><<B>1</B></A></xml>", "MALFORMED_XML"],
    ["<xml><1A>1</1A></xml>", "MALFORMED_XML"],
    ["<xml><-A>1</-A></xml>", "MALFORMED_XML"],
    ["<xml><名字>1</名字></xml>", "MALFORMED_XML"],
    ["<xml><A><![CDATA[unterminated</A></xml>", "MALFORMED_XML"],
    ["<xml><A><![CDATA[x]></A></xml>", "MALFORMED_XML"],
    ["<xml><A><![cdata[x]]></A></xml>", "MALFORMED_XML"],
    ["<xml><__proto__><polluted>1</polluted></__proto__></xml>", "MALFORMED_XML"],
    ["<xml><constructor><prototype>1</prototype></constructor></xml>", "MALFORMED_XML"],
    ["<xml><toString>1</toString></xml>", "MALFORMED_XML"],
    ["<xml><hasOwnProperty>1</hasOwnProperty></xml>", "MALFORMED_XML"],
    [`<xml>${"<A>".repeat(40)}1${"</A>".repeat(40)}</xml>`, "MALFORMED_XML"],
  ];

  it.each(refused)("%j → %s", (xml, code) => {
    expect(refusal(xml).code).toBe(code);
  });

  it("pollutes no prototype when refusing __proto__", () => {
    refusal("<xml><__proto__><polluted>1</polluted></__proto__></xml>");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses every truncation of every sample", () => {
    const accepted: string[] = [];
    for (const [file, xml] of SAMPLES) {
      for (let cut = 0; cut < xml.trimEnd().length; cut++) {
        try {
          readXmlFields(xml.slice(0, cut));
          accepted.push(`${file} cut at ${cut}`);
        } catch (err) {
          if (!(err instanceof CallbackXmlError)) accepted.push(`${file} cut at ${cut}: ${String(err)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it("refuses 64 KB of nesting or of unterminated markup quickly, without overflowing the stack", () => {
    const started = performance.now();
    expect(refusal(`<xml>${"<A>".repeat(20_000)}`).code).toBe("MALFORMED_XML");
    expect(refusal(`<xml><A>${"&lol;".repeat(13_000)}`).code).toBe("MALFORMED_XML");
    expect(refusal(`<xml><A><![CDATA[${"]".repeat(60_000)}`).code).toBe("MALFORMED_XML");
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("readXmlFields reads what WeCom sends", () => {
  it("keeps CDATA verbatim, including '<', '&', ']]' and a ']]>' split across sections", () => {
    expect(
      readXmlFields(
        "<xml><Content><![CDATA[ a<b & c]]d ]]]]><![CDATA[> &lt; ]]></Content><Empty><![CDATA[]]></Empty></xml>",
      ),
    ).toEqual({ Content: " a<b & c]]d ]]> &lt; ", Empty: "" });
  });

  it("reads markup-like text inside CDATA as text, so a chat message quoting a DOCTYPE is not refused", () => {
    const fields = readXmlFields(
      "<xml><MsgType>text</MsgType><Content><![CDATA[<!DOCTYPE html><!ENTITY x 'y'><!-- hi --><?pi?>]]></Content></xml>",
    );
    expect(fields.Content).toBe("<!DOCTYPE html><!ENTITY x 'y'><!-- hi --><?pi?>");
  });

  it("decodes the five entities and character references once each", () => {
    expect(
      readXmlFields(
        "<xml><A>&lt;&gt;&amp;&quot;&apos;</A><B>&amp;lt; &#38;gt; &#x4E2D;&#25991; &#x1F600;</B></xml>",
      ),
    ).toEqual({ A: "<>&\"'", B: "&lt; &gt; 中文 😀" });
  });

  it("reads lists as arrays, one item or many, and nested items as fields", () => {
    expect(
      readXmlFields(
        "<xml><MemChangeList><Item>a</Item></MemChangeList><ExtAttr><Item><Name>n1</Name></Item><Item><Name>n2</Name></Item></ExtAttr><Tag>x</Tag><Tag>y</Tag></xml>",
      ),
    ).toEqual({
      MemChangeList: { Item: ["a"] },
      ExtAttr: { Item: [{ Name: "n1" }, { Name: "n2" }] },
      Tag: ["x", "y"],
    });
  });
});
