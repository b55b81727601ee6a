// The build at start. PostgreSQL does the grouping: every query returns a few rows per (corp, value, block of ids),
// each carrying the block's customer ids as one bytea of big-endian uint32 (`string_agg(int4send(...))`) and, for the
// typed columns, the values as one bytea of big-endian float8. Node turns each into a Uint32Array / Float64Array
// with one byte swap and hands it to roaring's addMany: no JS object per customer, no row-by-row protocol traffic.
// (Measured at 10M customers against COPY … TO STDOUT and row streaming: see docs/benchmarks.md, segments.)
//
// All queries read one snapshot (exported by the first connection, imported by the others), so the bitmaps are one
// consistent state of the database; the change-log cursor is taken before that snapshot, so changes committed
// during the build are applied afterwards (re-reading a customer is idempotent).
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../../db/database.ts";
import type { Columns } from "./columns.ts";
import type { CorpIndex } from "./corp-index.ts";
import type { Dim } from "./loader.ts";

/** Ids per returned row: one row carries at most 2^BLOCK_BITS customers' ids (keeps each bytea a few MB). */
const BLOCK_BITS = 20;
const ACTIVE = sql`fr.status in ('active', 'pending')`;
const REL = sql`join follow_relations fr on fr.corp_id = c.corp_id and fr.external_userid = c.external_userid`;
/** A bigint id as 4 big-endian bytes (its low 32 bits: ids stay below 2^32, see segments.ast.ts). */
const ID4 = (col: RawBuilder<unknown>) => sql`int4send(${col}::bit(32)::int4)`;
const IDS = (col: RawBuilder<unknown>) => sql`string_agg(${ID4(col)}, ''::bytea)`;
const F8S = (v: RawBuilder<unknown>) => sql`string_agg(float8send(${v}), ''::bytea)`;
const US = (col: RawBuilder<unknown>) => sql`(extract(epoch from ${col}) * 1000000)::float8`;
const BLOCK = (col: RawBuilder<unknown>) => sql`(${col} >> ${sql.lit(BLOCK_BITS)})`;

export interface BuildProgress {
  /** Queries finished / all queries of the build. */
  step: number;
  steps: number;
  /** Customers indexed so far (known after the first step). */
  customers: number;
}

export class BuildAborted extends Error {
  override name = "BuildAborted";
}

/**
 * Whether a relation added at `at` with member `userid` is a later choice of sender than the current one: the
 * order of `added_at desc nulls last, userid` (a time beats none; equal times: the smaller userid).
 */
export function laterRelation(at: number, userid: string, curAt: number, curUserid: string): boolean {
  const none = Number.isNaN(at);
  const curNone = Number.isNaN(curAt);
  if (none !== curNone) return curNone;
  if (!none && at !== curAt) return at > curAt;
  return userid < curUserid;
}

/** Big-endian uint32s → Uint32Array (copies only when the buffer is not 4-byte aligned). */
export function uint32s(buf: Buffer): Uint32Array {
  const b = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
  b.swap32();
  return new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
}

/** Big-endian float8s → Float64Array. */
export function float64s(buf: Buffer): Float64Array {
  const b = buf.byteOffset % 8 === 0 ? buf : Buffer.from(buf);
  b.swap64();
  return new Float64Array(b.buffer, b.byteOffset, b.length / 8);
}

type Row = Record<string, unknown>;
interface Step {
  query: RawBuilder<unknown>;
  onRow(row: Row): void;
}

export interface BuildTarget {
  columns: Columns;
  corpIndex(corpId: string): CorpIndex;
}

export interface BuildOptions {
  /** Connections used at once (default 3; one of them holds the snapshot). */
  concurrency?: number;
  onProgress?(p: BuildProgress): void;
  /** Checked between rows; true aborts the build (running queries are cancelled). */
  aborted?(): boolean;
}

/**
 * Builds every corp's bitmaps and the typed columns. Runs `first` (the customers) before the other steps, since
 * those check each id's corp against it.
 */
