// The build at start: one streamed pass per attribute over the whole database (a server-side cursor, fetched in
// chunks), joined in PostgreSQL, instead of per-batch joins that would rescan the big tables once per batch.
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../../db/database.ts";
import type { Columns } from "./columns.ts";
import type { CorpIndex } from "./corp-index.ts";
import type { Dim } from "./loader.ts";

const CHUNK = 50_000;
const ACTIVE = sql`fr.status in ('active', 'pending')`;
const REL = sql`join follow_relations fr on fr.corp_id = c.corp_id and fr.external_userid = c.external_userid`;
const US = (col: RawBuilder<unknown>) => sql`(extract(epoch from ${col}) * 1000000)::float8`;

async function stream<T>(db: Db, query: RawBuilder<unknown>, onRows: (rows: T[]) => void): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // A cursor is planned for its first rows (nested loops) unless told the whole result is wanted (hash joins).
    await sql`set local cursor_tuple_fraction = 1.0`.execute(trx);
    await sql`declare segment_build no scroll cursor for ${query}`.execute(trx);
    for (;;) {
      const r = await sql<T>`fetch ${sql.raw(String(CHUNK))} from segment_build`.execute(trx);
      if (r.rows.length === 0) break;
      onRows(r.rows);
    }
  });
}

type PairRow = { id: number; corp: string; k: string };

export async function buildAll(
  db: Db,
  columns: Columns,
  corpIndex: (corpId: string) => CorpIndex,
): Promise<void> {
  const addPairs = (dim: Dim) => (rows: PairRow[]) => {
    const byCorp = new Map<string, { ids: number[]; keys: string[] }>();
    for (const r of rows) {
      let g = byCorp.get(r.corp);
      if (!g) {
        g = { ids: [], keys: [] };
        byCorp.set(r.corp, g);
      }
      g.ids.push(r.id);
      g.keys.push(r.k);
    }
    for (const [corp, g] of byCorp) corpIndex(corp).addPairs(dim, g.ids, g.keys);
  };
  const pairs = (dim: Dim, q: RawBuilder<unknown>) => stream<PairRow>(db, q, addPairs(dim));

  await Promise.all([
    stream<{ id: number; corp: string }>(
      db,
      sql`select id::float8 as id, corp_id as corp from customers`,
      (rows) => {
        const byCorp = new Map<string, number[]>();
        for (const r of rows) {
          let g = byCorp.get(r.corp);
          if (!g) {
            g = [];
            byCorp.set(r.corp, g);
          }
          g.push(r.id);
        }
        for (const [corp, ids] of byCorp) corpIndex(corp).universe.addMany(Uint32Array.from(ids));
      },
    ),
    stream<{ id: number; corp: string; userid: string; state: string | null; added: number | null }>(
      db,
      sql`select c.id::float8 as id, c.corp_id as corp, fr.userid, fr.state, ${US(sql`fr.added_at`)} as added
        from customers c ${REL} where ${ACTIVE}`,
      (rows) => {
        addPairs("staff")(rows.map((r) => ({ id: r.id, corp: r.corp, k: r.userid })));
        addPairs("channel")(
          rows.filter((r) => r.state !== null).map((r) => ({ id: r.id, corp: r.corp, k: r.state as string })),
        );
        const first = columns.firstAdded;
        for (const r of rows) {
          if (r.added === null) continue;
          const cur = first[r.id] as number;
          if (!(cur <= r.added)) first[r.id] = r.added; // NaN (none yet) or later
        }
      },
    ),
    pairs(
      "tag",
      sql`select c.id::float8 as id, c.corp_id as corp, ft.tag_id as k from customers c ${REL}
        join follow_tags ft on ft.corp_id = fr.corp_id and ft.external_userid = fr.external_userid
          and ft.userid = fr.userid
        where ${ACTIVE}`,
    ),
    pairs(
      "stage",
      sql`select c.id::float8 as id, c.corp_id as corp, s.key as k from customers c
        join customer_stages cs on cs.corp_id = c.corp_id and cs.customer_id = c.id
        join stages s on s.id = cs.stage_id and s.corp_id = c.corp_id`,
    ),
    stream<{ id: number; corp: string; store: string; city: string | null }>(
      db,
      sql`select c.id::float8 as id, c.corp_id as corp, cs.store_id::text as store, st.city from customers c
        join customer_stores cs on cs.corp_id = c.corp_id and cs.customer_id = c.id
        left join stores st on st.id = cs.store_id`,
      (rows) => {
        addPairs("store")(rows.map((r) => ({ id: r.id, corp: r.corp, k: r.store })));
        addPairs("city")(
          rows.filter((r) => r.city !== null).map((r) => ({ id: r.id, corp: r.corp, k: r.city as string })),
        );
      },
    ),
    pairs(
      "category",
      sql`select c.id::float8 as id, c.corp_id as corp, cat as k from customers c
        join orders o on o.corp_id = c.corp_id and o.customer_id = c.id
        cross join lateral unnest(o.categories) as cat
        where o.status = 'paid'`,
    ),
    pairs(
      "activity",
      sql`select c.id::float8 as id, c.corp_id as corp, ap.activity as k from customers c
        join activity_participations ap on ap.corp_id = c.corp_id and ap.customer_id = c.id`,
    ),
    stream<{ id: number; n: number; spent: number; last: number }>(
      db,
      sql`select c.id::float8 as id, count(*)::float8 as n, sum(o.amount_cents)::float8 as spent,
          ${US(sql`max(o.ordered_at)`)} as last
        from customers c join orders o on o.corp_id = c.corp_id and o.customer_id = c.id
        where o.status = 'paid' group by c.id`,
      (rows) => {
        for (const r of rows) {
          columns.orderCount[r.id] = r.n;
          columns.totalSpent[r.id] = r.spent;
          columns.lastOrder[r.id] = r.last;
        }
      },
    ),
  ]);
}
