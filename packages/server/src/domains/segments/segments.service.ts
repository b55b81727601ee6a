// Segments: preview (count + sample), saved segments with a count history, and member pages — within the caller's
// data scope for customers shown (a staff user sees only their own customers; counts are the corp's).
import { performance } from "node:perf_hooks";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Scope } from "../customers/customers.scope.ts";
import {
  CatalogIndex,
  checkExpr,
  exprToText,
  type Lang,
  type SegmentIssue,
  textToExpr,
} from "./lang/index.ts";
import type { SegmentCountSource } from "./saved-segments.tables.ts";
import type { SegmentExpr } from "./segments.ast.ts";
import { loadCatalog, SEGMENT_OFFSET_MINUTES } from "./segments.catalog.ts";
import { segmentCounter } from "./segments.counter.ts";
import * as repo from "./segments.repository.ts";

export const SAMPLE_SIZE = 20;

function invalid(issues: SegmentIssue[]): AppError {
  const first = issues[0];
  return new AppError("SEGMENT_INVALID", first ? first.message : "the segment is invalid", issues);
}

/** The AST from `expr` or `text` (exactly one), checked against the corp's catalog. */
export function exprFrom(
  index: CatalogIndex,
  input: { expr?: unknown; text?: string | undefined },
): SegmentExpr {
  const hasExpr = input.expr !== undefined && input.expr !== null;
  const hasText = input.text !== undefined;
  if (hasExpr === hasText) {
    throw invalid([
      { path: "/", kind: "schema", message: "send either `expr` (the JSON AST) or `text`, not both" },
    ]);
  }
  const r = hasText
    ? textToExpr(input.text as string, index, { offsetMinutes: SEGMENT_OFFSET_MINUTES })
    : checkExpr(input.expr, index, "/expr");
  if (!r.ok) throw invalid(r.issues);
  return r.expr;
}

function toText(expr: SegmentExpr, index: CatalogIndex, lang: Lang): string {
  return exprToText(expr, index, { lang, offsetMinutes: SEGMENT_OFFSET_MINUTES });
}

/** The expression narrowed to the customers a scope may see; null: none. */
function scoped(expr: SegmentExpr, scope: Scope): SegmentExpr | null {
  if (scope.kind === "corp") return expr;
  if (!scope.userid) return null;
  return { op: "and", args: [expr, { term: "staff", userids: [scope.userid] }] };
}

async function countAndSample(ctx: Ctx, corpId: string, expr: SegmentExpr, scope: Scope) {
  const counter = segmentCounter(ctx);
  const started = performance.now();
  const visible = scoped(expr, scope);
  const [count, ids] = await Promise.all([
    counter.count(corpId, expr),
    visible ? counter.sample(corpId, visible, SAMPLE_SIZE) : Promise.resolve([]),
  ]);
  const tookMs = Math.round((performance.now() - started) * 100) / 100;
  const userid = scope.kind === "member" ? (scope.userid ?? undefined) : undefined;
  const sample = await repo.customerCards(ctx.db, corpId, ids, userid);
  return { count, sample, tookMs, scope: scope.kind };
}

export async function preview(
  ctx: Ctx,
  input: { corpId: string; expr?: unknown; text?: string; lang: Lang },
  scope: Scope,
) {
  const index = new CatalogIndex(await loadCatalog(ctx.db, input.corpId));
  const expr = exprFrom(index, input);
  const r = await countAndSample(ctx, input.corpId, expr, scope);
  return { ...r, text: toText(expr, index, input.lang), expr };
}

