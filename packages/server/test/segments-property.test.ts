// Property: after any sequence of the changes the domains make (tags added and removed on relations, relations
// added, changed and deleted, stage moves, store assignments and a store's city, orders bound, refunded and deleted,
// activity participations, customers added and deleted), committed concurrently from several connections, the
// engine's members of a random expression equal the SQL oracle's, exactly — and so do those of fixed range terms
// counted at every check, whose cached splits the engine updates through the changes in between. Seeded:
// SEGMENTS_SEED=<n> replays a run.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../src/db/database.ts";
import { createSegmentEngine, type SegmentEngine } from "../src/domains/segments/engine/index.ts";
import type { Comparison, SegmentExpr, SegmentTerm } from "../src/domains/segments/segments.ast.ts";
import { membersSql } from "../src/domains/segments/segments.sql.ts";
import {
  addCustomer,
  addOrder,
  addParticipation,
  addTag,
  assignStore,
  moveStage,
  openSegmentsWorld,
  removeTag,
  type SegmentsWorld,
  STAGE_KEYS,
  upsertRelation,
} from "./segments-world.ts";

const SEED = Number(process.env.SEGMENTS_SEED ?? 20261122);
const OPERATIONS = 10_000;
const BATCH = 500;
const LANES = 4;
const EXPRS_PER_CHECK = 10;
const A = "wwPropA";
const B = "wwPropB";
const NOW_MS = Date.parse("2026-11-20T08:30:00.250Z");
const NOW_US = BigInt(NOW_MS) * 1000n;
const DAY_US = 86_400_000_000n;
const clock = { now: () => NOW_MS };

