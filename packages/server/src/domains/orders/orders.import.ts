// An order import: streams the file's rows, rejects bad rows with their row number and reason (good rows are
// kept), folds the lines of one order, and stores orders in batches — each batch one transaction with its
// binding, timeline entries, reactions, rejected rows and the import's counts — so memory stays bounded by a
// batch plus one key per order (to report duplicates) and a crash keeps what was committed.
import type { Readable } from "node:stream";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { bindOrders, ordersChanged } from "./orders.binding.ts";
import { type GenericMapping, genericPreset, PRESETS, type Preset } from "./orders.presets.ts";
import { openTable, type TableRow } from "./orders.reader.ts";
import {
  existingOrderNos,
  fillItems,
  insertBadRows,
  type OrderRecord,
  upsertOrders,
} from "./orders.repository.ts";
import {
  type BadRow,
  type Columns,
  isBad,
  mergeLines,
  type OrderLine,
  parseRow,
  resolveColumns,
} from "./orders.rows.ts";

const BATCH = 1000;

export interface ImportOptions {
  corpId: string;
  preset: string;
  mapping?: GenericMapping;
  fileName?: string | null;
  createdBy?: string | null;
  /** Called after each stored batch. */
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  rows: number;
  orders: number;
  badRows: number;
}

export interface ImportCounts {
  rowsTotal: number;
  ordersTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  badRows: number;
  bound: number;
  unmatchablePhone: number;
}

export function presetFor(name: string, mapping?: GenericMapping): Preset {
  if (name === "generic") {
    if (!mapping)
      throw new AppError("VALIDATION_FAILED", "the generic preset needs a column mapping", [
        { path: "mapping", message: "give the header of each column: orderNo, amount, orderedAt, …" },
      ]);
    return genericPreset(mapping);
  }
  const p = PRESETS[name];
  if (!p)
    throw new AppError("VALIDATION_FAILED", `unknown preset ${name}`, [
      { path: "preset", message: `one of ${[...Object.keys(PRESETS), "generic"].join(", ")}` },
    ]);
  return p;
}

async function firstRow(rows: AsyncIterator<TableRow>): Promise<TableRow> {
  for (;;) {
    const r = await rows.next();
    if (r.done) throw new AppError("ORDER_IMPORT_UNREADABLE", "the file has no header row");
    if (r.value.cells.some((c) => c !== null && c !== undefined && String(c).trim() !== "")) return r.value;
  }
}

