// "T+" message lines against the emulator: steps fall due at day N at HH:MM in the corp's time, the scheduler
// turns each due step into exactly one message (also when two schedulers scan at once), an edited line doesn't
// reshuffle customers already on it, a paid order ends the line, and bad lines are refused field by field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { runDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { getJourney } from "../src/domains/journeys/journeys.service.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China: the day the customers join (T+0).
const DAY0_10H = Date.parse("2026-11-23T02:00:00Z");
const china = (day: number, hhmm: string) =>
  DAY0_10H - 10 * HOUR + day * 24 * HOUR + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * 60_000;

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(DAY0_10H);
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: true,
  });
});
afterAll(() => w?.stop());

const base = () => `/api/corps/${world().corpId}/journeys`;
const step = (day: number, at: string, text: string) => ({
  timing: { kind: "day", day, at },
  content: { text },
});

async function addCustomers(names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    const r = await world().people<{ externalUserId: string }>("add-customer", {
      userid: "m1",
      customer: { name },
    });
    out.push(r.externalUserId);
  }
  await world().settle();
  return out;
}

/** Runs the scheduler and the dispatcher at the given China time; returns the enrolments moved. */
async function at(day: number, hhmm: string): Promise<number> {
  world().emuClock.set(china(day, hhmm));
  let moved = 0;
  for (let n = await runDueJourneys(ctx); n > 0; n = await runDueJourneys(ctx)) moved += n;
  while ((await dispatchOnce(ctx, channels)) > 0) {}
  return moved;
}

const texts = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string; text: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received
    .filter((m) => m.kind !== "welcome")
    .map((m) => m.text);

