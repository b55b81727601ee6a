// The segment engine and the SQL oracle on a small hand-made corp: each term means what segments.ast.ts says, in
// both; another corp's customers never count; changes reach every engine (two "processes") through the change log,
// including transactions that commit out of order; paging through a sample.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegmentEngine, type SegmentEngine } from "../src/domains/segments/engine/index.ts";
import type { SegmentExpr } from "../src/domains/segments/segments.ast.ts";
import { countSql, membersSql } from "../src/domains/segments/segments.sql.ts";
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
  upsertRelation,
} from "./segments-world.ts";

const A = "wwSegA";
const B = "wwSegB";
const NOW = Date.parse("2026-11-20T12:00:00Z");
const clock = { now: () => NOW };
const day = 86_400_000;

let w: SegmentsWorld;
let engine: SegmentEngine;
let second: SegmentEngine;
/** name → customers.id in corp A */
const id: Record<string, string> = {};

beforeAll(async () => {
  w = await openSegmentsWorld([A, B]);
  const { db } = w;
  const stage = w.stages.get(A)!;
  const [shanghai, beijing] = w.stores.get(A)!;
  // ann: tags t1 (via u1) and t2 (via u2), stage first_order, Shanghai store, 2 paid orders (one old), live.
  id.ann = await addCustomer(db, A, "ann");
  await upsertRelation(db, A, {
    externalUserid: "ann",
    userid: "u1",
    state: "code-a",
    status: "active",
    addedAt: new Date("2026-10-01T00:00:00Z"),
  });
  await upsertRelation(db, A, {
    externalUserid: "ann",
    userid: "u2",
    state: null,
    status: "pending",
    addedAt: new Date("2026-09-15T00:00:00Z"),
  });
  await addTag(db, A, "ann", "u1", "t1");
  await addTag(db, A, "ann", "u2", "t2");
  await moveStage(db, A, id.ann, stage.get("first_order")!);
  await assignStore(db, A, id.ann, shanghai!.id);
  await addOrder(db, A, {
    orderNo: "a1",
    customerId: id.ann,
    amountCents: 10_000,
    status: "paid",
    categories: ["美妆"],
    orderedAt: new Date(NOW - 3 * day),
  });
  await addOrder(db, A, {
    orderNo: "a2",
    customerId: id.ann,
    amountCents: 5_000,
    status: "paid",
    categories: ["食品"],
    orderedAt: new Date(NOW - 90 * day),
  });
  await addParticipation(db, A, id.ann, "live:20261101");
  // bob: t1 only on a deleted relation (does not count), a refunded order only, Beijing store, stage repeat.
  id.bob = await addCustomer(db, A, "bob");
  await upsertRelation(db, A, {
    externalUserid: "bob",
    userid: "u1",
    state: "code-a",
    status: "deleted",
    addedAt: new Date("2026-08-01T00:00:00Z"),
  });
  await upsertRelation(db, A, {
    externalUserid: "bob",
    userid: "u3",
    state: "code-b",
    status: "active",
    addedAt: new Date("2026-11-01T00:00:00Z"),
  });
  await addTag(db, A, "bob", "u1", "t1");
  await addTag(db, A, "bob", "u3", "t3");
  await moveStage(db, A, id.bob, stage.get("repeat")!);
  await assignStore(db, A, id.bob, beijing!.id);
  await addOrder(db, A, {
    orderNo: "b1",
    customerId: id.bob,
    amountCents: 99_900,
    status: "refunded",
    categories: ["美妆"],
    orderedAt: new Date(NOW - day),
  });
  // cat: a customer row and nothing else.
  id.cat = await addCustomer(db, A, "cat");
  // Corp B: a customer with the same tag, stage and activity; never in corp A's answers.
  const bId = await addCustomer(db, B, "ann");
  await upsertRelation(db, B, {
    externalUserid: "ann",
    userid: "u1",
    state: "code-a",
    status: "active",
    addedAt: new Date("2026-10-01T00:00:00Z"),
  });
  await addTag(db, B, "ann", "u1", "t1");
  await moveStage(db, B, bId, w.stages.get(B)!.get("first_order")!);
  await addParticipation(db, B, bId, "live:20261101");

  engine = createSegmentEngine({ db: w.db, log: w.log, clock }, { databaseUrl: w.url });
  second = createSegmentEngine({ db: w.db, log: w.log, clock }, { pollMs: 60_000 });
  await engine.start();
  await second.start();
});

afterAll(async () => {
  await engine?.stop();
  await second?.stop();
  await w?.close();
});

async function members(e: SegmentEngine, expr: SegmentExpr, corpId = A): Promise<string[]> {
  return e.sample(corpId, expr, 1_000_000);
}

/** Engine, SQL oracle and the expected names agree. */
async function expectMembers(expr: SegmentExpr, names: string[]) {
  const expected = names.map((n) => id[n]!).sort((a, b) => Number(a) - Number(b));
  expect(await membersSql(w.db, A, expr, new Date(NOW))).toEqual(expected);
  expect(await members(engine, expr)).toEqual(expected);
  expect(await engine.count(A, expr)).toBe(expected.length);
  expect(await countSql(w.db, A, expr, new Date(NOW))).toBe(expected.length);
}