/** mulberry32: small, fast, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const some = <T>(xs: readonly T[], max = 3): T[] => {
    const n = 1 + int(Math.min(max, xs.length));
    return Array.from({ length: n }, () => pick(xs));
  };
  return { next, int, pick, some, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const TAGS = Array.from({ length: 15 }, (_, i) => `t${i}`);
const USERIDS = ["u0", "u1", "u2", "u3", "u4", "u5"];
const STATES = ["s0", "s1", "s2", "s3"];
const CATEGORIES = ["美妆", "食品", "母婴", "服饰", "数码"];
const ACTIVITIES = ["live:1101", "live:1111", "checkin:nov", "lottery:1"];
const CITIES = ["上海", "北京", "杭州", "深圳"];
const CMPS: Comparison[] = ["<", "<=", "=", ">=", ">"];

/** An instant in µs as ISO text with a +08:00 offset and six fraction digits. */
function isoMicros(us: bigint): string {
  const shifted = us + 8n * 3_600_000_000n;
  const ms = Number(shifted / 1000n);
  const frac = (shifted % 1_000_000n).toString().padStart(6, "0");
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}+08:00`;
}

/** A time within the last `days` days; one in five exactly on a day boundary before now. */
function pastTime(r: Rng, days: number): string {
  if (r.chance(0.2)) return isoMicros(NOW_US - BigInt(r.int(days)) * DAY_US);
  return isoMicros(NOW_US - BigInt(Math.floor(r.next() * days * 86_400_000_000)));
}

interface CorpState {
  corpId: string;
  /** external_userid → customers.id (deleted customers are removed). */
  customers: Map<string, string>;
  nextExt: number;
  stageIds: string[];
  storeIds: string[];
  orderNos: string[];
}

let w: SegmentsWorld;
let engine: SegmentEngine;
const corps: CorpState[] = [];
let orderSeq = 0;

beforeAll(async () => {
  w = await openSegmentsWorld([A, B], { cities: CITIES, storesPerCorp: 5 });
  for (const corpId of [A, B]) {
    corps.push({
      corpId,
      customers: new Map(),
      nextExt: 0,
      stageIds: STAGE_KEYS.map((k) => w.stages.get(corpId)!.get(k)!),
      storeIds: w.stores.get(corpId)!.map((s) => s.id),
      orderNos: [],
    });
  }
  engine = createSegmentEngine({ db: w.db, log: w.log, clock }, { databaseUrl: w.url });
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await w?.close();
});

function someCustomer(r: Rng, c: CorpState): { ext: string; id: string } | undefined {
  if (c.customers.size === 0) return undefined;
  // Map iteration order is insertion order; index into it.
  const i = r.int(c.customers.size);
  let k = 0;
  for (const [ext, id] of c.customers) if (k++ === i) return { ext, id };
  return undefined;
}

/** An external_userid: mostly of a stored customer, sometimes one not stored (yet). */
function someExt(r: Rng, c: CorpState): string {
  if (r.chance(0.1) || c.customers.size === 0) return `${c.corpId}-e${r.int(c.nextExt + 20)}`;
  return someCustomer(r, c)!.ext;
}

/** One operation: a function that issues the statements a domain would, on the given connection. */
function operation(r: Rng): (db: Db) => Promise<void> {
  const c = r.chance(0.8) ? corps[0]! : corps[1]!;
  const corpId = c.corpId;
  const roll = r.next();
  if (roll < 0.06 || c.customers.size < 20) {
    const ext = `${corpId}-e${c.nextExt++}`;
    const withRelation = r.chance(0.8);
    const userid = r.pick(USERIDS);
    const state = r.chance(0.7) ? r.pick(STATES) : null;
    const addedAt = pastTime(r, 400);
    return async (db) => {
      const id = await addCustomer(db, corpId, ext);
      c.customers.set(ext, id);
      if (withRelation) {
        await upsertRelation(db, corpId, { externalUserid: ext, userid, state, status: "active", addedAt });
      }
    };
  }
  if (roll < 0.16) {
    const rel = {
      externalUserid: someExt(r, c),
      userid: r.pick(USERIDS),
      state: r.chance(0.6) ? r.pick(STATES) : null,
      status: r.pick(["active", "active", "pending", "deleted"]),
      addedAt: pastTime(r, 400),
    };
    return (db) => upsertRelation(db, corpId, rel);
  }
  if (roll < 0.2) {
    const ext = someExt(r, c);
    const status = r.pick(["active", "pending", "deleted"]);
    return async (db) => {
      await sql`update follow_relations set status = ${status}, updated_at = now()
        where corp_id = ${corpId} and external_userid = ${ext}`.execute(db);
    };
  }
  if (roll < 0.22) {
    const ext = someExt(r, c);
    const userid = r.pick(USERIDS);
    return async (db) => {
      await sql`delete from follow_tags where corp_id = ${corpId} and external_userid = ${ext}
        and userid = ${userid}`.execute(db);
      await sql`delete from follow_relations where corp_id = ${corpId} and external_userid = ${ext}
        and userid = ${userid}`.execute(db);
    };
  }
  if (roll < 0.47) {
    const ext = someExt(r, c);
    const userid = r.pick(USERIDS);
    const tag = r.pick(TAGS);
    return (db) => addTag(db, corpId, ext, userid, tag);
  }
  if (roll < 0.57) {
    const ext = someExt(r, c);
    const userid = r.pick(USERIDS);
    const tag = r.pick(TAGS);
    return (db) => removeTag(db, corpId, ext, userid, tag);
  }
  const cust = someCustomer(r, c);
  if (!cust) return async () => {};
  if (roll < 0.66) {
    const stageId = r.pick(c.stageIds);
    return (db) => moveStage(db, corpId, cust.id, stageId);
  }
  if (roll < 0.72) {
    const storeId = r.pick(c.storeIds);
    return (db) => assignStore(db, corpId, cust.id, storeId);
  }
  if (roll < 0.73) {
    return async (db) => {
      await sql`delete from customer_stores where corp_id = ${corpId} and customer_id = ${cust.id}`.execute(
        db,
      );
    };
  }
  if (roll < 0.735) {
    const storeId = r.pick(c.storeIds);
    const city = r.pick(CITIES);
    return async (db) => {
      await sql`update stores set city = ${city}, updated_at = now() where id = ${storeId}`.execute(db);
    };
  }
  if (roll < 0.85) {
    const orderNo = `o${orderSeq++}`;
    c.orderNos.push(orderNo);
    const o = {
      orderNo,
      customerId: r.chance(0.9) ? cust.id : null,
      amountCents: r.chance(0.1) ? 10_000 : 100 + r.int(60_000),
      status: r.chance(0.8) ? "paid" : r.pick(["refunded", "cancelled"]),
      categories: r.chance(0.2) ? [] : [...new Set(r.some(CATEGORIES, 2))],
      orderedAt: pastTime(r, 200),
    };
    return (db) => addOrder(db, corpId, o);
  }
  if (roll < 0.9 && c.orderNos.length > 0) {
    const orderNo = r.pick(c.orderNos);
    const kind = r.int(4);
    const status = r.pick(["paid", "refunded", "cancelled"]);
    const amount = 100 + r.int(60_000);
    return async (db) => {
      const where = sql`corp_id = ${corpId} and source = 'api' and order_no = ${orderNo}`;
      if (kind === 0) await sql`update orders set customer_id = ${cust.id} where ${where}`.execute(db);
      else if (kind === 1) await sql`update orders set status = ${status} where ${where}`.execute(db);
      else if (kind === 2) await sql`update orders set amount_cents = ${amount} where ${where}`.execute(db);
      else await sql`delete from orders where ${where}`.execute(db);
    };
  }
  if (roll < 0.97) {
    const activity = r.pick(ACTIVITIES);
    return (db) => addParticipation(db, corpId, cust.id, activity);
  }
  return async (db) => {
    await sql`delete from customers where id = ${cust.id}`.execute(db);
    c.customers.delete(cust.ext);
  };
}

function randomTerm(r: Rng, c: CorpState): SegmentTerm {
  switch (r.int(12)) {
    case 0:
      return { term: "tag", match: r.pick(["any", "all"] as const), tagIds: r.some([...TAGS, "t-none"]) };
    case 1:
      return { term: "stage", stages: r.some(STAGE_KEYS, 2) };
    case 2:
      return { term: "channel", states: r.some(STATES, 2) };
    case 3:
      return { term: "staff", userids: r.some(USERIDS, 2) };
    case 4:
      return { term: "store", storeIds: r.some([...c.storeIds, "999999"], 2) };
    case 5:
      return { term: "city", cities: r.some(CITIES, 2) };
    case 6: {
      const t: SegmentTerm = { term: "added" };
      if (r.chance(0.7)) t.from = pastTime(r, 400);
      if (r.chance(0.7)) t.to = pastTime(r, 300);
      return t;
    }
    case 7:
      return { term: "lastOrder", days: r.chance(0.5) ? r.int(200) : Math.round(r.next() * 20_000) / 100 };
    case 8:
      return { term: "orderCount", cmp: r.pick(CMPS), value: r.int(4) };
    case 9:
      return {
        term: "totalSpent",
        cmp: r.pick(CMPS),
        valueCents: r.pick([0, 10_000, 20_000, r.int(150_000)]),
      };
    case 10:
      return { term: "category", categories: r.some(CATEGORIES, 2) };
    default:
      return { term: "activity", activities: r.some(ACTIVITIES, 2) };
  }
}

function randomExpr(r: Rng, c: CorpState, depth = 0): SegmentExpr {
  if (depth >= 3 || r.chance(depth === 0 ? 0.15 : 0.45)) return randomTerm(r, c);
  const k = r.int(5);
  if (k === 0) return { op: "not", arg: randomExpr(r, c, depth + 1) };
  const args = Array.from({ length: 2 + r.int(2) }, () => randomExpr(r, c, depth + 1));
  return { op: k <= 2 ? "and" : "or", args };
}

/** Runs ops in transactions of 1–4 statements; a deadlock between lanes rolls one back, which is fine. */
async function runLane(ops: Array<(db: Db) => Promise<void>>, r: Rng): Promise<void> {
  let i = 0;
  while (i < ops.length) {
    const n = 1 + r.int(4);
    const group = ops.slice(i, i + n);
    i += n;
    try {
      if (group.length === 1) await group[0]!(w.db);
      else
        await w.db.transaction().execute(async (trx) => {
          for (const op of group) await op(trx);
        });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "40P01" && code !== "23505" && code !== "23503") throw err;
    }
  }
}

/**
 * Range terms counted with the same bounds at every check (random bounds seldom repeat): the engine keeps each
 * corp's split by these bounds from one check to the next and updates it with every change in between, so these
 * compare the maintained splits with SQL. Bounds on whole days and yuan, where many values tie.
 */
const PROBES: SegmentExpr[] = [
  { term: "lastOrder", days: 30 },
  { term: "orderCount", cmp: ">=", value: 2 },
  { term: "orderCount", cmp: "=", value: 1 },
  { term: "totalSpent", cmp: ">=", valueCents: 10_000 },
  { term: "totalSpent", cmp: "<", valueCents: 20_050 },
  { term: "added", from: isoMicros(NOW_US - 90n * DAY_US), to: isoMicros(NOW_US - 10n * DAY_US) },
  {
    op: "and",
    args: [
      { term: "lastOrder", days: 120 },
      { term: "orderCount", cmp: "<=", value: 3 },
      { op: "not", arg: { term: "totalSpent", cmp: ">", valueCents: 30_000 } },
    ],
  },
];

async function compareOne(e: SegmentEngine, corpId: string, expr: SegmentExpr, label: string): Promise<void> {
  const expected = await membersSql(w.db, corpId, expr, new Date(NOW_MS));
  const got = await e.sample(corpId, expr, 10_000_000);
  if (got.join(",") !== expected.join(",")) {
    const onlyEngine = got.filter((x) => !expected.includes(x)).slice(0, 10);
    const onlySql = expected.filter((x) => !got.includes(x)).slice(0, 10);
    expect.fail(
      `seed ${SEED}, ${label}: ${corpId} ${JSON.stringify(expr)}\nonly in engine: ${onlyEngine}\nonly in SQL: ${onlySql}`,
    );
  }
  expect(await e.count(corpId, expr)).toBe(expected.length);
}

async function compare(e: SegmentEngine, r: Rng, label: string): Promise<number> {
  let checked = 0;
  for (const c of corps) {
    for (const expr of PROBES) {
      await compareOne(e, c.corpId, expr, label);
      checked++;
    }
  }
  for (let i = 0; i < EXPRS_PER_CHECK; i++) {
    const c = i < EXPRS_PER_CHECK - 2 ? corps[0]! : corps[1]!;
    await compareOne(e, c.corpId, randomExpr(r, c), label);
    checked++;
  }
  // Each customer's mass-send sender: the member of their latest active relation (ties: the smaller userid).
  for (const c of corps) {
    const all = await e.withSenders(c.corpId, { op: "not", arg: { term: "stage", stages: ["nobody"] } });
    const got = Array.from(all.ids, (id, i) => `${id}:${all.senderIds[all.senders[i]!] ?? "-"}`);
    const rows = await sql<{ id: string; sender: string | null }>`select c.id::text as id,
        (select fr.userid from follow_relations fr where fr.corp_id = c.corp_id
          and fr.external_userid = c.external_userid and fr.status = 'active'
          order by fr.added_at desc nulls last, fr.userid limit 1) as sender
      from customers c where c.corp_id = ${c.corpId} order by c.id`.execute(w.db);
    expect(got, `seed ${SEED}, ${label}: senders of ${c.corpId}`).toEqual(
      rows.rows.map((x) => `${x.id}:${x.sender ?? "-"}`),
    );
    checked++;
  }
  return checked;
}

it(`engine members equal the SQL oracle's after ${OPERATIONS} random operations (seed ${SEED})`, async () => {
  const r = prng(SEED);
  let done = 0;
  let comparisons = 0;
  const sizes: number[] = [];
  while (done < OPERATIONS) {
    const lanes: Array<Array<(db: Db) => Promise<void>>> = Array.from({ length: LANES }, () => []);
    for (let i = 0; i < BATCH; i++) lanes[i % LANES]!.push(operation(r));
    const laneRngs = lanes.map((_, i) => prng(SEED * 31 + done + i));
    // While the lanes commit, the engine follows along (no assertion mid-flight).
    await Promise.all([...lanes.map((ops, i) => runLane(ops, laneRngs[i]!)), engine.catchUp()]);
    done += BATCH;
    await engine.catchUp();
    comparisons += await compare(engine, r, `after ${done} operations`);
    if (done === OPERATIONS / 2 || done >= OPERATIONS) {
      // A process starting now builds from PostgreSQL and must agree too.
      const fresh = createSegmentEngine({ db: w.db, log: w.log, clock });
      await fresh.start();
      comparisons += await compare(fresh, r, `fresh build after ${done} operations`);
      await fresh.stop();
    }
    sizes.push(engine.memory().customers);
  }
  expect(done).toBeGreaterThanOrEqual(10_000);
  expect(comparisons).toBeGreaterThanOrEqual(200);
  // The run touched a non-trivial population.
  expect(sizes.at(-1)).toBeGreaterThan(300);
}, 180_000);
