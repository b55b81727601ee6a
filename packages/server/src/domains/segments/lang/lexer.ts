// Splits segment text into tokens with their character ranges (UTF-16 offsets, as JavaScript strings index).
import { SegmentSyntaxError } from "./errors.ts";
import { COMPARISONS, SPECIAL } from "./syntax.ts";

export type TokenKind =
  | "word"
  | "string"
  | "lparen"
  | "rparen"
  | "comma"
  | "colon"
  | "cmp"
  | "range"
  | "hash"
  | "bang"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** The value: a word or string's content, a comparison's canonical form. */
  value: string;
  from: number;
  to: number;
}

const SINGLE: Record<string, TokenKind> = {
  "(": "lparen",
  "（": "lparen",
  ")": "rparen",
  "）": "rparen",
  ",": "comma",
  "，": "comma",
  ":": "colon",
  "：": "colon",
  "#": "hash",
  "!": "bang",
  "！": "bang",
};

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const from = i;
    const single = SINGLE[ch];
    if (single) {
      out.push({ kind: single, value: ch, from, to: ++i });
      continue;
    }
    if (ch === "." && text[i + 1] === ".") {
      i += 2;
      out.push({ kind: "range", value: "..", from, to: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "==") {
      i += 2;
      out.push({ kind: "cmp", value: COMPARISONS[two] as string, from, to: i });
      continue;
    }
    if (COMPARISONS[ch]) {
      out.push({ kind: "cmp", value: COMPARISONS[ch] as string, from, to: ++i });
      continue;
    }
    if (ch === '"' || ch === "“") {
      const close = ch === '"' ? '"' : "”";
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new SegmentSyntaxError(
            `unterminated string: expected a closing ${close}`,
            from,
            text.length,
            [close],
            "end of text",
          );
        }
        const c = text[i] as string;
        if (c === close) {
          i++;
          break;
        }
        if (c === "\\" && close === '"' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      out.push({ kind: "string", value, from, to: i });
      continue;
    }
    if (ch === "”") {
      throw new SegmentSyntaxError("unexpected ” without an opening “", from, from + 1, ["a value"], "”");
    }
    while (i < text.length) {
      const c = text[i] as string;
      if (/\s/u.test(c) || SPECIAL.has(c) || (c === "." && text[i + 1] === ".")) break;
      i++;
    }
    out.push({ kind: "word", value: text.slice(from, i), from, to: i });
  }
  out.push({ kind: "eof", value: "", from: text.length, to: text.length });
  return out;
}
