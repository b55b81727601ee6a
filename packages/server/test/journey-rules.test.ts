// Journey rules against the emulator: references and steps checked field by field, placeholders and one coupon
// code per customer (an exhausted pool skips the step, visibly), SMS steps and a per-line cap, a reply handed to
// staff as a task, an opt-out, a tag, a stage and an order ending or moving a customer's line, and enrolment by
// live code and by saved segment (once / continuously).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { enrollFromSegments } from "../src/domains/journeys/journey-sources.ts";
import { runDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { getJourney } from "../src/domains/journeys/journeys.service.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { markTags } from "../src/domains/tags/tags.service.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China.
const START = Date.parse("2026-11-23T02:00:00Z");

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(START);
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: true,
  });
  await (await startSync(ctx, w.corpId, "full")).promise;
});
afterAll(() => w?.stop());

const base = () => `/api/corps/${world().corpId}/journeys`;
const hours = (h: number, text: string, extra: Record<string, unknown> = {}) => ({
  timing: { kind: "hours", hours: h },
  content: { text },
  ...extra,
});

async function settle() {
  await world().settle();
  await refreshAllMarked(ctx);
}

async function addCustomers(names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    const r = await world().people<{ externalUserId: string }>("add-customer", {
      userid: "m1",
      customer: { name },
    });
    out.push(r.externalUserId);
  }
  await settle();
  return out;
}

