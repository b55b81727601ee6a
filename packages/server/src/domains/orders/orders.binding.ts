// Binding orders to customers: by unionid, then by phone (the customer's phones and the remark mobiles members
// gave them). Orders that match nobody stay unbound and bind when the customer appears (sync, the refresh worker
// after add_external_contact) — both directions use partial indexes over unbound orders, so they stay cheap.
// Each bound order goes on the customer's timeline, and the reactions of stages and auto-tags run in the same
// transaction.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { afterOrdersBound as autoTagsAfterOrdersBound } from "../auto-tags/auto-tags.reactions.ts";
import { exitOnOrders } from "../journeys/journeys.service.ts";
import { afterOrdersBound as stagesAfterOrdersBound } from "../stages/stages.reactions.ts";

export interface BoundOrder {
  id: string;
  customer_id: string;
}

/** Binds these orders (the unbound among them) to existing customers; returns the ones bound. */
export async function bindOrders(
  db: Db,
  corpId: string,
  orderIds: string[],
  at: Date,
): Promise<BoundOrder[]> {
  if (orderIds.length === 0) return [];
  const r = await sql<BoundOrder>`with o as (
      select id, unionid, phone from orders
      where corp_id = ${corpId} and id = any(${orderIds}::bigint[]) and customer_id is null
        and (unionid is not null or phone is not null)
    ), m as (
      select o.id,
        (select c.id from customers c
          where o.unionid is not null and c.corp_id = ${corpId} and c.unionid = o.unionid
          order by c.id limit 1) as by_unionid,
        (select min(x.id) from (
            select c.id from customers c
              where o.phone is not null and c.corp_id = ${corpId} and c.phones @> array[o.phone]
            union all
            select c.id from follow_relations f
              join customers c on c.corp_id = f.corp_id and c.external_userid = f.external_userid
              where o.phone is not null and f.corp_id = ${corpId} and f.remark_mobiles @> array[o.phone]
          ) x) as by_phone
      from o
    )
    update orders set customer_id = coalesce(m.by_unionid, m.by_phone),
      bound_by = case when m.by_unionid is not null then 'unionid' else 'phone' end,
      bound_at = ${at}, updated_at = ${at}
    from m
    where orders.id = m.id and orders.customer_id is null and coalesce(m.by_unionid, m.by_phone) is not null
    returning orders.id::text as id, orders.customer_id::text as customer_id`.execute(db);
  await afterBound(db, corpId, r.rows);
  return r.rows;
}

/** Late binding: unbound orders of these customers (just created or refreshed) bind to them. */
export async function bindOrdersOfCustomers(
  db: Db,
  corpId: string,
  externalUserIds: string[],
  at: Date,
): Promise<BoundOrder[]> {
  if (externalUserIds.length === 0) return [];
  const r = await sql<BoundOrder>`with c as (
      select c.id, c.unionid, array(
          select p from unnest(c.phones) p
          union select m from follow_relations f, unnest(f.remark_mobiles) m
            where f.corp_id = c.corp_id and f.external_userid = c.external_userid) as phones
      from customers c
      where c.corp_id = ${corpId} and c.external_userid = any(${externalUserIds}::text[])
    ), cand as (
      select o.id, c.id as cid, 0 as pri from c
        join orders o on o.corp_id = ${corpId} and o.customer_id is null and o.unionid = c.unionid
        where c.unionid is not null
      union all
      select o.id, c.id, 1 from c cross join lateral unnest(c.phones) p
        join orders o on o.corp_id = ${corpId} and o.customer_id is null and o.phone = p
    ), m as (
      select distinct on (id) id, cid, pri from cand order by id, pri, cid
    )
    update orders set customer_id = m.cid,
      bound_by = case when m.pri = 0 then 'unionid' else 'phone' end,
      bound_at = ${at}, updated_at = ${at}
    from m
    where orders.id = m.id and orders.customer_id is null
    returning orders.id::text as id, orders.customer_id::text as customer_id`.execute(db);
  await afterBound(db, corpId, r.rows);
  return r.rows;
}

/** Timeline entries for newly bound orders, then the reactions of the domains that follow purchases. */
async function afterBound(db: Db, corpId: string, bound: BoundOrder[]): Promise<void> {
  if (bound.length === 0) return;
  await sql`insert into contact_timeline (corp_id, external_userid, userid, kind, detail, occurred_at)
    select o.corp_id, c.external_userid, null, 'order.created',
      jsonb_build_object('orderId', o.id::text, 'orderNo', o.order_no, 'source', o.source,
        'amountCents', o.amount_cents, 'status', o.status, 'boundBy', o.bound_by),
      o.ordered_at
    from orders o join customers c on c.id = o.customer_id
    where o.corp_id = ${corpId} and o.id = any(${bound.map((b) => b.id)}::bigint[])`.execute(db);
  await ordersChanged(db, corpId, [...new Set(bound.map((b) => b.customer_id))]);
}

/** Customers whose orders were bound or changed: the stage, auto-tag and journey-exit reactions, in the caller's transaction. */
export async function ordersChanged(db: Db, corpId: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await stagesAfterOrdersBound(db, corpId, customerIds);
  await autoTagsAfterOrdersBound(db, corpId, customerIds);
  await exitOnOrders(db, corpId, customerIds);
}
