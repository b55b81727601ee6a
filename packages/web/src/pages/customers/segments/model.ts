// The visual builder's tree (groups of AND/OR, each node optionally negated) and its conversion to and from the
// segment AST, with the AST path of every node so server errors can be shown at the right row.
import type { SegmentExpr, SegmentTerm } from "../../../api/index.ts";

export interface BuilderRow {
  kind: "row";
  key: string;
  negate: boolean;
  term: SegmentTerm;
}

export interface BuilderGroup {
  kind: "group";
  key: string;
  negate: boolean;
  op: "and" | "or";
  children: BuilderNode[];
}

export type BuilderNode = BuilderRow | BuilderGroup;

let nextKey = 0;
export const newKey = () => `n${++nextKey}`;

export type TermKind = SegmentTerm["term"];

export const TERM_KINDS: TermKind[] = [
  "tag",
  "stage",
  "channel",
  "staff",
  "store",
  "city",
  "added",
  "lastOrder",
  "orderCount",
  "totalSpent",
  "category",
  "activity",
];

export function emptyTerm(kind: TermKind): SegmentTerm {
  switch (kind) {
    case "tag":
      return { term: "tag", match: "any", tagIds: [] };
    case "stage":
      return { term: "stage", stages: [] };
    case "channel":
      return { term: "channel", states: [] };
    case "staff":
      return { term: "staff", userids: [] };
    case "store":
      return { term: "store", storeIds: [] };
    case "city":
      return { term: "city", cities: [] };
    case "added":
      return { term: "added" };
    case "lastOrder":
      return { term: "lastOrder", days: 30 };
    case "orderCount":
      return { term: "orderCount", cmp: ">=", value: 1 };
    case "totalSpent":
      return { term: "totalSpent", cmp: ">=", valueCents: 10000 };
    case "category":
      return { term: "category", categories: [] };
    case "activity":
      return { term: "activity", activities: [] };
  }
}

export const emptyRoot = (): BuilderGroup => ({
  kind: "group",
  key: newKey(),
  negate: false,
  op: "and",
  children: [],
});

function node(expr: SegmentExpr, negate: boolean): BuilderNode {
  if ("op" in expr) {
    if (expr.op === "not") return node(expr.arg, !negate);
    return {
      kind: "group",
      key: newKey(),
      negate,
      op: expr.op,
      children: expr.args.map((a) => node(a, false)),
    };
  }
  return { kind: "row", key: newKey(), negate, term: expr };
}

/** The builder tree for an AST (the root is always a group). */
export function fromExpr(expr: SegmentExpr | null | undefined): BuilderGroup {
  if (!expr) return emptyRoot();
  const n = node(expr, false);
  if (n.kind === "group") return n;
  return { kind: "group", key: newKey(), negate: false, op: "and", children: [n] };
}

/** Whether a term has every value it needs (empty lists are not sent). */
export function complete(t: SegmentTerm): boolean {
  switch (t.term) {
    case "tag":
      return t.tagIds.length > 0;
    case "stage":
      return t.stages.length > 0;
    case "channel":
      return t.states.length > 0;
    case "staff":
      return t.userids.length > 0;
    case "store":
      return t.storeIds.length > 0;
    case "city":
      return t.cities.length > 0;
    case "category":
      return t.categories.length > 0;
    case "activity":
      return t.activities.length > 0;
    default:
      return true;
  }
}

interface Built {
  expr: SegmentExpr;
  assign: (path: string, paths: Map<string, string>) => void;
}

function build(n: BuilderNode): Built | null {
  let inner: Built | null;
  if (n.kind === "row") {
    if (!complete(n.term)) return null;
    const expr = n.term;
    inner = { expr, assign: (path, paths) => paths.set(path, n.key) };
  } else {
    const parts = n.children.map(build).filter((b): b is Built => b !== null);
    if (parts.length === 0) return null;
    if (parts.length === 1) inner = parts[0] as Built;
    else {
      inner = {
        expr: { op: n.op, args: parts.map((p) => p.expr) },
        assign: (path, paths) => {
          paths.set(path, n.key);
          parts.forEach((p, i) => {
            p.assign(`${path}/args/${i}`, paths);
          });
        },
      };
    }
  }
  if (!n.negate) return inner;
  const arg = inner;
  return {
    expr: { op: "not", arg: arg.expr },
    assign: (path, paths) => {
      paths.set(path, n.key);
      arg.assign(`${path}/arg`, paths);
    },
  };
}

/** The AST of the builder (null when nothing is complete yet) and, per AST JSON path, the node it came from. */
export function toExpr(root: BuilderGroup): { expr: SegmentExpr | null; paths: Map<string, string> } {
  const paths = new Map<string, string>();
  const b = build(root);
  if (!b) return { expr: null, paths };
  b.assign("/expr", paths);
  return { expr: b.expr, paths };
}

/** The builder node an error path (e.g. "/expr/args/1/tagIds/0") points into: the longest known prefix. */
export function nodeForPath(paths: Map<string, string>, path: string): string | undefined {
  let p = path;
  for (;;) {
    const key = paths.get(p);
    if (key) return key;
    const cut = p.lastIndexOf("/");
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
}

/** A copy of the tree with `fn` applied to the node with `key`; fn returning null removes it. */
export function updateNode(
  root: BuilderGroup,
  key: string,
  fn: (n: BuilderNode) => BuilderNode | null,
): BuilderGroup {
  const walk = (n: BuilderNode): BuilderNode | null => {
    if (n.key === key) return fn(n);
    if (n.kind === "row") return n;
    return { ...n, children: n.children.map(walk).filter((c): c is BuilderNode => c !== null) };
  };
  return (walk(root) as BuilderGroup | null) ?? emptyRoot();
}

/** Local date "YYYY-MM-DD" (China time) → the AST's instant at that midnight. */
export const dayStart = (day: string) => `${day}T00:00:00+08:00`;

/** The day after a "YYYY-MM-DD". */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The local day of an instant (China time), e.g. for the date pickers. */
export function localDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}
