// Loads the buyers a call list is built from: orders grouped by their usable phone (masked or ciphertext
// phones are null in `orders` and never called), minus anyone already a friend of a member (an active follow
// relation reached through a bound order, the customer's phones or a member's remark mobiles) or opted out.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { Buyer } from "./call-list.ts";

interface BuyerRow {
  phone: string;
  name: string | null;
  unionid: string | null;
  customer_id: string | null;
  paid_count: string;
  total_cents: string | null;
  paid_amount_cents: string | null;
  last_paid_at: Date | null;
  last_categories: string | null;
  first_seen_at: Date;
}

export async function loadBuyers(db: Db, corpId: string): Promise<Buyer[]> {
  const r = await sql<BuyerRow>`with p as (
      select o.phone,
        (array_agg(o.buyer_name order by o.ordered_at desc) filter (where o.buyer_name is not null))[1] as name,
        max(o.unionid) as unionid,
        max(o.customer_id)::text as customer_id,
        count(*) filter (where o.status = 'paid') as paid_count,
        sum(o.amount_cents - o.refunded_cents) filter (where o.status = 'paid') as total_cents,
        sum(o.amount_cents) filter (where o.status = 'paid') as paid_amount_cents,
        max(o.ordered_at) filter (where o.status = 'paid') as last_paid_at,
        (array_agg(array_to_string(o.categories, chr(31)) order by o.ordered_at desc)
          filter (where o.status = 'paid'))[1] as last_categories,
        min(o.ordered_at) as first_seen_at
      from orders o
      where o.corp_id = ${corpId} and o.phone is not null
      group by o.phone
    ), known as (
      -- customers reachable from the phone: bound orders, the customer's phones
      select p.phone, c.external_userid
        from p join orders o on o.corp_id = ${corpId} and o.phone = p.phone and o.customer_id is not null
        join customers c on c.id = o.customer_id
      union
      select p.phone, c.external_userid
        from p join customers c on c.corp_id = ${corpId} and c.phones @> array[p.phone]
    )
    select p.* from p
    where not exists (
        select 1 from known k join follow_relations f
          on f.corp_id = ${corpId} and f.external_userid = k.external_userid and f.status = 'active'
        where k.phone = p.phone)
      and not exists (
        select 1 from follow_relations f
        where f.corp_id = ${corpId} and f.status = 'active' and f.remark_mobiles @> array[p.phone])
      and not exists (
        select 1 from known k join opt_outs x on x.corp_id = ${corpId} and x.external_userid = k.external_userid
        where k.phone = p.phone)`.execute(db);
  return r.rows.map((x) => ({
    phone: x.phone,
    name: x.name,
    unionid: x.unionid,
    customerId: x.customer_id,
    paidCount: Number(x.paid_count),
    totalCents: Number(x.total_cents ?? 0),
    paidAmountCents: Number(x.paid_amount_cents ?? 0),
    lastPaidAt: x.last_paid_at,
    lastCategories: x.last_categories ? x.last_categories.split("\u001f") : [],
    firstSeenAt: x.first_seen_at,
  }));
}
