// AST → text, with names from the corp's catalog (ids only where a name would not read back as the same id).
// Parsing the printed text gives the same AST.
import type { SegmentExpr, SegmentTerm } from "../segments.ast.ts";
import type { CatalogIndex, IdKind } from "./catalog.ts";
import { addDays, offsetText } from "./parser.ts";
import { FIELD_NAMES, type Field, KEYWORD_NAMES, type Lang, quote } from "./syntax.ts";

export interface PrintOptions {
  lang?: Lang;
  /** The corp's UTC offset in minutes (dates are printed as local days when they are local midnights). */
  offsetMinutes?: number;
}

function money(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = cents % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

export function printSegment(expr: SegmentExpr, index: CatalogIndex, options: PrintOptions = {}): string {
  const lang = options.lang ?? "en";
  const offset = offsetText(options.offsetMinutes ?? 480);
  const kw = (k: keyof typeof KEYWORD_NAMES) => KEYWORD_NAMES[k][lang];
  const field = (f: Field) => FIELD_NAMES[f][lang];
  const midnight = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})T00:00:00${offset.replace("+", "\\+")}$`);

  const names = (kind: IdKind | undefined, values: string[]) =>
    values
      .map((v) => {
        if (!kind) return quote(v);
        const n = index.nameOf(kind, v);
        return n.id ? `#${quote(n.text)}` : quote(n.text);
      })
      .join(",");

  const bound = (iso: string, end: boolean): string => {
    const m = midnight.exec(iso);
    if (m) return end ? (addDays(m[1] as string, -1) as string) : (m[1] as string);
    return quote(iso);
  };

  const term = (t: SegmentTerm): string => {
    switch (t.term) {
      case "tag": {
        const list = names("tags", t.tagIds);
        return t.match === "all" ? `${field("tag")}:${kw("all")}(${list})` : `${field("tag")}:${list}`;
      }
      case "stage":
        return `${field("stage")}:${names("stages", t.stages)}`;
      case "channel":
        return `${field("channel")}:${names("channels", t.states)}`;
      case "staff":
        return `${field("staff")}:${names("staff", t.userids)}`;
      case "store":
        return `${field("store")}:${names("stores", t.storeIds)}`;
      case "city":
        return `${field("city")}:${names(undefined, t.cities)}`;
      case "category":
        return `${field("category")}:${names(undefined, t.categories)}`;
      case "activity":
        return `${field("activity")}:${names(undefined, t.activities)}`;
      case "added": {
        const f = t.from !== undefined ? midnight.exec(t.from) : null;
        const to = t.to !== undefined ? midnight.exec(t.to) : null;
        if (f && to && addDays(f[1] as string, 1) === to[1]) return `${field("added")}:${f[1]}`;
        const a = t.from !== undefined ? bound(t.from, false) : "";
        const b = t.to !== undefined ? bound(t.to, true) : "";
        return `${field("added")}:${a}..${b}`;
      }
      case "lastOrder":
        return `${field("lastOrder")}<=${t.days}${lang === "zh" ? "天" : "d"}`;
      case "orderCount":
        return `${field("orderCount")}${t.cmp}${t.value}`;
      case "totalSpent":
        return `${field("totalSpent")}${t.cmp}${money(t.valueCents)}`;
    }
  };

  const walk = (e: SegmentExpr, top: boolean): string => {
    if (!("op" in e)) return term(e);
    if (e.op === "not") return `${kw("not")} ${walk(e.arg, false)}`;
    const body = e.args.map((a) => walk(a, false)).join(` ${kw(e.op)} `);
    return top ? body : `(${body})`;
  };
  return walk(expr, true);
}
