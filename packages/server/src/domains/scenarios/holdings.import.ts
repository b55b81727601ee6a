// Imports of customer coupons and subscriptions: a CSV/XLSX file streamed in batches (each batch one transaction:
// upsert, binding, rejected rows, the run's counts), or a JSON batch from the API. Idempotent by (corp, source,
// id): a repeat changes nothing. Bad rows are reported with their row number (header = row 1; API: the item's
// index) and good rows are kept.
import type { Readable } from "node:stream";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { openTable, type TableRow } from "../orders/orders.reader.ts";
import { bindHoldings, insertBadRows, upsertHoldings } from "./holdings.repository.ts";
import {
  type HoldingBadRow,
  type HoldingRecord,
  isBad,
  parseHolding,
  resolveHeader,
} from "./holdings.rows.ts";
import type { HoldingKind } from "./scenarios.tables.ts";

const BATCH = 1000;

export interface HoldingCounts {
  rowsTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  badRows: number;
  bound: number;
}

async function requireCorp(ctx: Ctx, corpId: string) {
  const c = await ctx.db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!c) throw new AppError("CORP_NOT_FOUND", `no corp ${corpId}`);
}

/** Stores one batch of good records (already free of duplicate ids) and binds the new or changed ones. */
async function store(
  ctx: Ctx,
  corpId: string,
  kind: HoldingKind,
  source: string,
  records: HoldingRecord[],
  importId: string | null,
  counts: HoldingCounts,
) {
  const at = nowDate(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await upsertHoldings(trx, corpId, kind, source, records, importId, at);
    const inserted = changed.filter((c) => c.inserted).length;
    counts.inserted += inserted;
    counts.updated += changed.length - inserted;
    counts.unchanged += records.length - changed.length;
    const unbound = changed.filter((c) => c.customer_id === null).map((c) => c.id);
    counts.bound += await bindHoldings(trx, corpId, kind, at, { ids: unbound });
  });
}

/** The API batch: items validated one by one; the bad ones come back with their index, the rest are stored. */
export async function importHoldingBatch(
  ctx: Ctx,
  corpId: string,
  kind: HoldingKind,
  source: string,
  items: Record<string, unknown>[],
) {
  await requireCorp(ctx, corpId);
  const counts: HoldingCounts = {
    rowsTotal: items.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    badRows: 0,
    bound: 0,
  };
  const rejected: HoldingBadRow[] = [];
  const good: HoldingRecord[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const r = parseHolding(kind, index, (k) => item[k], "cents");
    if (r === null)
      rejected.push({
        row: index,
        code: "missing_value",
        reason: "the item is empty",
        field: null,
        value: null,
      });
    else if (isBad(r)) rejected.push(r);
    else if (seen.has(r.item_id))
      rejected.push({
        row: index,
        code: "duplicate_id",
        reason: `id ${r.item_id} also appears at index ${seen.get(r.item_id)}; that one is kept`,
        field: "id",
        value: r.item_id,
      });
    else {
      seen.set(r.item_id, index);
      good.push(r);
    }
  });
  await store(ctx, corpId, kind, source, good, null, counts);
  counts.badRows = rejected.length;
  return {
    ...counts,
    rejected: rejected.map((r) => ({ index: r.row, code: r.code, field: r.field, reason: r.reason })),
  };
}

async function firstRow(rows: AsyncIterator<TableRow>): Promise<TableRow> {
  for (;;) {
    const r = await rows.next();
    if (r.done) throw new AppError("SCENARIO_IMPORT_UNREADABLE", "the file has no header row");
    if (r.value.cells.some((c) => c !== null && c !== undefined && String(c).trim() !== "")) return r.value;
  }
}