export async function buildAll(db: Db, target: BuildTarget, opts: BuildOptions = {}): Promise<void> {
  const { columns } = target;
  const corpNos = new Map<string, number>();
  const corpIndexes: CorpIndex[] = [];
  /** Corp number (1-based) of each customer id; 0 for none. */
  let corpOf = new Uint16Array(0);
  let customers = 0;
  const corpNo = (corp: string): number => {
    let n = corpNos.get(corp);
    if (n === undefined) {
      n = corpIndexes.length + 1;
      if (n > 0xffff) throw new Error("segment engine: more than 65,535 corps");
      corpNos.set(corp, n);
      corpIndexes.push(target.corpIndex(corp));
    }
    return n;
  };
  const idx = (corp: string) => corpIndexes[corpNo(corp) - 1] as CorpIndex;

  const maxId = await sql<{ max: number | null }>`select max(id)::float8 as max from customers`.execute(db);
  const top = maxId.rows[0]?.max ?? null;
  if (top === null) return;
  columns.ensure(top);
  corpOf = new Uint16Array(top + 1);
  /** Added time of each customer's sender relation so far (µs; NaN: none or unknown), for the build only. */
  const senderAt = new Float64Array(top + 1).fill(Number.NaN);

  const universe: Step = {
    query: sql`select c.corp_id as corp, ${IDS(sql`c.id`)} as ids from customers c
      group by c.corp_id, ${BLOCK(sql`c.id`)}`,
    onRow(r) {
      const ids = uint32s(r.ids as Buffer);
      const n = corpNo(r.corp as string);
      for (let i = 0; i < ids.length; i++) corpOf[ids[i] as number] = n;
      idx(r.corp as string).universe.addMany(ids);
      customers += ids.length;
    },
  };
  /** (corp, key, ids) rows into one bitmap per key. */
  const pairs = (dim: Dim, query: RawBuilder<unknown>): Step => ({
    query,
    onRow(r) {
      idx(r.corp as string).addIds(dim, r.k as string, uint32s(r.ids as Buffer));
    },
  });
  /** Keeps the ids that belong to `corp` (tables keyed by customer_id are not joined with customers). */
  const ofCorp = (corp: string, ids: Uint32Array): Uint32Array => {
    const n = corpNo(corp);
    let bad = 0;
    for (let i = 0; i < ids.length; i++) if (corpOf[ids[i] as number] !== n) bad++;
    if (bad === 0) return ids;
    return ids.filter((id) => corpOf[id] === n);
  };
  const keyed = (dim: Dim, query: RawBuilder<unknown>): Step => ({
    query,
    onRow(r) {
      idx(r.corp as string).addIds(dim, r.k as string, ofCorp(r.corp as string, uint32s(r.ids as Buffer)));
    },
  });

  const steps: Step[] = [
    // Tags on active relations: the biggest join, started first.
    pairs(
      "tag",
      sql`select c.corp_id as corp, ft.tag_id as k, ${IDS(sql`c.id`)} as ids
        from follow_tags ft join (customers c ${REL} and ${ACTIVE})
          on ft.corp_id = fr.corp_id and ft.external_userid = fr.external_userid and ft.userid = fr.userid
        group by c.corp_id, ft.tag_id, ${BLOCK(sql`c.id`)}`,
    ),
    // Staff and channel of active relations in one pass (grouping sets); the staff rows also carry each relation's
    // added time (the minimum per customer is taken here) and whether it is `active` (not pending): the customer's
    // sender is the member of their latest active relation.
    {
      query: sql`select grouping(fr.userid) as g, c.corp_id as corp, coalesce(fr.userid, fr.state) as k,
          ${IDS(sql`c.id`)} as ids, ${F8S(sql`coalesce(${US(sql`fr.added_at`)}, 'NaN'::float8)`)} as at,
          string_agg(case when fr.status = 'active' then '\\x01'::bytea else '\\x00'::bytea end, ''::bytea) as act
        from follow_relations fr join customers c on c.corp_id = fr.corp_id and c.external_userid = fr.external_userid
        where ${ACTIVE}
        group by grouping sets ((c.corp_id, fr.userid, ${BLOCK(sql`c.id`)}),
          (c.corp_id, fr.state, ${BLOCK(sql`c.id`)}))`,
      onRow(r) {
        // g = 0: a staff row (every active relation once); g = 1: a channel row (no state: no channel).
        const staff = Number(r.g) === 0;
        if (r.k === null) return;
        const ids = uint32s(r.ids as Buffer);
        idx(r.corp as string).addIds(staff ? "staff" : "channel", r.k as string, ids);
        if (!staff) return;
        const at = float64s(r.at as Buffer);
        const act = r.act as Buffer;
        const first = columns.firstAdded;
        const sender = columns.sender;
        const userid = r.k as string;
        const no = columns.senderNo(userid);
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i] as number;
          const v = at[i] as number;
          const cur = first[id] as number;
          if (!(cur <= v)) first[id] = v; // NaN (none yet) or later; a NaN v (no time) leaves NaN alone
          if (act[i] !== 1) continue;
          const s = sender[id] as number;
          if (s === -1 || laterRelation(v, userid, senderAt[id] as number, columns.senderIds[s] as string)) {
            sender[id] = no;
            senderAt[id] = v;
          }
        }
      },
    },
    // Paid orders: count, sum and latest per customer, computed here from (id, amount, time) triples.
    {
      query: sql`select o.corp_id as corp, ${IDS(sql`o.customer_id`)} as ids,
          ${F8S(sql`o.amount_cents::float8`)} as amount, ${F8S(US(sql`o.ordered_at`))} as at
        from orders o where o.status = 'paid' and o.customer_id is not null
        group by o.corp_id, ${BLOCK(sql`o.customer_id`)}`,
      onRow(r) {
        const n = corpNo(r.corp as string);
        const ids = uint32s(r.ids as Buffer);
        const amount = float64s(r.amount as Buffer);
        const at = float64s(r.at as Buffer);
        const { orderCount, totalSpent, lastOrder } = columns;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i] as number;
          if (corpOf[id] !== n) continue;
          orderCount[id] = (orderCount[id] as number) + 1;
          totalSpent[id] = (totalSpent[id] as number) + (amount[i] as number);
          const t = at[i] as number;
          if (t > (lastOrder[id] as number)) lastOrder[id] = t;
        }
      },
    },
    keyed(
      "category",
      sql`select o.corp_id as corp, cat as k, ${IDS(sql`o.customer_id`)} as ids
        from orders o cross join lateral unnest(o.categories) as cat
        where o.status = 'paid' and o.customer_id is not null
        group by o.corp_id, cat, ${BLOCK(sql`o.customer_id`)}`,
    ),
    keyed(
      "stage",
      sql`select cs.corp_id as corp, s.key as k, ${IDS(sql`cs.customer_id`)} as ids
        from customer_stages cs join stages s on s.id = cs.stage_id and s.corp_id = cs.corp_id
        group by cs.corp_id, s.key, ${BLOCK(sql`cs.customer_id`)}`,
    ),
    // Store and city in one pass (grouping sets).
    {
      query: sql`select grouping(cs.store_id) as g, cs.corp_id as corp, coalesce(cs.store_id::text, st.city) as k,
          ${IDS(sql`cs.customer_id`)} as ids
        from customer_stores cs left join stores st on st.id = cs.store_id
        group by grouping sets ((cs.corp_id, cs.store_id, ${BLOCK(sql`cs.customer_id`)}),
          (cs.corp_id, st.city, ${BLOCK(sql`cs.customer_id`)}))`,
      onRow(r) {
        if (r.k === null) return;
        const dim: Dim = Number(r.g) === 0 ? "store" : "city";
        idx(r.corp as string).addIds(dim, r.k as string, ofCorp(r.corp as string, uint32s(r.ids as Buffer)));
      },
    },
    keyed(
      "activity",
      sql`select ap.corp_id as corp, ap.activity as k, ${IDS(sql`ap.customer_id`)} as ids
        from activity_participations ap group by ap.corp_id, ap.activity, ${BLOCK(sql`ap.customer_id`)}`,
    ),
  ];

  const all: Step[] = [universe, ...steps];
  let done = 0;
  const report = () => opts.onProgress?.({ step: done, steps: all.length, customers });
  report();
  // Steps after the first check ids against the customers' corps: their rows wait for the first step to finish.
  let corpsLoaded!: (ok: boolean) => void;
  const corpsReady = new Promise<boolean>((resolve) => {
    corpsLoaded = resolve;
  });
  let next = 0;
  let failed = false;
  await inSnapshot(db, Math.max(1, opts.concurrency ?? 3), opts.aborted ?? (() => false), async (fetch) => {
    while (next < all.length && !failed) {
      const step = all[next++] as Step;
      const first = step === universe;
      try {
        await fetch(step.query, async (rows) => {
          if (!first && !(await corpsReady)) throw new BuildAborted("segment engine build failed");
          for (const row of rows) step.onRow(row);
        });
      } catch (err) {
        failed = true;
        corpsLoaded(false);
        throw err;
      }
      if (first) corpsLoaded(true);
      done++;
      report();
    }
  });
}

