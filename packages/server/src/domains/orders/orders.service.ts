// Orders: the batch API (idempotent by corp + source + order id), listing, imports with their rejected rows, and
// the customer's order summary for the 360 detail.
import { sql } from "kysely";
import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { bindOrders, ordersChanged } from "./orders.binding.ts";
import { parsePhone } from "./orders.clean.ts";
import { PRESETS } from "./orders.presets.ts";
import { type OrderRecord, upsertOrders } from "./orders.repository.ts";
import type { orderListQuery, ordersBatchBody } from "./orders.schemas.ts";
import { importView, orderView } from "./orders.views.ts";

async function requireCorp(ctx: Ctx, corpId: string): Promise<void> {
  const c = await ctx.db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!c) throw new AppError("CORP_NOT_FOUND", `no corp ${corpId}`);
}

/** Stores a batch of orders: new ones inserted, changed ones updated, repeats left alone; then binds them. */
export async function upsertOrderBatch(ctx: Ctx, body: z.output<typeof ordersBatchBody>) {
  await requireCorp(ctx, body.corpId);
  const firstAt = new Map<string, number>();
  const dup: { path: string; message: string }[] = [];
  body.orders.forEach((o, i) => {
    const seen = firstAt.get(o.orderNo);
    if (seen !== undefined)
      dup.push({
        path: `/orders/${i}/orderNo`,
        message: `duplicate of /orders/${seen}/orderNo in this batch`,
      });
    else firstAt.set(o.orderNo, i);
  });
  if (dup.length > 0) throw new AppError("VALIDATION_FAILED", "an order id appears twice in the batch", dup);
  const records: OrderRecord[] = body.orders.map((o) => {
    const phone = parsePhone(o.phone);
    const items = (o.items ?? []).map((it) => ({
      name: it.name,
      sku: it.sku ?? null,
      category: it.category ?? null,
      quantity: it.quantity ?? null,
      amount_cents: it.amountCents ?? null,
    }));
    const categories = o.categories ?? [
      ...new Set(items.map((it) => it.category).filter((c): c is string => !!c)),
    ];
    return {
      orderNo: o.orderNo,
      status: o.status,
      sourceStatus: null,
      amountCents: o.amountCents,
      refundedCents: o.refundedCents ?? 0,
      orderedAt: new Date(o.orderedAt),
      paidAt: o.paidAt ? new Date(o.paidAt) : null,
      unionid: o.unionid ?? null,
      phone: phone.phone,
      phoneDisplay: phone.display,
      buyerName: o.buyerName ?? null,
      items,
      categories,
    };
  });
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowDate(ctx.clock);
    const changed = await upsertOrders(trx, body.corpId, body.source, records, null, at);
    const bound = await bindOrders(
      trx,
      body.corpId,
      changed.filter((c) => c.customer_id === null).map((c) => c.id),
      at,
    );
    await ordersChanged(trx, body.corpId, [
      ...new Set(changed.filter((c) => c.customer_id !== null && !c.inserted).map((c) => c.customer_id!)),
    ]);
    const rows = await trx
      .selectFrom("orders")
      .select(["id", "order_no", "customer_id"])
      .where("corp_id", "=", body.corpId)
      .where("source", "=", body.source)
      .where(
        "order_no",
        "in",
        records.map((r) => r.orderNo),
      )
      .execute();
    const byNo = new Map(rows.map((r) => [r.order_no, r]));
    const changedByNo = new Map(changed.map((c) => [c.order_no, c]));
    const inserted = changed.filter((c) => c.inserted).length;
    return {
      inserted,
      updated: changed.length - inserted,
      unchanged: records.length - changed.length,
      bound: bound.length,
      orders: records.map((r) => {
        const row = byNo.get(r.orderNo)!;
        const c = changedByNo.get(r.orderNo);
        return {
          orderNo: r.orderNo,
          id: row.id,
          result: c ? (c.inserted ? ("inserted" as const) : ("updated" as const)) : ("unchanged" as const),
          customerId: row.customer_id,
        };
      }),
    };
  });
}

