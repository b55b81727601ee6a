// The send gate's facts about a mass send's recipients, by position in the audience: opt-outs, known active windows
// and recent marketing touches. A segment's customers (known by customers.id) get theirs in one query by customer id
// (the facts carry it, migration 0030) answering one row of packed float8s (no row and no JS object per touch),
// placed by binary search in the audience's sorted ids; a list of external_userids or chat_ids (groups, a task
// checked again before it is submitted) reads them through the gate's own loader.
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { float64s } from "../segments/engine/build.ts";
import { CORP_WIDE_ABOVE, type GateFacts } from "../send-gate/gate-facts.ts";
import type { DailyRange } from "../send-gate/periods.ts";

export interface RecipientFacts {
  /** Per position, 1 when the recipient has any fact (recipients without one decide alike per sender). */
  has: Uint8Array;
  optOut(i: number): { source: string; at: Date } | undefined;
  activeWindow(i: number): DailyRange | undefined;
  touches(i: number): readonly Date[];
}

const NONE: readonly Date[] = Object.freeze([]);

/** Facts of listed recipients, read from facts the gate loaded for them. */
export function listedFacts(corpId: string, recipients: readonly string[], facts: GateFacts): RecipientFacts {
  const r = (i: number) => recipients[i] as string;
  return {
    has: Uint8Array.from(recipients, (x) =>
      facts.optOut(corpId, x) !== undefined ||
      facts.activeWindow(corpId, x) !== undefined ||
      facts.touches(corpId, x).length > 0
        ? 1
        : 0,
    ),
    optOut: (i) => facts.optOut(corpId, r(i)),
    activeWindow: (i) => facts.activeWindow(corpId, r(i)),
    touches: (i) => facts.touches(corpId, r(i)),
  };
}

const F8 = (v: RawBuilder<unknown>) => sql`float8send((${v})::float8)`;
const MS = (col: RawBuilder<unknown>) => sql`extract(epoch from ${col}) * 1000`;
const TOUCH = 1;
const WINDOW = 2;
const OPT_OUT = 3;

/** The position of `id` in the ascending `ids`, or -1. */
function positionOf(ids: Uint32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid] as number;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Facts of a segment's customers (`ids` ascending): touches since `since`, windows and opt-outs by customer id in
 * one query that answers one row of packed float8 quadruples (customer id, kind, a, b). Kept in typed arrays by position; a recipient's touches
 * become Dates only when a rule asks for them.
 */
export async function customerFacts(
  db: Db,
  corpId: string,
  ids: Uint32Array,
  since: Date,
): Promise<RecipientFacts> {
  const n = ids.length;
  const has = new Uint8Array(n);
  const outs = new Map<number, { source: string; at: Date }>();
  const winStart = new Int16Array(n).fill(-1);
  const winEnd = new Int16Array(n);
  /** Touch times grouped by position: those of position i are times[offset[i] .. offset[i + 1]). */
  const offset = new Int32Array(n + 1);
  let times = new Float64Array(0);
  if (n > 0) {
    const sources = (
      await db.selectFrom("opt_outs").select("source").distinct().where("corp_id", "=", corpId).execute()
    ).map((r) => r.source);
    // A small audience probes its customers; a large one reads the corp's sparse facts once.
    const only = n <= CORP_WIDE_ABOVE ? sql`and f.id = any(${Array.from(ids, String)}::bigint[])` : sql``;
    // Each fact carries its customer's id (migration 0030); one without (recorded before the customer was known)
    // is matched by external_userid.
    const id = (alias: string, col: string) =>
      sql`coalesce(${sql.ref(`${alias}.customer_id`)}, (select c.id from customers c
        where c.corp_id = ${sql.ref(`${alias}.corp_id`)} and c.external_userid = ${sql.ref(`${alias}.${col}`)}))`;
    const q = sql<{ b: Buffer | null }>`
      select string_agg(${F8(sql`f.id`)} || ${F8(sql`f.k`)} || ${F8(sql`f.a`)} || ${F8(sql`f.b`)}, ''::bytea) as b
      from (
        select ${id("t", "recipient")} as id, ${TOUCH} as k, ${MS(sql`t.touched_at`)} as a, 0 as b
          from recipient_touches t where t.corp_id = ${corpId} and t.touched_at >= ${since}
        union all
        select ${id("w", "external_userid")}, ${WINDOW}, w.start_minute, w.end_minute
          from customer_send_windows w where w.corp_id = ${corpId}
        union all
        select ${id("o", "external_userid")}, ${OPT_OUT}, ${MS(sql`o.opted_out_at`)},
            array_position(${sources}::text[], o.source)
          from opt_outs o where o.corp_id = ${corpId}
      ) f where f.id is not null ${only}`;
    // The fallback's estimated cost would have PostgreSQL compile the query (JIT) for longer than it runs.
    const buf = await db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return (await q.execute(trx)).rows[0]?.b ?? null;
    });
    const rows = buf ? float64s(buf) : new Float64Array(0);
    const m = rows.length / 4;
    const touchPos = new Int32Array(m).fill(-1);
    let touchRows = 0;
    for (let r = 0; r < m; r++) {
      const pos = positionOf(ids, rows[4 * r] as number);
      if (pos < 0) continue;
      has[pos] = 1;
      const kind = rows[4 * r + 1];
      const a = rows[4 * r + 2] as number;
      const b = rows[4 * r + 3] as number;
      if (kind === TOUCH) {
        touchPos[r] = pos;
        offset[pos + 1] = (offset[pos + 1] as number) + 1;
        touchRows++;
      } else if (kind === WINDOW) {
        winStart[pos] = a;
        winEnd[pos] = b;
      } else outs.set(pos, { source: sources[b - 1] ?? "", at: new Date(a) });
    }
    for (let i = 0; i < n; i++) offset[i + 1] = (offset[i + 1] as number) + (offset[i] as number);
    times = new Float64Array(touchRows);
    const fill = offset.slice(0, n);
    for (let r = 0; r < m; r++) {
      const pos = touchPos[r] as number;
      if (pos < 0) continue;
      const at = fill[pos] as number;
      times[at] = rows[4 * r + 2] as number;
      fill[pos] = at + 1;
    }
  }
  // The rules ask twice per recipient (quota, touch cap): the last answer is kept.
  let lastPos = -1;
  let lastTouches: readonly Date[] = NONE;
  return {
    has,
    optOut: (i) => outs.get(i),
    activeWindow: (i) => {
      const start = winStart[i] as number;
      return start < 0 ? undefined : { startMinute: start, endMinute: winEnd[i] as number };
    },
    touches: (i) => {
      if (i === lastPos) return lastTouches;
      const from = offset[i] as number;
      const to = offset[i + 1] as number;
      lastPos = i;
      if (from === to) {
        lastTouches = NONE;
        return NONE;
      }
      const part = times.subarray(from, to);
      let sorted = true;
      for (let j = 1; j < part.length; j++) if ((part[j] as number) < (part[j - 1] as number)) sorted = false;
      if (!sorted) part.sort();
      const list = new Array<Date>(part.length);
      for (let j = 0; j < part.length; j++) list[j] = new Date(part[j] as number);
      lastTouches = list;
      return list;
    },
  };
}