/** A file import; returns the run's id (counts and rejected rows are stored with it). */
export async function importHoldingFile(
  ctx: Ctx,
  opts: {
    corpId: string;
    kind: HoldingKind;
    source: string;
    fileName?: string | null;
    createdBy?: string | null;
  },
  input: Readable,
): Promise<string> {
  await requireCorp(ctx, opts.corpId);
  let table: Awaited<ReturnType<typeof openTable>>;
  try {
    table = await openTable(input);
  } catch (err) {
    if (err instanceof AppError) throw new AppError("SCENARIO_IMPORT_UNREADABLE", err.message);
    throw err;
  }
  const rows = table.rows[Symbol.asyncIterator]();
  const header = await firstRow(rows);
  const cols = resolveHeader(opts.kind, header.cells);
  const run = await ctx.db
    .insertInto("scenario_imports")
    .values({
      corp_id: opts.corpId,
      kind: opts.kind,
      source: opts.source,
      file_name: opts.fileName ?? null,
      created_by: opts.createdBy ?? null,
      created_at: nowDate(ctx.clock),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const importId = run.id;
  const counts: HoldingCounts = { rowsTotal: 0, inserted: 0, updated: 0, unchanged: 0, badRows: 0, bound: 0 };
  const seen = new Map<string, number>();
  let good: HoldingRecord[] = [];
  let bad: HoldingBadRow[] = [];
  const flush = async () => {
    const [g, b] = [good, bad];
    good = [];
    bad = [];
    await store(ctx, opts.corpId, opts.kind, opts.source, g, importId, counts);
    counts.badRows += b.length;
    await ctx.db.transaction().execute(async (trx) => {
      await insertBadRows(trx, opts.corpId, importId, b);
      await trx
        .updateTable("scenario_imports")
        .set({
          rows_total: counts.rowsTotal,
          inserted: counts.inserted,
          updated: counts.updated,
          unchanged: counts.unchanged,
          bad_rows: counts.badRows,
          bound: counts.bound,
        })
        .where("id", "=", importId)
        .execute();
    });
  };
  try {
    for (;;) {
      const next = await rows.next();
      if (next.done) break;
      const { row, cells } = next.value;
      const r = parseHolding(opts.kind, row, (k) => (cols.has(k) ? cells[cols.get(k)!] : undefined), "yuan");
      if (r === null) continue;
      counts.rowsTotal++;
      if (isBad(r)) bad.push(r);
      else if (seen.has(r.item_id))
        bad.push({
          row,
          code: "duplicate_id",
          reason: `id ${r.item_id} also appears at row ${seen.get(r.item_id)}; that row is kept`,
          field: "id",
          value: r.item_id,
        });
      else {
        seen.set(r.item_id, row);
        good.push(r);
      }
      if (good.length >= BATCH || bad.length >= BATCH) await flush();
    }
    await flush();
    await ctx.db
      .updateTable("scenario_imports")
      .set({ status: "done", finished_at: nowDate(ctx.clock) })
      .where("id", "=", importId)
      .execute();
  } catch (err) {
    await ctx.db
      .updateTable("scenario_imports")
      .set({
        status: "failed",
        error: err instanceof Error ? err.message : String(err),
        finished_at: nowDate(ctx.clock),
      })
      .where("id", "=", importId)
      .execute();
    throw err;
  }
  return importId;
}

export async function getHoldingImport(ctx: Ctx, corpId: string, id: string) {
  const r = await ctx.db
    .selectFrom("scenario_imports")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!r) throw new AppError("SCENARIO_IMPORT_NOT_FOUND", `no import ${id} in corp ${corpId}`);
  const errors = await ctx.db
    .selectFrom("scenario_import_errors")
    .select(["row_number", "code", "reason", "field", "value"])
    .where("corp_id", "=", corpId)
    .where("import_id", "=", id)
    .orderBy("row_number")
    .limit(100)
    .execute();
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    fileName: r.file_name,
    status: r.status,
    rowsTotal: r.rows_total,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    badRows: r.bad_rows,
    bound: r.bound,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    errors: errors.map((e) => ({
      row: e.row_number,
      code: e.code,
      reason: e.reason,
      field: e.field,
      value: e.value,
    })),
  };
}