function view(row: repo.SavedSegmentRow, index: CatalogIndex, lang: Lang) {
  return {
    id: String(row.id),
    corpId: row.corp_id,
    name: row.name,
    description: row.description,
    expr: row.expr,
    text: toText(row.expr, index, lang),
    lastCount: row.last_count === null ? null : Number(row.last_count),
    lastCountedAt: row.last_counted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function found(ctx: Ctx, corpId: string, id: string): Promise<repo.SavedSegmentRow> {
  const row = await repo.findSaved(ctx.db, corpId, id);
  if (!row) throw new AppError("SEGMENT_NOT_FOUND", `segment ${id} does not exist in corp ${corpId}`);
  return row;
}

/** Counts a saved segment (the corp's whole count) and records it in its history. */
export async function countSaved(
  ctx: Ctx,
  corpId: string,
  id: string,
  expr: SegmentExpr,
  source: SegmentCountSource,
): Promise<number> {
  const started = performance.now();
  const count = await segmentCounter(ctx).count(corpId, expr);
  const tookMs = Math.round((performance.now() - started) * 100) / 100;
  await repo.recordCount(ctx.db, corpId, id, count, source, tookMs, nowDate(ctx.clock));
  return count;
}

export async function listSegments(ctx: Ctx, corpId: string, lang: Lang) {
  const index = new CatalogIndex(await loadCatalog(ctx.db, corpId));
  return (await repo.listSaved(ctx.db, corpId)).map((r) => view(r, index, lang));
}

export async function getSegment(ctx: Ctx, corpId: string, id: string, lang: Lang) {
  const index = new CatalogIndex(await loadCatalog(ctx.db, corpId));
  return view(await found(ctx, corpId, id), index, lang);
}

interface SegmentInput {
  name: string;
  description?: string | null | undefined;
  expr?: unknown;
  text?: string | undefined;
}

async function checkName(ctx: Ctx, corpId: string, name: string, exceptId?: string): Promise<void> {
  if (await repo.nameTaken(ctx.db, corpId, name, exceptId)) {
    throw new AppError("SEGMENT_NAME_TAKEN", `a segment named ${name} already exists`, [
      { path: "/name", message: "another segment has this name" },
    ]);
  }
}

export async function createSegment(
  ctx: Ctx,
  corpId: string,
  input: SegmentInput,
  createdBy: string | null,
  lang: Lang,
) {
  const index = new CatalogIndex(await loadCatalog(ctx.db, corpId));
  const expr = exprFrom(index, input);
  await checkName(ctx, corpId, input.name);
  const id = await repo.insertSaved(ctx.db, {
    corpId,
    name: input.name,
    description: input.description ?? null,
    expr,
    createdBy,
    now: nowDate(ctx.clock),
  });
  await countSaved(ctx, corpId, id, expr, "save");
  return view(await found(ctx, corpId, id), index, lang);
}

export async function updateSegment(ctx: Ctx, corpId: string, id: string, input: SegmentInput, lang: Lang) {
  const index = new CatalogIndex(await loadCatalog(ctx.db, corpId));
  await found(ctx, corpId, id);
  const expr = exprFrom(index, input);
  await checkName(ctx, corpId, input.name, id);
  await repo.updateSaved(ctx.db, corpId, id, {
    name: input.name,
    description: input.description ?? null,
    expr,
    now: nowDate(ctx.clock),
  });
  await countSaved(ctx, corpId, id, expr, "save");
  return view(await found(ctx, corpId, id), index, lang);
}

export async function deleteSegment(ctx: Ctx, corpId: string, id: string): Promise<void> {
  if (!(await repo.deleteSaved(ctx.db, corpId, id))) {
    throw new AppError("SEGMENT_NOT_FOUND", `segment ${id} does not exist in corp ${corpId}`);
  }
}

/** Preview of a saved segment: count (recorded in its history) and a sample within the caller's scope. */
export async function previewSaved(ctx: Ctx, corpId: string, id: string, scope: Scope, lang: Lang) {
  const index = new CatalogIndex(await loadCatalog(ctx.db, corpId));
  const row = await found(ctx, corpId, id);
  const r = await countAndSample(ctx, corpId, row.expr, scope);
  await repo.recordCount(ctx.db, corpId, id, r.count, "preview", r.tookMs, nowDate(ctx.clock));
  return { ...r, text: toText(row.expr, index, lang), expr: row.expr };
}

export async function segmentHistory(ctx: Ctx, corpId: string, id: string, limit: number) {
  await found(ctx, corpId, id);
  const rows = await repo.countHistory(ctx.db, corpId, id, limit);
  return rows.map((r) => ({
    count: Number(r.count),
    source: r.source,
    tookMs: r.took_ms,
    at: r.counted_at.toISOString(),
  }));
}

/** A page of a saved segment's members (keyset on customer id), within the caller's scope. */
export async function segmentMembers(
  ctx: Ctx,
  corpId: string,
  id: string,
  scope: Scope,
  page: { after?: string | undefined; limit: number },
) {
  const row = await found(ctx, corpId, id);
  const visible = scoped(row.expr, scope);
  if (!visible) return { items: [], nextAfter: null };
  const ids = await segmentCounter(ctx).sample(corpId, visible, page.limit + 1, page.after);
  const more = ids.length > page.limit;
  const pageIds = ids.slice(0, page.limit);
  const userid = scope.kind === "member" ? (scope.userid ?? undefined) : undefined;
  const items = await repo.customerCards(ctx.db, corpId, pageIds, userid);
  return { items, nextAfter: more ? (pageIds[pageIds.length - 1] ?? null) : null };
}