export async function listOrders(ctx: Ctx, corpId: string, query: z.output<typeof orderListQuery>) {
  await requireCorp(ctx, corpId);
  let q = ctx.db
    .selectFrom("orders")
    .leftJoin("customers", "customers.id", "orders.customer_id")
    .selectAll("orders")
    .select("customers.name as customer_name")
    .where("orders.corp_id", "=", corpId);
  if (query.customerId) q = q.where("orders.customer_id", "=", query.customerId);
  if (query.source) q = q.where("orders.source", "=", query.source);
  if (query.status) q = q.where("orders.status", "=", query.status);
  if (query.bound === "yes") q = q.where("orders.customer_id", "is not", null);
  if (query.bound === "no") q = q.where("orders.customer_id", "is", null);
  if (query.q) q = q.where("orders.order_no", "like", `${query.q.replace(/[\\%_]/g, "\\$&")}%`);
  if (query.cursor) q = q.where("orders.id", "<", query.cursor);
  const rows = await q
    .orderBy("orders.id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(orderView),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

async function findImport(ctx: Ctx, corpId: string, id: string) {
  const i = await ctx.db
    .selectFrom("order_imports")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!i) throw new AppError("ORDER_IMPORT_NOT_FOUND", `no order import ${id} in corp ${corpId}`);
  return i;
}

export async function importErrors(ctx: Ctx, corpId: string, id: string, offset = 0, limit = 100) {
  await findImport(ctx, corpId, id);
  const rows = await ctx.db
    .selectFrom("order_import_errors")
    .select(["row_number", "code", "reason", "field", "value"])
    .where("corp_id", "=", corpId)
    .where("import_id", "=", id)
    .orderBy("row_number")
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    row: r.row_number,
    code: r.code,
    reason: r.reason,
    field: r.field,
    value: r.value,
  }));
}

/** An import with its counts and its first rejected rows. */
export async function getImport(ctx: Ctx, corpId: string, id: string) {
  const i = await findImport(ctx, corpId, id);
  return { ...importView(i), errors: await importErrors(ctx, corpId, id, 0, 100) };
}

export async function listImports(ctx: Ctx, corpId: string) {
  await requireCorp(ctx, corpId);
  const rows = await ctx.db
    .selectFrom("order_imports")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(50)
    .execute();
  return rows.map(importView);
}

export function listPresets() {
  return Object.values(PRESETS).map((p) => ({
    name: p.name,
    source: p.source,
    grain: p.grain,
    enrich: p.enrich ?? false,
    columns: p.columns as Record<string, string[]>,
  }));
}

/** The order section of a customer's 360 detail: totals and the 10 most recent orders. */
export async function customerOrderSummary(db: Db, corpId: string, customerId: string) {
  const totals = await db
    .selectFrom("orders")
    .select([
      sql<string>`count(*)`.as("count"),
      sql<string>`count(*) filter (where status = 'paid')`.as("paid_count"),
      sql<string>`coalesce(sum(amount_cents) filter (where status = 'paid'), 0)`.as("paid_cents"),
      sql<string>`coalesce(sum(refunded_cents), 0)`.as("refunded_cents"),
      sql<Date | null>`min(ordered_at)`.as("first_at"),
      sql<Date | null>`max(ordered_at)`.as("last_at"),
    ])
    .where("corp_id", "=", corpId)
    .where("customer_id", "=", customerId)
    .executeTakeFirstOrThrow();
  const recent = await db
    .selectFrom("orders")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("customer_id", "=", customerId)
    .orderBy("ordered_at", "desc")
    .orderBy("id", "desc")
    .limit(10)
    .execute();
  return {
    totals: {
      count: Number(totals.count),
      paidCount: Number(totals.paid_count),
      paidCents: Number(totals.paid_cents),
      refundedCents: Number(totals.refunded_cents),
      firstOrderedAt: totals.first_at ? new Date(totals.first_at).toISOString() : null,
      lastOrderedAt: totals.last_at ? new Date(totals.last_at).toISOString() : null,
    },
    recent: recent.map((o) => orderView({ ...o, customer_name: null })),
  };
}
