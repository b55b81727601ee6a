// Row → API view mappers for orders and imports.
import type { Selectable } from "kysely";
import type { OrderImportsTable, OrdersTable } from "./orders.tables.ts";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function orderView(o: Selectable<OrdersTable> & { customer_name?: string | null }) {
  return {
    id: o.id,
    corpId: o.corp_id,
    source: o.source,
    orderNo: o.order_no,
    customerId: o.customer_id,
    customerName: o.customer_name ?? null,
    boundBy: o.bound_by,
    unionid: o.unionid,
    phone: o.phone_display ?? o.phone,
    buyerName: o.buyer_name,
    amountCents: Number(o.amount_cents),
    refundedCents: Number(o.refunded_cents),
    status: o.status,
    sourceStatus: o.source_status,
    categories: o.categories,
    items: o.items,
    orderedAt: new Date(o.ordered_at).toISOString(),
    paidAt: iso(o.paid_at),
    importId: o.import_id,
  };
}

export function importView(i: Selectable<OrderImportsTable>) {
  return {
    id: i.id,
    corpId: i.corp_id,
    source: i.source,
    preset: i.preset,
    fileName: i.file_name,
    format: i.format,
    encoding: i.encoding,
    status: i.status,
    rowsTotal: i.rows_total,
    ordersTotal: i.orders_total,
    inserted: i.inserted,
    updated: i.updated,
    unchanged: i.unchanged,
    badRows: i.bad_rows,
    bound: i.bound,
    unmatchablePhone: i.unmatchable_phone,
    error: i.error,
    createdAt: new Date(i.created_at).toISOString(),
    finishedAt: iso(i.finished_at),
  };
}
