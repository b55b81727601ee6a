// A recursive-descent parser from segment text to a positioned syntax tree whose names are not yet resolved.
//   expr    := and (OR and)*
//   and     := unary ((AND)? unary)*            -- juxtaposition means AND
//   unary   := (NOT | "!") unary | "(" expr ")" | term
//   term    := listField ":" values | numField cmp number | lastOrder ("<=" | ":") days | added ":" range
//   values  := value ("," value)* | (ANY | ALL) "(" value ("," value)* ")"
//   value   := "#"? (word | string)
import type { Comparison } from "../segments.ast.ts";
import { SegmentSyntaxError } from "./errors.ts";
import { type Token, tokenize } from "./lexer.ts";
import { FIELD_LIST, type Field, fieldOf, keywordOf } from "./syntax.ts";

export interface Span {
  from: number;
  to: number;
}

export interface RawValue extends Span {
  text: string;
  /** Written as `#id`: an id, not a name. */
  id: boolean;
}

export type NameField = "tag" | "stage" | "channel" | "staff" | "store" | "city" | "category" | "activity";

export type RawTerm = Span &
  (
    | { term: NameField; match: "any" | "all"; values: RawValue[] }
    | { term: "added"; fromIso?: string; toIso?: string }
    | { term: "lastOrder"; days: number }
    | { term: "orderCount"; cmp: Comparison; value: number }
    | { term: "totalSpent"; cmp: Comparison; valueCents: number }
  );

export type RawExpr =
  | (Span & { op: "and" | "or"; args: RawExpr[] })
  | (Span & { op: "not"; arg: RawExpr })
  | (Span & { op: "term"; term: RawTerm });

export interface ParseOptions {
  /** Offset of the corp's local time for dates (minutes east of UTC); default +08:00. */
  offsetMinutes?: number;
}

const NAME_FIELDS = new Set<Field>([
  "tag",
  "stage",
  "channel",
  "staff",
  "store",
  "city",
  "category",
  "activity",
]);

function describe(t: Token): string {
  if (t.kind === "eof") return "end of text";
  if (t.kind === "string") return `"${t.value}"`;
  return `'${t.value}'`;
}

export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** "YYYY-MM-DD" plus `days` days, or undefined when not a real date. */
export function addDays(date: string, days: number): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

class Parser {
  private pos = 0;
  private readonly offset: string;
  constructor(
    private readonly tokens: Token[],
    options: ParseOptions,
  ) {
    this.offset = offsetText(options.offsetMinutes ?? 480);
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }
  private fail(t: Token, expected: string[], message?: string): never {
    const msg = message ?? `expected ${expected.join(" or ")} but found ${describe(t)}`;
    const to = t.kind === "eof" ? t.from : t.to;
    throw new SegmentSyntaxError(msg, t.from, to, expected, describe(t));
  }
  private isKeyword(t: Token, k: string): boolean {
    return t.kind === "word" && keywordOf(t.value) === k;
  }