describe("terms", () => {
  it("tags count only on active or pending relations; all-of may span relations", async () => {
    await expectMembers({ term: "tag", match: "any", tagIds: ["t1"] }, ["ann"]);
    await expectMembers({ term: "tag", match: "all", tagIds: ["t1", "t2"] }, ["ann"]);
    await expectMembers({ term: "tag", match: "any", tagIds: ["t2", "t3"] }, ["ann", "bob"]);
    await expectMembers({ term: "tag", match: "all", tagIds: ["t1", "t3"] }, []);
  });

  it("stage, channel, staff, store and city", async () => {
    await expectMembers({ term: "stage", stages: ["first_order"] }, ["ann"]);
    await expectMembers({ term: "stage", stages: ["repeat", "churned"] }, ["bob"]);
    await expectMembers({ term: "channel", states: ["code-a"] }, ["ann"]);
    await expectMembers({ term: "staff", userids: ["u1", "u3"] }, ["ann", "bob"]);
    await expectMembers({ term: "store", storeIds: [w.stores.get(A)![1]!.id] }, ["bob"]);
    await expectMembers({ term: "city", cities: ["上海"] }, ["ann"]);
  });

  it("added uses the earliest active relation; customers without one never match", async () => {
    await expectMembers({ term: "added", from: "2026-09-01T00:00:00+08:00", to: "2026-10-01T00:00:00Z" }, [
      "ann",
    ]);
    await expectMembers({ term: "added", from: "2026-11-01T00:00:00Z" }, ["bob"]);
    await expectMembers({ term: "added" }, ["ann", "bob"]);
  });

  it("order terms count paid orders only", async () => {
    await expectMembers({ term: "lastOrder", days: 7 }, ["ann"]);
    await expectMembers({ term: "lastOrder", days: 3 }, ["ann"]);
    await expectMembers({ term: "lastOrder", days: 2.99 }, []);
    await expectMembers({ term: "orderCount", cmp: "=", value: 0 }, ["bob", "cat"]);
    await expectMembers({ term: "orderCount", cmp: ">=", value: 2 }, ["ann"]);
    await expectMembers({ term: "totalSpent", cmp: ">", valueCents: 14_999 }, ["ann"]);
    await expectMembers({ term: "totalSpent", cmp: "<", valueCents: 1 }, ["bob", "cat"]);
    await expectMembers({ term: "category", categories: ["美妆"] }, ["ann"]);
    await expectMembers({ term: "activity", activities: ["live:20261101"] }, ["ann"]);
  });

  it("AND, OR, NOT over the corp's customers only", async () => {
    await expectMembers({ op: "not", arg: { term: "tag", match: "any", tagIds: ["t1"] } }, ["bob", "cat"]);
    await expectMembers(
      {
        op: "and",
        args: [
          {
            op: "or",
            args: [
              { term: "stage", stages: ["repeat"] },
              { term: "lastOrder", days: 30 },
            ],
          },
          { op: "not", arg: { term: "city", cities: ["北京"] } },
        ],
      },
      ["ann"],
    );
    expect(await engine.count(B, { term: "tag", match: "any", tagIds: ["t1"] })).toBe(1);
    expect(await engine.count("wwNoSuchCorp", { term: "tag", match: "any", tagIds: ["t1"] })).toBe(0);
  });
});

describe("following the change log", () => {
  it("every engine sees committed changes after catchUp, also when transactions commit out of order", async () => {
    const t1: SegmentExpr = { term: "tag", match: "any", tagIds: ["t1"] };
    // Transaction X takes its xid first but commits last.
    let releaseX!: () => void;
    const held = new Promise<void>((r) => {
      releaseX = r;
    });
    let xStarted!: () => void;
    const started = new Promise<void>((r) => {
      xStarted = r;
    });
    const x = w.db.transaction().execute(async (trx) => {
      await addTag(trx, A, "cat", "u9", "t9"); // orphan tag, but it takes an xid
      await upsertRelation(trx, A, {
        externalUserid: "cat",
        userid: "u9",
        state: null,
        status: "active",
        addedAt: new Date("2026-11-10T00:00:00Z"),
      });
      await addTag(trx, A, "cat", "u9", "t1");
      xStarted();
      await held;
    });
    await started;
    await removeTag(w.db, A, "ann", "u1", "t1"); // commits first, with a later xid
    await engine.catchUp();
    await second.catchUp();
    expect(await members(engine, t1)).toEqual([]);
    expect(await members(second, t1)).toEqual([]);
    releaseX();
    await x;
    await engine.catchUp();
    await second.catchUp();
    expect(await members(engine, t1)).toEqual([id.cat]);
    expect(await members(second, t1)).toEqual([id.cat]);
    expect(await membersSql(w.db, A, t1, new Date(NOW))).toEqual([id.cat]);
  });

  it("a store's city change and a customer's deletion reach the engine", async () => {
    const storeOfBob = w.stores.get(A)![1]!.id;
    await sql`update stores set city = '深圳' where id = ${storeOfBob}`.execute(w.db);
    await engine.catchUp();
    expect(await members(engine, { term: "city", cities: ["深圳"] })).toEqual([id.bob]);
    await sql`delete from customers where id = ${id.bob}`.execute(w.db);
    await engine.catchUp();
    expect(await engine.count(A, { term: "city", cities: ["深圳"] })).toBe(0);
    expect(engine.memory().customers).toBe(3); // ann, cat and corp B's customer
  });

  it("pages through a sample after an id", async () => {
    const all = await members(engine, { op: "not", arg: { term: "tag", match: "any", tagIds: ["none"] } });
    expect(all).toEqual([id.ann, id.cat]);
    expect(await engine.sample(A, { op: "not", arg: { term: "stage", stages: ["x"] } }, 1)).toEqual([id.ann]);
    expect(await engine.sample(A, { op: "not", arg: { term: "stage", stages: ["x"] } }, 5, id.ann)).toEqual([
      id.cat,
    ]);
    const mem = engine.memory();
    expect(mem.bitmapBytes).toBeGreaterThan(0);
    expect(mem.rssBytes).toBeGreaterThan(mem.bitmapBytes);
  });
});
