// The JSON AST's zod schema: what an API caller may send as `expr`. Issues carry the JSON Pointer of the offending
// part (e.g. "/expr/args/1/tagIds/0").
import { z } from "zod";
import type { SegmentExpr } from "../segments.ast.ts";

const MAX_VALUES = 200;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const name = z.string().trim().min(1, "must not be empty").max(200);
const list = (what: string) =>
  z.array(name).min(1, `needs at least one ${what}`).max(MAX_VALUES, `at most ${MAX_VALUES} ${what}s`);
const instant = z
  .string()
  .regex(ISO_INSTANT, "must be an ISO 8601 instant with an offset, e.g. 2026-11-01T00:00:00+08:00")
  .refine((s) => !Number.isNaN(Date.parse(s)), "is not a real date");
const comparison = z.enum(["<", "<=", "=", ">=", ">"]);
const count = z.number().int("must be a whole number").min(0).max(1_000_000_000);

export const segmentTermSchema = z.discriminatedUnion("term", [
  z.strictObject({ term: z.literal("tag"), match: z.enum(["any", "all"]), tagIds: list("tag id") }),
  z.strictObject({ term: z.literal("stage"), stages: list("stage key") }),
  z.strictObject({ term: z.literal("channel"), states: list("channel state") }),
  z.strictObject({ term: z.literal("staff"), userids: list("userid") }),
  z.strictObject({ term: z.literal("store"), storeIds: list("store id") }),
  z.strictObject({ term: z.literal("city"), cities: list("city") }),
  z
    .strictObject({ term: z.literal("added"), from: instant.optional(), to: instant.optional() })
    .refine((t) => !t.from || !t.to || Date.parse(t.from) < Date.parse(t.to), {
      message: "`from` must be before `to`",
      path: ["to"],
    }),
  z.strictObject({
    term: z.literal("lastOrder"),
    days: z.number().int("must be a whole number").min(0).max(36_500),
  }),
  z.strictObject({ term: z.literal("orderCount"), cmp: comparison, value: count }),
  z.strictObject({
    term: z.literal("totalSpent"),
    cmp: comparison,
    valueCents: z.number().int().min(0).max(1e15),
  }),
  z.strictObject({ term: z.literal("category"), categories: list("category") }),
  z.strictObject({ term: z.literal("activity"), activities: list("activity") }),
]);

export const segmentExprSchema: z.ZodType<SegmentExpr> = z.lazy(() =>
  z.union([
    z.strictObject({
      op: z.enum(["and", "or"]),
      args: z.array(segmentExprSchema).min(2, "and/or needs two or more parts").max(100),
    }),
    z.strictObject({ op: z.literal("not"), arg: segmentExprSchema }),
    segmentTermSchema,
  ]),
) as z.ZodType<SegmentExpr>;

export interface ExprIssue {
  /** JSON Pointer below the given base, e.g. "/expr/args/0/tagIds". */
  path: string;
  message: string;
}

const MAX_DEPTH = 32;

function depth(v: unknown, d = 0): number {
  if (d > MAX_DEPTH || v === null || typeof v !== "object") return d;
  const o = v as { args?: unknown; arg?: unknown };
  if (Array.isArray(o.args)) return Math.max(d, ...o.args.map((a) => depth(a, d + 1)));
  if (o.arg !== undefined) return depth(o.arg, d + 1);
  return d;
}

/** Validates an untrusted JSON AST. A union's issues are reported at the deepest part that fails. */
export function validateExpr(
  input: unknown,
  base = "",
): { ok: true; expr: SegmentExpr } | { ok: false; issues: ExprIssue[] } {
  if (depth(input) > MAX_DEPTH) {
    return { ok: false, issues: [{ path: base || "/", message: `nested deeper than ${MAX_DEPTH} levels` }] };
  }
  const issues: ExprIssue[] = [];
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      issues.push({ path, message: "must be an object with `op` (and/or/not) or `term`" });
      return;
    }
    const o = v as Record<string, unknown>;
    if ("op" in o) {
      if (o.op === "not") {
        const extra = Object.keys(o).filter((k) => k !== "op" && k !== "arg");
        if (extra.length) issues.push({ path, message: `unknown key ${extra.join(", ")}` });
        if (o.arg === undefined) issues.push({ path: `${path}/arg`, message: "is required" });
        else walk(o.arg, `${path}/arg`);
        return;
      }
      if (o.op === "and" || o.op === "or") {
        const extra = Object.keys(o).filter((k) => k !== "op" && k !== "args");
        if (extra.length) issues.push({ path, message: `unknown key ${extra.join(", ")}` });
        if (!Array.isArray(o.args)) {
          issues.push({ path: `${path}/args`, message: "must be an array of two or more parts" });
          return;
        }
        if (o.args.length < 2)
          issues.push({ path: `${path}/args`, message: "and/or needs two or more parts" });
        if (o.args.length > 100) issues.push({ path: `${path}/args`, message: "at most 100 parts" });
        for (const [i, a] of o.args.entries()) walk(a, `${path}/args/${i}`);
        return;
      }
      issues.push({ path: `${path}/op`, message: "must be and, or or not" });
      return;
    }
    const r = segmentTermSchema.safeParse(v);
    if (!r.success) {
      for (const i of r.error.issues) {
        const sub = i.path.map((p) => `/${String(p)}`).join("");
        issues.push({ path: `${path}${sub}`, message: i.message });
      }
    }
  };
  walk(input, base);
  if (issues.length) return { ok: false, issues };
  return { ok: true, expr: segmentExprSchema.parse(input) };
}
