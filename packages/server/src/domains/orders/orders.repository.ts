// SQL for orders: the idempotent upsert (by corp, source, order no — unchanged rows are not rewritten), filling
// items from an items file, and the rows an import rejected.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { BadRow } from "./orders.rows.ts";
import type { OrderItem, OrderStatus } from "./orders.tables.ts";

export interface OrderRecord {
  orderNo: string;
  status: OrderStatus;
  sourceStatus: string | null;
  amountCents: number;
  refundedCents: number;
  orderedAt: Date;
  paidAt: Date | null;
  unionid: string | null;
  phone: string | null;
  phoneDisplay: string | null;
  buyerName: string | null;
  items: OrderItem[];
  categories: string[];
}

export interface UpsertedOrder {
  id: string;
  order_no: string;
  customer_id: string | null;
  inserted: boolean;
}

/**
 * Inserts or updates orders of one source. Returns only the rows inserted or changed; an order whose stored values
 * are all the same is left alone (a repeat import changes nothing).
 */
export async function upsertOrders(
  db: Db,
  corpId: string,
  source: string,
  orders: OrderRecord[],
  importId: string | null,
  at: Date,
): Promise<UpsertedOrder[]> {
  if (orders.length === 0) return [];
  return db
    .insertInto("orders")
    .values(
      orders.map((o) => ({
        corp_id: corpId,
        source,
        order_no: o.orderNo,
        unionid: o.unionid,
        phone: o.phone,
        phone_display: o.phoneDisplay,
        buyer_name: o.buyerName,
        amount_cents: o.amountCents,
        refunded_cents: o.refundedCents,
        status: o.status,
        source_status: o.sourceStatus,
        categories: o.categories,
        items: JSON.stringify(o.items),
        ordered_at: o.orderedAt,
        paid_at: o.paidAt,
        import_id: importId,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "source", "order_no"])
        .doUpdateSet((eb) => ({
          unionid: eb.ref("excluded.unionid"),
          phone: eb.ref("excluded.phone"),
          phone_display: eb.ref("excluded.phone_display"),
          buyer_name: eb.ref("excluded.buyer_name"),
          amount_cents: eb.ref("excluded.amount_cents"),
          refunded_cents: eb.ref("excluded.refunded_cents"),
          status: eb.ref("excluded.status"),
          source_status: eb.ref("excluded.source_status"),
          // An order file without items keeps the items an items file gave it.
          categories: sql`case when cardinality(excluded.categories) = 0 then orders.categories else excluded.categories end`,
          items: sql`case when excluded.items = '[]'::jsonb then orders.items else excluded.items end`,
          ordered_at: eb.ref("excluded.ordered_at"),
          paid_at: eb.ref("excluded.paid_at"),
          import_id: eb.ref("excluded.import_id"),
          updated_at: at,
        }))
        .where(
          sql<boolean>`(orders.unionid, orders.phone, orders.phone_display, orders.buyer_name, orders.amount_cents,
            orders.refunded_cents, orders.status, orders.source_status, orders.ordered_at, orders.paid_at)
            is distinct from (excluded.unionid, excluded.phone, excluded.phone_display, excluded.buyer_name,
            excluded.amount_cents, excluded.refunded_cents, excluded.status, excluded.source_status,
            excluded.ordered_at, excluded.paid_at)
            or (cardinality(excluded.categories) > 0 and orders.categories is distinct from excluded.categories)
            or (excluded.items <> '[]'::jsonb and orders.items is distinct from excluded.items)`,
        ),
    )
    .returning(["id", "order_no", "customer_id", sql<boolean>`(xmax = 0)`.as("inserted")])
    .execute();
}

/** Order numbers of a source that are already stored. */
export async function existingOrderNos(
  db: Db,
  corpId: string,
  source: string,
  orderNos: string[],
): Promise<Set<string>> {
  if (orderNos.length === 0) return new Set();
  const rows = await db
    .selectFrom("orders")
    .select("order_no")
    .where("corp_id", "=", corpId)
    .where("source", "=", source)
    .where("order_no", "in", orderNos)
    .execute();
  return new Set(rows.map((r) => r.order_no));
}

/** Sets items and categories of stored orders (from an items file); returns how many changed. */
export async function fillItems(
  db: Db,
  corpId: string,
  source: string,
  fills: { orderNo: string; items: OrderItem[]; categories: string[] }[],
  at: Date,
): Promise<number> {
  if (fills.length === 0) return 0;
  const json = JSON.stringify(
    fills.map((f) => ({ order_no: f.orderNo, items: f.items, categories: f.categories })),
  );
  const r = await sql`update orders o set items = v.items, categories = v.categories, updated_at = ${at}
    from jsonb_to_recordset(${json}::jsonb) as v(order_no text, items jsonb, categories text[])
    where o.corp_id = ${corpId} and o.source = ${source} and o.order_no = v.order_no
      and (o.items, o.categories) is distinct from (v.items, v.categories)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertBadRows(db: Db, corpId: string, importId: string, rows: BadRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("order_import_errors")
    .values(
      rows.map((r) => ({
        import_id: importId,
        corp_id: corpId,
        row_number: r.row,
        code: r.code,
        reason: r.reason,
        field: r.field,
        value: r.value,
      })),
    )
    .onConflict((oc) => oc.columns(["import_id", "row_number"]).doNothing())
    .execute();
}