/** Runs an import from a byte stream; returns the import's id (its counts are in order_imports). */
export async function importOrders(ctx: Ctx, opts: ImportOptions, input: Readable): Promise<string> {
  const preset = presetFor(opts.preset, opts.mapping);
  const corp = await ctx.db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", opts.corpId)
    .executeTakeFirst();
  if (!corp) throw new AppError("CORP_NOT_FOUND", `no corp ${opts.corpId}`);
  const table = await openTable(input);
  const rows = table.rows[Symbol.asyncIterator]();
  const header = await firstRow(rows);
  const cols: Columns = resolveColumns(header.cells, preset);

  const created = await ctx.db
    .insertInto("order_imports")
    .values({
      corp_id: opts.corpId,
      source: preset.source,
      preset: preset.name,
      file_name: opts.fileName ?? null,
      format: table.format,
      encoding: table.encoding,
      created_by: opts.createdBy ?? null,
      created_at: nowDate(ctx.clock),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const importId = created.id;
  const counts: ImportCounts = {
    rowsTotal: 0,
    ordersTotal: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    badRows: 0,
    bound: 0,
    unmatchablePhone: 0,
  };
  /** Order number → the row it was first seen on (duplicates and scattered lines are reported). */
  const seen = new Map<string, number>();
  let pending = new Map<string, OrderLine[]>();
  let bad: BadRow[] = [];

  const flush = async () => {
    const groups = [...pending.values()].map(mergeLines);
    const rejected = bad;
    pending = new Map();
    bad = [];
    await ctx.db.transaction().execute(async (trx) => {
      const at = nowDate(ctx.clock);
      let toUpsert = groups;
      if (preset.enrich) {
        const known = await existingOrderNos(
          trx,
          opts.corpId,
          preset.source,
          groups.map((g) => g.orderNo),
        );
        const fills = groups.filter((g) => known.has(g.orderNo));
        const changed = await fillItems(trx, opts.corpId, preset.source, fills, at);
        counts.updated += changed;
        counts.unchanged += fills.length - changed;
        counts.ordersTotal += fills.length;
        toUpsert = [];
        for (const g of groups.filter((g) => !known.has(g.orderNo))) {
          if (g.amountCents === null || g.orderedAt === null || g.status === null) {
            rejected.push({
              row: g.row,
              code: "order_not_found",
              reason: `order ${g.orderNo} is not imported yet and these rows lack its amount or time; import the order file first`,
              field: "orderNo",
              value: g.orderNo,
            });
          } else toUpsert.push(g);
        }
      }
      const records: OrderRecord[] = toUpsert.map((g) => ({
        orderNo: g.orderNo,
        status: g.status ?? "paid",
        sourceStatus: g.sourceStatus,
        amountCents: g.amountCents ?? 0,
        refundedCents: g.refundedCents,
        orderedAt: g.orderedAt ?? at,
        paidAt: g.paidAt,
        unionid: g.unionid,
        phone: g.phone,
        phoneDisplay: g.phoneDisplay,
        buyerName: g.buyerName,
        items: g.items,
        categories: g.categories,
      }));
      counts.ordersTotal += records.length;
      counts.unmatchablePhone += toUpsert.filter((g) => g.phoneUnmatchable).length;
      const changed = await upsertOrders(trx, opts.corpId, preset.source, records, importId, at);
      const inserted = changed.filter((c) => c.inserted).length;
      counts.inserted += inserted;
      counts.updated += changed.length - inserted;
      counts.unchanged += records.length - changed.length;
      const unbound = changed.filter((c) => c.customer_id === null).map((c) => c.id);
      const bound = await bindOrders(trx, opts.corpId, unbound, at);
      counts.bound += bound.length;
      // Orders already bound whose status or amount changed: the reactions recompute those customers.
      await ordersChanged(trx, opts.corpId, [
        ...new Set(changed.filter((c) => c.customer_id !== null && !c.inserted).map((c) => c.customer_id!)),
      ]);
      counts.badRows += rejected.length;
      await insertBadRows(trx, opts.corpId, importId, rejected);
      await trx
        .updateTable("order_imports")
        .set({
          rows_total: counts.rowsTotal,
          orders_total: counts.ordersTotal,
          inserted: counts.inserted,
          updated: counts.updated,
          unchanged: counts.unchanged,
          bad_rows: counts.badRows,
          bound: counts.bound,
          unmatchable_phone: counts.unmatchablePhone,
        })
        .where("id", "=", importId)
        .execute();
    });
    opts.onProgress?.({ rows: counts.rowsTotal, orders: counts.ordersTotal, badRows: counts.badRows });
  };

  /** Many bad rows in a row: store them without closing the orders still being folded. */
  const flushBad = async () => {
    const rejected = bad;
    bad = [];
    counts.badRows += rejected.length;
    await ctx.db.transaction().execute(async (trx) => {
      await insertBadRows(trx, opts.corpId, importId, rejected);
      await trx
        .updateTable("order_imports")
        .set({ rows_total: counts.rowsTotal, bad_rows: counts.badRows })
        .where("id", "=", importId)
        .execute();
    });
  };

  try {
    for (;;) {
      const next = await rows.next();
      if (next.done) break;
      const r = parseRow(next.value.row, next.value.cells, cols, preset);
      if (r === null) continue;
      counts.rowsTotal++;
      if (isBad(r)) {
        bad.push(r);
      } else if (preset.grain === "order") {
        const first = seen.get(r.orderNo);
        if (first !== undefined) {
          bad.push({
            row: r.row,
            code: "duplicate_order",
            reason: `order ${r.orderNo} also appears at row ${first}; that row is kept`,
            field: "orderNo",
            value: r.orderNo,
          });
        } else {
          seen.set(r.orderNo, r.row);
          if (pending.size >= BATCH) await flush();
          pending.set(r.orderNo, [r]);
        }
      } else {
        const lines = pending.get(r.orderNo);
        if (lines) lines.push(r);
        else if (seen.has(r.orderNo)) {
          bad.push({
            row: r.row,
            code: "lines_apart",
            reason: `a line of order ${r.orderNo} comes after other orders (its lines start at row ${seen.get(r.orderNo)}); keep an order's lines together`,
            field: "orderNo",
            value: r.orderNo,
          });
        } else {
          if (pending.size >= BATCH) await flush();
          seen.set(r.orderNo, r.row);
          pending.set(r.orderNo, [r]);
        }
      }
      if (bad.length >= BATCH) await flushBad();
    }
    await flush();
    await ctx.db
      .updateTable("order_imports")
      .set({ status: "done", finished_at: nowDate(ctx.clock) })
      .where("id", "=", importId)
      .execute();
  } catch (err) {
    await ctx.db
      .updateTable("order_imports")
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