/** Moves the clock on by `h` hours and runs the scheduler and the dispatcher. */
async function after(h: number): Promise<void> {
  world().emuClock.set(world().emuClock.now() + h * HOUR);
  // Days on, the console session has expired: log in again at the new time.
  if (h >= 24) Object.assign(world().headers, await adminSession(world().siyu.url));
  while ((await runDueJourneys(ctx)) > 0) {}
  while ((await dispatchOnce(ctx, channels)) > 0) {}
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

async function line(body: Record<string, unknown>): Promise<string> {
  const r = await world().api("POST", base(), body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const enrol = (id: string, externalUserids: string[]) =>
  world().api("POST", `${base()}/${id}/enrollments`, { externalUserids });

const enrolment = (journeyId: string, externalUserid: string) =>
  ctx.db
    .selectFrom("journey_enrollments")
    .selectAll()
    .where("journey_id", "=", journeyId)
    .where("external_userid", "=", externalUserid)
    .executeTakeFirst();

describe("checking a line", () => {
  it("refuses bad steps and rules field by field", async () => {
    const r = await world().api("POST", base(), {
      name: "x",
      steps: [
        {
          timing: { kind: "hours", hours: 0 },
          channel: "sms",
          content: { attachments: [{ msgtype: "image" }] },
        },
        hours(1, "{coupon_code} {nickname}"),
        hours(2, "群里见", { channel: "group" }),
      ],
      rules: [
        { when: "ordered", action: "move" },
        { when: "tagged", action: "exit" },
      ],
    });
    expect(r.status).toBe(400);
    const details = r.body.error.details as { path: string; message: string }[];
    const paths = details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/steps/0/content/text",
        "/steps/0/content/attachments",
        "/steps/1/content/couponPoolId",
        "/steps/1/content/text",
        "/steps/2/channel",
        "/rules/0/journeyId",
        "/rules/1/tagId",
      ]),
    );
    expect(details.find((d) => d.path === "/steps/1/content/text")?.message).toContain("{nickname}");
  });

  it("refuses tags, stages, lines, live codes, segments and pools the corp does not have", async () => {
    const r = await world().api("POST", base(), {
      name: "x",
      steps: [hours(0, "券 {coupon_code}", { content: { text: "券 {coupon_code}", couponPoolId: "99999" } })],
      rules: [
        { when: "tagged", tagId: "etNoSuchTag", action: "exit" },
        { when: "stage", stageId: "99999", action: "exit" },
        { when: "ordered", action: "move", journeyId: "99999" },
      ],
      liveCodeIds: ["99999"],
      segment: { segmentId: "99999", mode: "once" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("JOURNEY_INVALID");
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      [
        "/liveCodeIds/0",
        "/rules/0/tagId",
        "/rules/1/stageId",
        "/rules/2/journeyId",
        "/segment/segmentId",
        "/steps/0/content/couponPoolId",
      ].sort(),
    );
  });
});

describe("a step needing a coupon code", () => {
  it("is refused on its pool while the pool has no free codes, and accepted once codes are uploaded", async () => {
    const pool = await world().api("POST", `${base()}/coupon-pools`, { name: "空券池" });
    expect(pool.status).toBe(201);
    const body = {
      name: "券线",
      steps: [
        hours(0, "券 {coupon_code}", { content: { text: "券 {coupon_code}", couponPoolId: pool.body.id } }),
      ],
    };
    const refused = await world().api("POST", base(), body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      {
        path: "/steps/0/content/couponPoolId",
        message: `coupon pool ${pool.body.id} has no free codes; upload codes to it first`,
      },
    ]);
    await world().api("POST", `${base()}/coupon-pools/${pool.body.id}/codes`, { csv: "code\nEMPTY-1\n" });
    expect((await world().api("POST", base(), body)).status).toBe(201);
  });
});

describe("changing a line's rules", () => {
  it("replaces rules, cap and sources for everyone on the line, checking references", async () => {
    const other = await line({ name: "备用线", steps: [hours(0, "a")] });
    const id = await line({ name: "可改线", steps: [hours(0, "a")] });
    const bad = await world().api("PUT", `${base()}/${id}/settings`, {
      rules: [{ when: "replied", action: "move", journeyId: id }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "JOURNEY_INVALID",
      details: [{ path: "/rules/0/journeyId" }],
    });
    const ok = await world().api("PUT", `${base()}/${id}/settings`, {
      exitOnOrder: false,
      rules: [{ when: "replied", action: "move", journeyId: other }],
      cap: { messages: 3, days: 7 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      exitOnOrder: false,
      rules: [{ when: "replied", action: "move", journeyId: other }],
      cap: { messages: 3, days: 7 },
      liveCodeIds: [],
      segment: null,
      steps: [{ channel: "wecom" }],
    });
    expect((await world().api("GET", `${base()}/${id}`)).body.rules).toHaveLength(1);
  });
});

describe("placeholders and coupon codes", () => {
  it("gives each customer their own code and skips the step, visibly, when the pool runs out", async () => {
    const pool = await world().api("POST", `${base()}/coupon-pools`, { name: "新客券" });
    expect(pool.status).toBe(201);
    const up = await world().api("POST", `${base()}/coupon-pools/${pool.body.id}/codes`, {
      csv: "code\nNEW-001\nNEW-002\nNEW-001\n",
    });
    expect(up.body).toMatchObject({ added: 2, duplicates: 0, pool: { total: 2, left: 2 } });
    const id = await line({
      name: "新客券",
      steps: [
        {
          timing: { kind: "hours", hours: 0 },
          content: {
            text: "{name}您好，我是{staff_name}，您的券码 {coupon_code}",
            couponPoolId: pool.body.id,
          },
        },
      ],
    });
    const [a, b, c] = (await addCustomers(["券甲", "券乙", "券丙"])) as [string, string, string];
    await enrol(id, [a, b, c]);
    await after(0);
    const got = [...(await texts(a)), ...(await texts(b)), ...(await texts(c))];
    expect(got).toHaveLength(2);
    const codes = got.map((t) => t.slice(-7)).sort();
    expect(codes).toEqual(["NEW-001", "NEW-002"]);
    for (const t of got) expect(t).toMatch(/^券[甲乙丙]您好，我是员工m1，您的券码 NEW-00[12]$/);
    const view = await getJourney(ctx, world().corpId, id);
    expect(view.enrollments.skipped).toEqual({ coupons_exhausted: 1 });
    const skips = await world().api("GET", `${base()}/${id}/skips`);
    expect(skips.body.items).toHaveLength(1);
    expect(skips.body.items[0]).toMatchObject({ step: 0, channel: "wecom", reason: "coupons_exhausted" });
    const pools = await world().api("GET", `${base()}/coupon-pools`);
    expect(pools.body.items[0]).toMatchObject({ id: pool.body.id, total: 2, given: 2, left: 0 });
  });
});

describe("coupon codes under two schedulers", () => {
  it("never gives one code twice when two schedulers plan the step at once", async () => {
    const pool = await world().api("POST", `${base()}/coupon-pools`, { name: "并发券" });
    await world().api("POST", `${base()}/coupon-pools/${pool.body.id}/codes`, {
      codes: ["C1", "C2", "C3", "C4", "C5"],
    });
    const id = await line({
      name: "并发券",
      steps: [
        {
          timing: { kind: "hours", hours: 0 },
          content: { text: "券 {coupon_code}", couponPoolId: pool.body.id },
        },
      ],
    });
    const people = await addCustomers(["并1", "并2", "并3", "并4", "并5", "并6", "并7", "并8"]);
    await enrol(id, people);
    const [x, y] = await Promise.all([runDueJourneys(ctx, 4), runDueJourneys(ctx, 4)]);
    while ((await runDueJourneys(ctx)) > 0) {}
    expect(x + y).toBeGreaterThan(0);
    const given = await ctx.db
      .selectFrom("coupon_codes")
      .select(["code", "customer_id"])
      .where("pool_id", "=", pool.body.id)
      .where("customer_id", "is not", null)
      .execute();
    expect(given).toHaveLength(5);
    expect(new Set(given.map((g) => g.customer_id)).size).toBe(5);
    const planned = await ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("planner", "=", `journey:${id}`)
      .execute();
    expect(planned.map((p) => (p.payload as { text: string }).text).sort()).toEqual([
      "券 C1",
      "券 C2",
      "券 C3",
      "券 C4",
      "券 C5",
    ]);
    expect((await getJourney(ctx, world().corpId, id)).enrollments.skipped).toEqual({ coupons_exhausted: 3 });
    while ((await dispatchOnce(ctx, channels)) > 0) {}
  });
});

describe("SMS steps and the line's cap", () => {
  it("texts the customer's phone, skips a customer without one, and holds a customer to the cap", async () => {
    const id = await line({
      name: "短信跟进",
      steps: [
        hours(0, "欢迎"),
        hours(24, "{name}，短信专享", { channel: "sms" }),
        hours(48, "第三条"),
        hours(24 * 10, "十天后"),
      ],
      cap: { messages: 2, days: 7 },
    });
    const [x, y] = (await addCustomers(["短信甲", "短信乙"])) as [string, string];
    await ctx.db
      .updateTable("customers")
      .set({ phones: ["138 1234 5678"] })
      .where("external_userid", "=", x)
      .execute();
    await enrol(id, [x, y]);
    await after(0);
    await after(24);
    const sms = await ctx.db
      .selectFrom("outbox")
      .select(["recipient", "payload", "status", "sender"])
      .where("planner", "=", `journey:${id}`)
      .where("channel", "=", "sms")
      .execute();
    expect(sms).toEqual([
      { recipient: "13812345678", payload: { text: "短信甲，短信专享" }, status: "sent", sender: null },
    ]);
    await after(24);
    // x had 2 messages from this line this week: the third step is skipped; y (no phone, one message) gets it.
    expect(await texts(x)).toEqual(["欢迎"]);
    expect(await texts(y)).toEqual(["欢迎", "第三条"]);
    await after(24 * 8);
    expect(await texts(x)).toEqual(["欢迎", "十天后"]);
    expect(await texts(y)).toEqual(["欢迎", "第三条", "十天后"]);
    const view = await getJourney(ctx, world().corpId, id);
    expect(view.enrollments.skipped).toEqual({ no_phone: 1, cap: 1 });
    expect(view.enrollments.done).toBe(2);
  });
});

describe("replies and opt-outs", () => {
  it("hands a customer who replied to their staff member as a task, and ends the line of one who opted out", async () => {
    const id = await line({
      name: "回复转人工",
      steps: [hours(0, "在吗"), hours(24, "再问一次")],
      rules: [{ when: "replied", action: "task" }],
    });
    const [r, o, n] = (await addCustomers(["回复甲", "退订乙", "沉默丙"])) as [string, string, string];
    await enrol(id, [r, o, n]);
    await after(0);
    const said = await world().api("POST", `/api/corps/${world().corpId}/messages`, {
      messages: [
        {
          msgid: "jr-reply-1",
          from: r,
          to: "m1",
          text: "多少钱？",
          sentAt: new Date(world().emuClock.now()).toISOString(),
        },
      ],
    });
    expect(said.status).toBe(200);
    expect(await enrolment(id, r)).toMatchObject({ status: "exited", exit_reason: "replied" });
    const tasks = await world().api("GET", `${base()}/tasks?status=open`);
    const task = tasks.body.items.find((t: { externalUserid: string }) => t.externalUserid === r);
    expect(task).toMatchObject({
      journeyId: id,
      userid: "m1",
      reason: "replied",
      customerName: "回复甲",
      status: "open",
    });
    const opt = await world().api("POST", `/api/corps/${world().corpId}/opt-outs`, { externalUserid: o });
    expect(opt.status).toBe(200);
    await after(24);
    expect(await texts(r)).toEqual(["在吗"]);
    expect(await texts(o)).toEqual(["在吗"]);
    expect(await texts(n)).toEqual(["在吗", "再问一次"]);
    const view = await getJourney(ctx, world().corpId, id);
    expect(view.enrollments.exitReasons).toEqual({ replied: 1, opted_out: 1 });
    expect((await world().api("POST", `${base()}/tasks/${task.id}/done`)).status).toBe(200);
    const open = await world().api("GET", `${base()}/tasks?status=open`);
    expect(open.body.items.some((t: { id: string }) => t.id === task.id)).toBe(false);
    expect((await world().api("POST", `${base()}/tasks/99999/done`)).body.error.code).toBe(
      "JOURNEY_TASK_NOT_FOUND",
    );
  });
});

describe("tags, stages and orders", () => {
  it("moves a tagged customer and one who orders to another line, and ends the line at a stage", async () => {
    const group = await world().api("POST", `/api/corps/${world().corpId}/tags`, {
      groupName: "意向",
      tags: [{ name: "高意向" }],
    });
    expect(group.status).toBe(200);
    const tagId = group.body.tags[0].id as string;
    const stages = (await world().api("GET", `/api/corps/${world().corpId}/stages`)).body.stages as {
      id: string;
      key: string;
    }[];
    const repeat = stages.find((s) => s.key === "repeat")!.id;
    const target = await line({ name: "转化线", steps: [hours(0, "转化-1")] });
    const id = await line({
      name: "培育线",
      steps: [hours(0, "培育-1"), hours(24, "培育-2")],
      rules: [
        { when: "tagged", tagId, action: "move", journeyId: target },
        { when: "stage", stageId: repeat, action: "exit" },
        { when: "ordered", action: "move", journeyId: target },
      ],
    });
    const [p, q, z] = (await addCustomers(["标签甲", "阶段乙", "下单丙"])) as [string, string, string];
    await enrol(id, [p, q, z]);
    await after(0);
    await markTags(ctx, {
      corpId: world().corpId,
      userid: "m1",
      externalUserId: p,
      add: [tagId],
      source: "siyu",
    });
    const qId = (
      await ctx.db
        .selectFrom("customers")
        .select("id")
        .where("external_userid", "=", q)
        .executeTakeFirstOrThrow()
    ).id;
    const moved = await world().api("POST", `/api/corps/${world().corpId}/customers/${qId}/stage`, {
      stageId: repeat,
    });
    expect(moved.status).toBe(200);
    const unionid = `union-${z}`;
    await ctx.db.updateTable("customers").set({ unionid }).where("external_userid", "=", z).execute();
    const order = await world().api("POST", "/api/orders", {
      corpId: world().corpId,
      orders: [
        {
          orderNo: "JR-1",
          status: "paid",
          amountCents: 100,
          orderedAt: new Date(world().emuClock.now()).toISOString(),
          unionid,
        },
      ],
    });
    expect(order.status).toBe(200);
    expect(await enrolment(id, z)).toMatchObject({
      status: "exited",
      exit_reason: "ordered",
      moved_to: target,
    });
    await after(24);
    expect(await texts(p)).toEqual(["培育-1", "转化-1"]);
    expect(await texts(q)).toEqual(["培育-1"]);
    expect(await texts(z)).toEqual(["培育-1", "转化-1"]);
    expect(await enrolment(target, p)).toMatchObject({ source: `journey:${id}`, status: "done" });
    const view = await getJourney(ctx, world().corpId, id);
    expect(view.enrollments.exitReasons).toEqual({ tagged: 1, stage: 1, ordered: 1 });
  });
});

describe("enrolment sources", () => {
  it("enrols a customer added through a live code the line names", async () => {
    const code = await world().api("POST", `/api/corps/${world().corpId}/live-codes`, {
      name: "海报",
      state: "jr-poster",
      staff: [{ userid: "m1" }],
    });
    expect(code.status).toBe(200);
    const id = await line({ name: "活码线", steps: [hours(0, "扫码欢迎")], liveCodeIds: [code.body.id] });
    const r = await world().people<{ externalUserId: string }>("scan-contact-way", {
      configId: code.body.configId,
      customer: { name: "扫码客" },
    });
    await settle();
    expect(await enrolment(id, r.externalUserId)).toMatchObject({
      source: `live_code:${code.body.id}`,
      status: "active",
    });
    await after(0);
    expect(await texts(r.externalUserId)).toEqual(["扫码欢迎"]);
  });

  it("enrols a saved segment's members once, or also those who match later", async () => {
    const group = await world().api("POST", `/api/corps/${world().corpId}/tags`, {
      groupName: "会员",
      tags: [{ name: "金卡" }],
    });
    const tagId = group.body.tags[0].id as string;
    const [s1, s2] = (await addCustomers(["分群甲", "分群乙"])) as [string, string];
    await markTags(ctx, {
      corpId: world().corpId,
      userid: "m1",
      externalUserId: s1,
      add: [tagId],
      source: "siyu",
    });
    const seg = await world().api("POST", `/api/corps/${world().corpId}/segments`, {
      name: "金卡会员",
      text: 'tag:"金卡"',
    });
    expect(seg.status).toBe(200);
    const once = await line({
      name: "一次",
      steps: [hours(0, "x")],
      segment: { segmentId: seg.body.id, mode: "once" },
    });
    const cont = await line({
      name: "持续",
      steps: [hours(0, "y")],
      segment: { segmentId: seg.body.id, mode: "continuous" },
    });
    expect(await ctx.segments.whenReady(10_000)).toBe(true);
    expect(await enrollFromSegments(ctx)).toBe(2);
    expect(await enrolment(once, s1)).toMatchObject({ source: `segment:${seg.body.id}` });
    expect(await enrolment(cont, s1)).toMatchObject({ source: `segment:${seg.body.id}` });
    await markTags(ctx, {
      corpId: world().corpId,
      userid: "m1",
      externalUserId: s2,
      add: [tagId],
      source: "siyu",
    });
    // Not read again within the interval; then the continuous line takes s2 and the once line does not.
    expect(await enrollFromSegments(ctx)).toBe(0);
    world().emuClock.set(world().emuClock.now() + 2 * 60_000);
    expect(await enrollFromSegments(ctx)).toBe(1);
    expect(await enrolment(cont, s2)).toBeDefined();
    expect(await enrolment(once, s2)).toBeUndefined();
  });
});