  parseAll(): RawExpr {
    if (this.peek().kind === "eof")
      this.fail(
        this.peek(),
        ["a condition such as tag:VIP"],
        "the segment is empty: expected a condition such as tag:VIP",
      );
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== "eof") {
      if (t.kind === "rparen")
        this.fail(t, ["and", "or", "end of text"], `unmatched ')': expected and, or or the end of the text`);
      this.fail(t, ["and", "or", "end of text"]);
    }
    return e;
  }

  private parseOr(): RawExpr {
    const first = this.parseAnd();
    const args = [first];
    while (this.isKeyword(this.peek(), "or")) {
      this.next();
      args.push(this.parseAnd());
    }
    if (args.length === 1) return first;
    return { op: "or", args, from: first.from, to: (args[args.length - 1] as RawExpr).to };
  }

  private startsUnary(t: Token): boolean {
    if (t.kind === "lparen" || t.kind === "bang") return true;
    if (t.kind !== "word") return false;
    const k = keywordOf(t.value);
    return k === undefined || k === "not";
  }

  private parseAnd(): RawExpr {
    const first = this.parseUnary();
    const args = [first];
    for (;;) {
      const t = this.peek();
      if (this.isKeyword(t, "and")) {
        this.next();
        args.push(this.parseUnary());
      } else if (this.startsUnary(t)) {
        args.push(this.parseUnary());
      } else break;
    }
    if (args.length === 1) return first;
    return { op: "and", args, from: first.from, to: (args[args.length - 1] as RawExpr).to };
  }

  private parseUnary(): RawExpr {
    const t = this.peek();
    if (t.kind === "bang" || this.isKeyword(t, "not")) {
      this.next();
      const arg = this.parseUnary();
      return { op: "not", arg, from: t.from, to: arg.to };
    }
    if (t.kind === "lparen") {
      this.next();
      if (this.peek().kind === "rparen")
        this.fail(this.peek(), ["a condition"], "empty parentheses: expected a condition");
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== "rparen")
        this.fail(
          close,
          ["')'", "and", "or"],
          `expected ')' to close the '(' at ${t.from} but found ${describe(close)}`,
        );
      this.next();
      return { ...inner, from: t.from, to: close.to } as RawExpr;
    }
    if (t.kind !== "word") this.fail(t, ["a field such as tag:", "'('", "not"]);
    const field = fieldOf(t.value);
    if (!field) {
      this.fail(t, [FIELD_LIST], `unknown field ${describe(t)}: expected one of ${FIELD_LIST}, '(' or not`);
    }
    this.next();
    const term = this.parseTerm(field, t);
    return { op: "term", term, from: term.from, to: term.to };
  }

  private expectColon(field: Token): void {
    const t = this.peek();
    if (t.kind !== "colon")
      this.fail(t, ["':'"], `expected ':' after ${field.value} but found ${describe(t)}`);
    this.next();
  }

  private parseTerm(field: Field, head: Token): RawTerm {
    if (NAME_FIELDS.has(field)) {
      this.expectColon(head);
      const { match, values, to } = this.parseValues(field === "tag");
      return { term: field as NameField, match, values, from: head.from, to };
    }
    if (field === "added") {
      this.expectColon(head);
      return this.parseRange(head);
    }
    if (field === "lastOrder") {
      const op = this.peek();
      if (!(op.kind === "colon" || (op.kind === "cmp" && op.value === "<="))) {
        this.fail(
          op,
          ["'<='"],
          `expected '<=' after ${head.value} (last order within N days), e.g. lastOrder<=30d, but found ${describe(op)}`,
        );
      }
      this.next();
      const n = this.peek();
      const m = n.kind === "word" ? /^(\d{1,5})(d|天|days?)?$/i.exec(n.value) : null;
      if (!m) this.fail(n, ["a number of days such as 30d"]);
      this.next();
      return { term: "lastOrder", days: Number(m[1]), from: head.from, to: n.to };
    }
    // orderCount, totalSpent
    const op = this.peek();
    if (op.kind !== "cmp" && op.kind !== "colon")
      this.fail(
        op,
        ["a comparison (<, <=, =, >=, >)"],
        `expected a comparison (<, <=, =, >=, >) after ${head.value} but found ${describe(op)}`,
      );
    this.next();
    const cmp = (op.kind === "colon" ? "=" : op.value) as Comparison;
    const n = this.peek();
    if (field === "orderCount") {
      if (n.kind !== "word" || !/^\d{1,9}$/.test(n.value)) this.fail(n, ["a whole number"]);
      this.next();
      return { term: "orderCount", cmp, value: Number(n.value), from: head.from, to: n.to };
    }
    const m = n.kind === "word" ? /^(\d{1,13})(?:\.(\d{1,2}))?(元|yuan)?$/i.exec(n.value) : null;
    if (!m) this.fail(n, ["an amount in yuan such as 300 or 99.5"]);
    this.next();
    const cents = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
    return { term: "totalSpent", cmp, valueCents: cents, from: head.from, to: n.to };
  }

  private parseValue(): RawValue {
    const t = this.peek();
    if (t.kind === "hash") {
      this.next();
      const v = this.peek();
      if (v.kind !== "word" && v.kind !== "string") this.fail(v, ["an id after '#'"]);
      this.next();
      return { text: v.value, id: true, from: t.from, to: v.to };
    }
    if (t.kind !== "word" && t.kind !== "string") this.fail(t, ['a name or a quoted "name"']);
    if (t.kind === "string" && t.value.trim() === "") this.fail(t, ["a name"], "empty name: expected a name");
    this.next();
    return { text: t.value, id: false, from: t.from, to: t.to };
  }

  private parseValues(allowAll: boolean): { match: "any" | "all"; values: RawValue[]; to: number } {
    const t = this.peek();
    const k = t.kind === "word" ? keywordOf(t.value) : undefined;
    if ((k === "any" || k === "all") && this.tokens[this.pos + 1]?.kind === "lparen") {
      if (k === "all" && !allowAll)
        this.fail(t, ["a name", "any("], `all(...) applies to tags only; use any(...) or a list a,b`);
      this.next();
      this.next();
      const values = [this.parseValue()];
      while (this.peek().kind === "comma") {
        this.next();
        values.push(this.parseValue());
      }
      const close = this.peek();
      if (close.kind !== "rparen") this.fail(close, ["','", "')'"]);
      this.next();
      return { match: k, values, to: close.to };
    }
    const values = [this.parseValue()];
    while (this.peek().kind === "comma") {
      this.next();
      values.push(this.parseValue());
    }
    return { match: "any", values, to: (values[values.length - 1] as RawValue).to };
  }

  /** A date (a whole day in local time) or a quoted ISO instant. `end`: the day is included, so the bound is the next midnight. */
  private parseBound(end: boolean): { iso: string; to: number } | undefined {
    const t = this.peek();
    if (t.kind !== "string" && !(t.kind === "word" && /^\d{4}-/.test(t.value))) return undefined;
    this.next();
    const day = end ? addDays(t.value, 1) : addDays(t.value, 0);
    if (day) return { iso: `${day}T00:00:00${this.offset}`, to: t.to };
    if (
      t.kind === "string" &&
      /^\d{4}-\d{2}-\d{2}T/.test(t.value) &&
      !Number.isNaN(Date.parse(t.value)) &&
      /(Z|[+-]\d{2}:\d{2})$/.test(t.value)
    ) {
      return { iso: t.value, to: t.to };
    }
    this.fail(
      t,
      ["a date YYYY-MM-DD", "a quoted ISO instant"],
      `expected a date like 2026-11-01 or a quoted instant like "2026-11-01T10:00:00+08:00" but found ${describe(t)}`,
    );
  }

  private parseRange(head: Token): RawTerm {
    const start = this.peek();
    const from = start.kind === "range" ? undefined : this.parseBound(false);
    if (!from && start.kind !== "range") this.fail(start, ["a date YYYY-MM-DD", "'..'"]);
    if (this.peek().kind !== "range") {
      const day = addDays(start.value, 1);
      if (!day) {
        this.fail(
          this.peek(),
          ["'..'"],
          `expected '..' after the start of the range, e.g. added:${start.value}..`,
        );
      }
      return {
        term: "added",
        fromIso: from?.iso,
        toIso: `${day}T00:00:00${this.offset}`,
        from: head.from,
        to: start.to,
      };
    }
    const dots = this.next();
    const to = this.parseBound(true);
    const term: RawTerm = { term: "added", from: head.from, to: to?.to ?? dots.to };
    if (from) term.fromIso = from.iso;
    if (to) term.toIso = to.iso;
    if (term.fromIso && term.toIso && Date.parse(term.fromIso) >= Date.parse(term.toIso)) {
      throw new SegmentSyntaxError(
        "the range ends before it starts",
        start.from,
        term.to,
        ["an end after the start"],
        "",
      );
    }
    return term;
  }
}

/** Parses segment text; throws SegmentSyntaxError with the range and what was expected. */
export function parseSegmentText(text: string, options: ParseOptions = {}): RawExpr {
  return new Parser(tokenize(text), options).parseAll();
}