/** Runs a query through a cursor, handing its rows over a few at a time (each row may hold megabytes). */
type Fetcher = (query: RawBuilder<unknown>, onRows: (rows: Row[]) => Promise<void>) => Promise<void>;

const FETCH_ROWS = 8;

/**
 * Runs `worker` on `concurrency` connections at once, all in one repeatable-read snapshot: the first connection
 * exports it, the others import it. Cancels the running queries when `aborted()` turns true.
 */
async function inSnapshot(
  db: Db,
  concurrency: number,
  aborted: () => boolean,
  worker: (fetch: Fetcher) => Promise<void>,
): Promise<void> {
  const pids = new Set<number>();
  const watch = setInterval(() => {
    if (!aborted()) return;
    clearInterval(watch);
    for (const pid of pids) void sql`select pg_cancel_backend(${pid})`.execute(db).catch(() => {});
  }, 100);
  watch.unref();
  const check = () => {
    if (aborted()) throw new BuildAborted("segment engine build aborted");
  };
  let cursors = 0;
  const session = (snapshot: string | undefined, body: (fetch: Fetcher, snapshot: string) => Promise<void>) =>
    db.connection().execute(async (conn) => {
      const r = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
      const pid = r.rows[0]?.pid as number;
      pids.add(pid);
      await sql`begin isolation level repeatable read, read only`.execute(conn);
      try {
        if (snapshot) await sql`set transaction snapshot ${sql.lit(snapshot)}`.execute(conn);
        // Whole-table joins and aggregates, planned for the whole result (a cursor is otherwise planned for its
        // first rows). The joins are on (corp, external_userid[, userid]), whose columns are correlated, so
        // PostgreSQL underestimates them by orders of magnitude and would pick nested loops over index scans
        // (measured at 10M customers: the tag step ran more than 11 minutes): hash joins in the written order
        // and hash aggregates instead. The build's own connections already run in parallel.
        await sql`set local work_mem = '256MB'`.execute(conn);
        await sql`set local cursor_tuple_fraction = 1.0`.execute(conn);
        await sql`set local enable_nestloop = off`.execute(conn);
        await sql`set local enable_sort = off`.execute(conn);
        await sql`set local join_collapse_limit = 1`.execute(conn);
        await sql`set local max_parallel_workers_per_gather = 0`.execute(conn);
        const own =
          snapshot ?? (await sql<{ s: string }>`select pg_export_snapshot() as s`.execute(conn)).rows[0]?.s;
        const fetch: Fetcher = async (query, onRows) => {
          check();
          const name = sql.raw(`segment_build_${++cursors}`);
          await sql`declare ${name} no scroll cursor for ${query}`.execute(conn);
          for (;;) {
            check();
            const rows = await sql<Row>`fetch ${sql.raw(String(FETCH_ROWS))} from ${name}`.execute(conn);
            if (rows.rows.length === 0) break;
            await onRows(rows.rows);
          }
          await sql`close ${name}`.execute(conn);
        };
        await body(fetch, own as string);
        await sql`commit`.execute(conn);
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw aborted() ? new BuildAborted("segment engine build aborted") : err;
      } finally {
        pids.delete(pid);
      }
    });
  try {
    await session(undefined, async (fetch, snapshot) => {
      const others = Array.from({ length: concurrency - 1 }, () => session(snapshot, (f) => worker(f)));
      // A failed worker fails the build; the others stop at their next step (they share the queue).
      const results = await Promise.allSettled([worker(fetch), ...others]);
      const bad = results.find((r) => r.status === "rejected");
      if (bad) throw (bad as PromiseRejectedResult).reason;
    });
  } finally {
    clearInterval(watch);
  }
}
