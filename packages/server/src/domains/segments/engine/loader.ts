// Reads customers' segment attributes from PostgreSQL for a batch: an id range (the build at start) or a list of ids
// (customers named by the change log). Each attribute is one set-returning query over the batch, never one row per
// customer, so a batch of 100,000 customers is a handful of round trips.
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../../db/database.ts";

/** The dimensions kept as one bitmap per value. */
export const DIMS = ["tag", "stage", "channel", "staff", "store", "city", "category", "activity"] as const;
export type Dim = (typeof DIMS)[number];

/** (customer id, value) pairs as parallel arrays. */
export interface Pairs {
  ids: number[];
  keys: string[];
}

export interface CustomerBatch {
  /** Customers that exist, with their corp. */
  ids: number[];
  corps: string[];
  pairs: Record<Dim, Pairs>;
  orders: { ids: number[]; counts: number[]; spent: number[]; last: number[] };
  firstAdded: { ids: number[]; at: number[] };
  /** Each customer's sender (the member of their latest active relation), when they have one. */
  senders: Pairs;
}

export type Selection = { from: number; to: number } | { ids: number[] };

function where(sel: Selection): RawBuilder<unknown> {
  if ("ids" in sel) return sql`c.id = any(${sel.ids.map(String)}::bigint[])`;
  return sql`c.id >= ${sel.from} and c.id < ${sel.to}`;
}

const ACTIVE = sql`fr.status in ('active', 'pending')`;
const US = (col: RawBuilder<unknown>) => sql`(extract(epoch from ${col}) * 1000000)::float8`;

async function pairs(db: Db, q: RawBuilder<unknown>): Promise<Pairs> {
  const r = await sql<{ id: number; k: string }>`${q}`.execute(db);
  const out: Pairs = { ids: new Array(r.rows.length), keys: new Array(r.rows.length) };
  r.rows.forEach((row, i) => {
    out.ids[i] = row.id;
    out.keys[i] = row.k;
  });
  return out;
}

export async function loadBatch(db: Db, sel: Selection): Promise<CustomerBatch> {
  const w = where(sel);
  const rel = sql`join follow_relations fr on fr.corp_id = c.corp_id and fr.external_userid = c.external_userid`;
  const [customers, tag, stage, channel, staff, store, city, category, activity, orders, added, senders] =
    await Promise.all([
      sql<{
        id: number;
        corp_id: string;
      }>`select c.id::float8 as id, c.corp_id from customers c where ${w}`.execute(db),
      pairs(
        db,
        sql`select distinct c.id::float8 as id, ft.tag_id as k from customers c ${rel}
        join follow_tags ft on ft.corp_id = fr.corp_id and ft.external_userid = fr.external_userid
          and ft.userid = fr.userid
        where ${w} and ${ACTIVE}`,
      ),
      pairs(
        db,
        sql`select c.id::float8 as id, s.key as k from customers c
        join customer_stages cs on cs.corp_id = c.corp_id and cs.customer_id = c.id
        join stages s on s.id = cs.stage_id and s.corp_id = c.corp_id
        where ${w}`,
      ),
      pairs(
        db,
        sql`select distinct c.id::float8 as id, fr.state as k from customers c ${rel}
        where ${w} and ${ACTIVE} and fr.state is not null`,
      ),
      pairs(
        db,
        sql`select distinct c.id::float8 as id, fr.userid as k from customers c ${rel} where ${w} and ${ACTIVE}`,
      ),
      pairs(
        db,
        sql`select c.id::float8 as id, cs.store_id::text as k from customers c
        join customer_stores cs on cs.corp_id = c.corp_id and cs.customer_id = c.id
        where ${w}`,
      ),
      pairs(
        db,
        sql`select c.id::float8 as id, st.city as k from customers c
        join customer_stores cs on cs.corp_id = c.corp_id and cs.customer_id = c.id
        join stores st on st.id = cs.store_id
        where ${w}`,
      ),
      pairs(
        db,
        sql`select distinct c.id::float8 as id, cat as k from customers c
        join orders o on o.corp_id = c.corp_id and o.customer_id = c.id
        cross join lateral unnest(o.categories) as cat
        where ${w} and o.status = 'paid'`,
      ),
      pairs(
        db,
        sql`select distinct c.id::float8 as id, ap.activity as k from customers c
        join activity_participations ap on ap.corp_id = c.corp_id and ap.customer_id = c.id
        where ${w}`,
      ),
      sql<{
        id: number;
        n: number;
        spent: number;
        last: number;
      }>`select c.id::float8 as id, count(*)::float8 as n,
        sum(o.amount_cents)::float8 as spent, ${US(sql`max(o.ordered_at)`)} as last
      from customers c join orders o on o.corp_id = c.corp_id and o.customer_id = c.id
      where ${w} and o.status = 'paid' group by c.id`.execute(db),
      sql<{ id: number; at: number }>`select c.id::float8 as id, ${US(sql`min(fr.added_at)`)} as at
      from customers c ${rel} where ${w} and ${ACTIVE} and fr.added_at is not null group by c.id`.execute(db),
      pairs(
        db,
        sql`select distinct on (c.id) c.id::float8 as id, fr.userid as k from customers c ${rel}
        where ${w} and fr.status = 'active' order by c.id, fr.added_at desc nulls last, fr.userid`,
      ),
    ]);
  return {
    ids: customers.rows.map((r) => r.id),
    corps: customers.rows.map((r) => r.corp_id),
    pairs: { tag, stage, channel, staff, store, city, category, activity },
    orders: {
      ids: orders.rows.map((r) => r.id),
      counts: orders.rows.map((r) => r.n),
      spent: orders.rows.map((r) => r.spent),
      last: orders.rows.map((r) => r.last),
    },
    firstAdded: { ids: added.rows.map((r) => r.id), at: added.rows.map((r) => r.at) },
    senders,
  };
}

/** The id range the build walks: [min, max] over all customers, or undefined when there are none. */
export async function idRange(db: Db): Promise<{ min: number; max: number } | undefined> {
  const r = await sql<{ min: number | null; max: number | null }>`select min(id)::float8 as min,
    max(id)::float8 as max from customers`.execute(db);
  const row = r.rows[0];
  if (!row || row.min === null || row.max === null) return undefined;
  return { min: row.min, max: row.max };
}
