// The segment language: text ⇄ AST against a corp's catalog, and JSON AST validation.
import type { SegmentExpr } from "../segments.ast.ts";
import { validateExpr } from "./ast.schema.ts";
import { CatalogIndex, type SegmentCatalog } from "./catalog.ts";
import { type SegmentIssue, SegmentSyntaxError } from "./errors.ts";
import { type ParseOptions, parseSegmentText } from "./parser.ts";
import { type PrintOptions, printSegment } from "./printer.ts";
import { checkIds, resolveRaw } from "./resolve.ts";

export { validateExpr } from "./ast.schema.ts";
export { CatalogIndex, type CatalogItem, type SegmentCatalog } from "./catalog.ts";
export type { SegmentIssue } from "./errors.ts";
export { parseSegmentText } from "./parser.ts";
export { printSegment } from "./printer.ts";
export type { Lang } from "./syntax.ts";

export type LangResult = { ok: true; expr: SegmentExpr } | { ok: false; issues: SegmentIssue[] };

/** Text → AST: syntax first (one error), then every unknown or ambiguous name. */
export function textToExpr(
  text: string,
  catalog: SegmentCatalog | CatalogIndex,
  options: ParseOptions = {},
): LangResult {
  const index = catalog instanceof CatalogIndex ? catalog : new CatalogIndex(catalog);
  let raw: ReturnType<typeof parseSegmentText>;
  try {
    raw = parseSegmentText(text, options);
  } catch (err) {
    if (err instanceof SegmentSyntaxError) return { ok: false, issues: [err.issue()] };
    throw err;
  }
  const r = resolveRaw(raw, index);
  if ("issues" in r) return { ok: false, issues: r.issues };
  const checked = validateExpr(r.expr);
  if (!checked.ok) {
    return {
      ok: false,
      issues: checked.issues.map((i) => ({
        path: "/text",
        kind: "invalid_value",
        message: i.message,
        from: 0,
        to: text.length,
      })),
    };
  }
  return { ok: true, expr: checked.expr };
}

/** An untrusted JSON AST → a valid AST whose ids all belong to the corp. Issues point below `base`. */
export function checkExpr(
  input: unknown,
  catalog: SegmentCatalog | CatalogIndex,
  base = "/expr",
): LangResult {
  const index = catalog instanceof CatalogIndex ? catalog : new CatalogIndex(catalog);
  const v = validateExpr(input, base);
  if (!v.ok) return { ok: false, issues: v.issues.map((i) => ({ ...i, kind: "schema" as const })) };
  const unknown = checkIds(v.expr, index, base);
  return unknown.length ? { ok: false, issues: unknown } : { ok: true, expr: v.expr };
}

export function exprToText(
  expr: SegmentExpr,
  catalog: SegmentCatalog | CatalogIndex,
  options: PrintOptions = {},
): string {
  const index = catalog instanceof CatalogIndex ? catalog : new CatalogIndex(catalog);
  return printSegment(expr, index, options);
}