describe("a paused line", () => {
  it("refuses new enrolments until it is resumed; the line counts what each step planned", async () => {
    const [e] = (await addCustomers(["戊"])) as [string];
    const created = await world().api("POST", base(), {
      name: "暂停测试",
      steps: [{ timing: { kind: "hours", hours: 0 }, content: { text: "你好" } }],
    });
    const lid = created.body.id as string;
    expect((await world().api("POST", `${base()}/${lid}/status`, { status: "paused" })).status).toBe(200);
    const refused = await world().api("POST", `${base()}/${lid}/enrollments`, { externalUserids: [e] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("JOURNEY_PAUSED");
    expect(refused.body.error.message).toMatch(/paused/);
    expect((await world().api("GET", `${base()}/${lid}`)).body.enrollments.active).toBe(0);

    await world().api("POST", `${base()}/${lid}/status`, { status: "active" });
    const taken = await world().api("POST", `${base()}/${lid}/enrollments`, { externalUserids: [e] });
    expect(taken.body).toEqual({ enrolled: 1, already: 0, unknown: [] });
    expect(await at(0, "10:00")).toBe(1);
    expect(await texts(e)).toEqual(["你好"]);
    const view = (await world().api("GET", `${base()}/${lid}`)).body;
    expect(view.enrollments).toMatchObject({ done: 1, plannedAtStep: [1], skippedAtStep: [0] });
  });
});

describe("a T+0 / T+3 / T+7 line", () => {
  let id: string;
  let a: string;
  let b: string;
  let c: string;
  let d: string;

  it("refuses steps out of order, a step with nothing to send and a time that is not HH:MM", async () => {
    const r = await world().api("POST", base(), {
      name: "新客 7 天",
      steps: [
        step(3, "10:00", "x"),
        step(0, "20:00", "y"),
        { timing: { kind: "day", day: 7, at: "19:30" }, content: {} },
      ],
    });
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((x: { path: string }) => x.path);
    expect(paths).toContain("/steps/1/timing/day");
    expect(paths).toContain("/steps/2/content");
    const bad = await world().api("POST", base(), { name: "x", steps: [step(0, "25:00", "y")] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("/steps/0/timing/at");
  });

  it("enrols each customer once and lists ids it does not know", async () => {
    [a, b, c, d] = (await addCustomers(["甲", "乙", "丙", "丁"])) as [string, string, string, string];
    const created = await world().api("POST", base(), {
      name: "新客 7 天",
      steps: [step(0, "20:00", "欢迎加入"), step(3, "10:00", "品牌故事"), step(7, "19:30", "限时优惠")],
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    const r = await world().api("POST", `${base()}/${id}/enrollments`, {
      externalUserids: [a, b, c, "wmNobody0000"],
    });
    expect(r.body).toEqual({ enrolled: 3, already: 0, unknown: ["wmNobody0000"] });
    const again = await world().api("POST", `${base()}/${id}/enrollments`, { externalUserids: [a] });
    expect(again.body).toMatchObject({ enrolled: 0, already: 1 });
  });

  it("sends T+0 at 20:00 China time, once, even with two schedulers scanning together", async () => {
    expect(await at(0, "19:59")).toBe(0);
    world().emuClock.set(china(0, "20:00"));
    const [x, y] = await Promise.all([runDueJourneys(ctx, 2), runDueJourneys(ctx, 2)]);
    expect(x + y).toBeLessThanOrEqual(3);
    expect(x + y + (await at(0, "20:00"))).toBe(3);
    expect(await at(0, "20:30")).toBe(0);
    for (const e of [a, b, c]) expect(await texts(e)).toEqual(["欢迎加入"]);
    const planned = await ctx.db
      .selectFrom("outbox")
      .select(["recipient", "not_before", "planner"])
      .where("planner", "=", `journey:${id}`)
      .execute();
    expect(planned).toHaveLength(3);
    for (const p of planned)
      expect(p.not_before.toISOString()).toBe(new Date(china(0, "20:00")).toISOString());
  });

  it("keeps customers already on the line on their version when the line is edited", async () => {
    world().emuClock.set(china(0, "21:00"));
    const edited = await world().api("PUT", `${base()}/${id}/steps`, {
      steps: [
        step(0, "20:00", "欢迎加入"),
        step(1, "12:00", "新增：会员权益"),
        step(3, "10:00", "品牌故事"),
        step(7, "19:30", "限时优惠"),
      ],
    });
    expect(edited.body.version).toBe(2);
    await world().api("POST", `${base()}/${id}/enrollments`, { externalUserids: [d] });
    // D joined the line after 20:00: its T+0 goes at once.
    expect(await at(0, "21:00")).toBe(1);
    expect(await at(1, "12:00")).toBe(1);
    expect(await texts(d)).toEqual(["欢迎加入", "新增：会员权益"]);
    for (const e of [a, b, c]) expect(await texts(e)).toEqual(["欢迎加入"]);
    expect(await at(3, "10:00")).toBe(4);
    for (const e of [a, b, c]) expect(await texts(e)).toEqual(["欢迎加入", "品牌故事"]);
  });

  it("ends the line for a customer who orders; the others get T+7", async () => {
    const unionid = `union-${b}`;
    await ctx.db.updateTable("customers").set({ unionid }).where("external_userid", "=", b).execute();
    const order = await world().api("POST", "/api/orders", {
      corpId: world().corpId,
      orders: [
        {
          orderNo: "T7-1",
          status: "paid",
          amountCents: 9900,
          orderedAt: new Date(china(5, "12:00")).toISOString(),
          unionid,
        },
      ],
    });
    expect(order.status).toBe(200);
    expect(await at(7, "19:30")).toBe(3);
    expect(await texts(b)).toEqual(["欢迎加入", "品牌故事"]);
    for (const e of [a, c]) expect(await texts(e)).toEqual(["欢迎加入", "品牌故事", "限时优惠"]);
    // (Read directly: a week on, the console session of the test has expired.)
    const view = await getJourney(ctx, world().corpId, id);
    expect(view.enrollments).toMatchObject({ active: 0, done: 3, exited: 1 });
  });
});

describe("the test clock", () => {
  it("is not served unless SIYU_TEST_CLOCK=on", async () => {
    const r = await world().api("POST", "/api/test-clock/advance", { minutes: 60 });
    expect(r.status).toBe(404);
  });
});

describe("another corp", () => {
  it("cannot read the line", async () => {
    const r = await world().api("GET", `/api/corps/wwSomeoneElse/journeys/1`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });
});
