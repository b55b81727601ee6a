// From the positioned syntax tree to the AST (names → ids against the corp's catalog), and the reverse check that an
// AST's ids all exist in the corp.
import type { SegmentExpr, SegmentTerm } from "../segments.ast.ts";
import type { CatalogIndex, IdKind } from "./catalog.ts";
import type { SegmentIssue } from "./errors.ts";
import type { NameField, RawExpr, RawTerm, RawValue } from "./parser.ts";

const ID_KIND: Partial<Record<NameField, IdKind>> = {
  tag: "tags",
  stage: "stages",
  channel: "channels",
  staff: "staff",
  store: "stores",
};

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function resolveTerm(t: RawTerm, index: CatalogIndex, issues: SegmentIssue[]): SegmentTerm {
  switch (t.term) {
    case "added": {
      const out: SegmentTerm = { term: "added" };
      if (t.fromIso) out.from = t.fromIso;
      if (t.toIso) out.to = t.toIso;
      return out;
    }
    case "lastOrder":
      return { term: "lastOrder", days: t.days };
    case "orderCount":
      return { term: "orderCount", cmp: t.cmp, value: t.value };
    case "totalSpent":
      return { term: "totalSpent", cmp: t.cmp, valueCents: t.valueCents };
    default: {
      const kind = ID_KIND[t.term];
      const ids = t.values.map((v: RawValue) => {
        if (!kind) return v.text;
        const r = index.resolve(kind, v);
        if ("issue" in r) {
          issues.push(r.issue);
          return v.text;
        }
        return r.id;
      });
      const vals = unique(ids);
      switch (t.term) {
        case "tag":
          return { term: "tag", match: t.match, tagIds: vals };
        case "stage":
          return { term: "stage", stages: vals };
        case "channel":
          return { term: "channel", states: vals };
        case "staff":
          return { term: "staff", userids: vals };
        case "store":
          return { term: "store", storeIds: vals };
        case "city":
          return { term: "city", cities: vals };
        case "category":
          return { term: "category", categories: vals };
        case "activity":
          return { term: "activity", activities: vals };
      }
    }
  }
}

/** Resolves every name; returns all unknown/ambiguous names at once. */
export function resolveRaw(
  raw: RawExpr,
  index: CatalogIndex,
): { expr: SegmentExpr } | { issues: SegmentIssue[] } {
  const issues: SegmentIssue[] = [];
  const walk = (e: RawExpr): SegmentExpr => {
    if (e.op === "term") return resolveTerm(e.term, index, issues);
    if (e.op === "not") return { op: "not", arg: walk(e.arg) };
    return { op: e.op, args: e.args.map(walk) };
  };
  const expr = walk(raw);
  return issues.length ? { issues } : { expr };
}

/** Ids in an AST that the corp does not have (another corp's tags, deleted stores…), with their JSON Pointers. */
export function checkIds(expr: SegmentExpr, index: CatalogIndex, base = ""): SegmentIssue[] {
  const issues: SegmentIssue[] = [];
  const check = (kind: IdKind, ids: string[], path: string) => {
    ids.forEach((id, i) => {
      if (!index.item(kind, id)) {
        issues.push({
          path: `${path}/${i}`,
          kind: "unknown_name",
          message: `unknown ${kind.replace(/s$/, "")} id ${id}`,
          found: id,
        });
      }
    });
  };
  const walk = (e: SegmentExpr, path: string): void => {
    if ("op" in e) {
      if (e.op === "not") walk(e.arg, `${path}/arg`);
      else for (const [i, a] of e.args.entries()) walk(a, `${path}/args/${i}`);
      return;
    }
    const ids: Partial<Record<SegmentTerm["term"], [IdKind, string[], string]>> = {
      tag: e.term === "tag" ? ["tags", e.tagIds, "tagIds"] : undefined,
      stage: e.term === "stage" ? ["stages", e.stages, "stages"] : undefined,
      channel: e.term === "channel" ? ["channels", e.states, "states"] : undefined,
      staff: e.term === "staff" ? ["staff", e.userids, "userids"] : undefined,
      store: e.term === "store" ? ["stores", e.storeIds, "storeIds"] : undefined,
    };
    const hit = ids[e.term];
    if (hit) check(hit[0], hit[1], `${path}/${hit[2]}`);
  };
  walk(expr, base);
  return issues;
}
