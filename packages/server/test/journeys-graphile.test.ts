// The scale-out executor: with SIYU_SCHEDULER=graphile, due journey steps become graphile-worker jobs (one per
// enrolment and step) that the runner executes; every customer gets each step exactly once, as with the in-process
// executor, and the emulator receives the messages.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enqueueDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
// Tuesday 24 Nov 2026, 10:00 in China.
const T0 = Date.parse("2026-11-24T02:00:00Z");

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1"],
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
    env: { SIYU_SCHEDULER: "graphile", SIYU_SCHEDULER_CONCURRENCY: "3" },
  });
  w.emuClock.freeze(T0);
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { autoConfirmMass: true });
}, 60_000);
afterAll(() => w?.stop());

const texts = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string; text: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received
    .filter((m) => m.kind !== "welcome")
    .map((m) => m.text);

it("runs each due step once through graphile-worker jobs", async () => {
  const customers: string[] = [];
  for (let i = 0; i < 12; i++) {
    const r = await world().people<{ externalUserId: string }>("add-customer", {
      userid: "m1",
      customer: { name: `客${i}` },
    });
    customers.push(r.externalUserId);
  }
  await world().settle();
  const created = await world().api("POST", `/api/corps/${world().corpId}/journeys`, {
    name: "加好友即发",
    steps: [
      { timing: { kind: "hours", hours: 0 }, content: { text: "欢迎" } },
      { timing: { kind: "hours", hours: 24 }, content: { text: "第二天" } },
    ],
  });
  expect(created.status).toBe(201);
  const enrolled = await world().api(
    "POST",
    `/api/corps/${world().corpId}/journeys/${created.body.id}/enrollments`,
    {
      externalUserids: customers,
    },
  );
  expect(enrolled.body.enrolled).toBe(12);

  const runner = world().siyu.jobRunner;
  expect(runner).toBeDefined();
  world().siyu.journeyScheduler?.wake();
  await waitFor(async () => {
    world().siyu.dispatcher?.wake();
    return (await Promise.all(customers.map(texts))).every((t) => t.length === 1);
  }, 30_000);
  for (const c of customers) expect(await texts(c)).toEqual(["欢迎"]);
  expect(runner?.stats().succeeded).toBeGreaterThanOrEqual(12);

  world().emuClock.set(T0 + 24 * 3_600_000);
  world().siyu.journeyScheduler?.wake();
  await waitFor(async () => {
    world().siyu.dispatcher?.wake();
    return (await Promise.all(customers.map(texts))).every((t) => t.length === 2);
  }, 30_000);
  // Nothing more arrives: every step ran once.
  await new Promise((r) => setTimeout(r, 1500));
  for (const c of customers) expect(await texts(c)).toEqual(["欢迎", "第二天"]);
  const pending = await world()
    .siyu.ctx.db.selectFrom("journey_enrollments")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  expect(Number(pending.n)).toBe(0);
});

it("runs a step whose job a killed worker still held, without waiting graphile-worker's 4 hours", async () => {
  const r = await world().people<{ externalUserId: string }>("add-customer", {
    userid: "m1",
    customer: { name: "被锁的客" },
  });
  await world().settle();
  const created = await world().api("POST", `/api/corps/${world().corpId}/journeys`, {
    name: "死锁恢复",
    steps: [{ timing: { kind: "hours", hours: 0 }, content: { text: "迟到但不缺席" } }],
  });
  expect(created.status).toBe(201);
  const db = world().siyu.ctx.db;
  // A worker took the step's job and was killed: the job is queued under its key and locked by a worker that is gone.
  await world().siyu.journeyScheduler?.stop();
  await world().api("POST", `/api/corps/${world().corpId}/journeys/${created.body.id}/enrollments`, {
    externalUserids: [r.externalUserId],
  });
  const e = await db
    .selectFrom("journey_enrollments")
    .select(["id", "step"])
    .where("journey_id", "=", created.body.id)
    .executeTakeFirstOrThrow();
  const key = `journey:${e.id}:s${e.step}`;
  // In one transaction, so no live worker takes the job in between.
  await db.transaction().execute(async (trx) => {
    await sql`select graphile_worker.add_job('journey_step', json_build_object('id', ${e.id}::text),
      job_key => ${key}, max_attempts => 10)`.execute(trx);
    await sql`update graphile_worker._private_jobs
      set locked_by = 'worker-killed', locked_at = now() - interval '10 minutes' where key = ${key}`.execute(
      trx,
    );
  });
  expect(await enqueueDueJourneys(world().siyu.ctx)).toBe(0); // queued already: nothing new, but the lock is freed
  await waitFor(async () => {
    world().siyu.dispatcher?.wake();
    return (await texts(r.externalUserId)).length === 1;
  }, 30_000);
  expect(await texts(r.externalUserId)).toEqual(["迟到但不缺席"]);
}, 90_000);
