// Inheritance (离职继承) against the emulator, on its frozen clock: a member with 250 customers and 3 groups
// resigns; their customers are assigned by rule (their store's colleagues, least loaded first) and started in
// batches of 100; 5 customers refuse and the takeovers' customer cap stops a few more; after WeCom's 24 h every
// one of the 250 has a new owner or is listed refused / at the limit, and the before/after report balances. The
// T+ line a customer was on waits out the takeover (a step due meanwhile is not lost) and goes on from the new owner, their follow-up plan moved too, the live
// code's pool dropped the departed member. Transfers to a resigned or unlicensed member (or to the handover) are
// refused field by field; re-running the poll or a duplicate callback changes nothing; another corp sees none of
// it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { getCorpCredentials, putCorp } from "../src/domains/corps/corps.service.ts";
import { runDueJobs, runJob } from "../src/domains/inheritance/inheritance.runner.ts";
import { runDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { outboxChannels } from "../src/server.ts";
import { postCallback } from "./callbacks.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China.
const DAY0_10H = Date.parse("2026-11-23T02:00:00Z");
const china = (day: number, hhmm: string) =>
  DAY0_10H - 10 * HOUR + day * 24 * HOUR + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * 60_000;

const leaverCustomers: string[] = [];
const s1Customers: string[] = [];
const chats: string[] = [];
let journeyId = "";
let liveCodeId = "";
const base = () => `/api/corps/${world().corpId}/inheritance`;
const paths = (body: { error: { details: { path: string; message: string }[] } }) =>
  body.error.details.map((d) => d.path);

const settle = () => world().settle();
async function fullSync() {
  await (await startSync(ctx, world().corpId, "full")).promise;
}
async function at(day: number, hhmm: string) {
  world().emuClock.set(china(day, hhmm));
  Object.assign(world().headers, await adminSession(world().siyu.url));
}
async function journeysAndSends() {
  while ((await runDueJourneys(ctx)) > 0) {}
  while ((await dispatchOnce(ctx, channels)) > 0) {}
}
const received = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string; text: string; sender: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received.filter((m) => m.kind !== "welcome");

beforeAll(async () => {
  w = await startLcWorld({ processor: false, clock: { now: () => (w ? w.emuClock.now() : Date.now()) } });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(DAY0_10H);
  const corp = `/_emulator/corps/${w.corpId}`;
  await w.control("PATCH", `${corp}/settings`, { massQuota: "day1", autoConfirmMass: true });
  for (const [userid, name, extra] of [
    ["leaver", "离职导购", {}],
    ["s1", "同店一", {}],
    ["s2", "同店二", {}],
    ["far", "外店", {}],
    ["gone", "已离职", {}],
    ["nolic", "无许可", { customerContact: false }],
  ] as const)
    await w.control("POST", `${corp}/members`, { userid, name, ...extra });
  for (let i = 0; i < 250; i++) {
    const r = await w.people<{ externalUserId: string }>("add-customer", {
      userid: "leaver",
      customer: { name: `老客${i}` },
    });
    leaverCustomers.push(r.externalUserId);
  }
  for (let i = 0; i < 10; i++) {
    const r = await w.people<{ externalUserId: string }>("add-customer", {
      userid: "s1",
      customer: { name: `一号客${i}` },
    });
    s1Customers.push(r.externalUserId);
  }
  for (let g = 0; g < 3; g++) {
    const r = await w.people<{ chatId: string }>("create-group", {
      owner: "leaver",
      name: `老客群${g}`,
      externalUserIds: leaverCustomers.slice(g * 10, g * 10 + 10),
    });
    chats.push(r.chatId);
  }
  await settle();
  await fullSync();
  const store = await w.api("POST", `/api/corps/${w.corpId}/stores`, {
    name: "静安店",
    city: "上海市",
    staff: ["leaver", "s1", "s2"],
  });
  expect(store.status).toBeLessThan(300);
  const code = await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
    name: "门店导购码",
    staff: [{ userid: "leaver" }, { userid: "s1" }],
  });
  expect(code.status).toBeLessThan(300);
  liveCodeId = code.body.id;
  const line = await w.api("POST", `/api/corps/${w.corpId}/journeys`, {
    name: "新客 T+",
    steps: [
      { timing: { kind: "day", day: 0, at: "20:00" }, content: { text: "欢迎加入" } },
      { timing: { kind: "day", day: 1, at: "12:00" }, content: { text: "第一天的护肤小课" } },
      { timing: { kind: "day", day: 2, at: "10:00" }, content: { text: "第二天的护肤小课" } },
    ],
  });
  expect(line.status).toBeLessThan(300);
  journeyId = line.body.id;
  const enrolled = await w.api("POST", `/api/corps/${w.corpId}/journeys/${journeyId}/enrollments`, {
    externalUserids: [leaverCustomers[0], leaverCustomers[1]],
  });
  expect(enrolled.body.enrolled).toBe(2);
  const template = await w.api("POST", `/api/corps/${w.corpId}/followups/templates`, {
    name: "老客回访",
    rounds: [
      { name: "问候", day: 0, at: "10:00", script: "问候一下" },
      { name: "回访", day: 5, at: "10:00", script: "回访使用感受" },
    ],
    onNo: { action: "end" },
  });
  expect(template.status).toBeLessThan(300);
  const plan = await w.api("POST", `/api/corps/${w.corpId}/followups/plans`, {
    templateId: template.body.id,
    externalUserId: leaverCustomers[0],
  });
  expect(plan.status).toBeLessThan(300);
  await at(0, "20:00");
  await journeysAndSends();
  expect((await received(leaverCustomers[0] as string)).map((m) => [m.sender, m.text])).toEqual([
    ["leaver", "欢迎加入"],
  ]);
  // Day 1, 08:00: the member resigns; the directory sync sees it.
  await at(1, "08:00");
  await w.people("member-resigns", { userid: "leaver" });
  await w.people("member-resigns", { userid: "gone" });
  await settle();
  await fullSync();
}, 180_000);
afterAll(() => w?.stop());

describe("departed staff", () => {
  it("lists the departed member with WeCom's 250 unassigned customers and 3 groups", async () => {
    const r = await world().api("GET", `${base()}/departed`);
    expect(r.status).toBe(200);
    const leaver = r.body.items.find((d: { userid: string }) => d.userid === "leaver");
    expect(leaver).toMatchObject({ name: "离职导购", unassigned: 250, groups: 3, latestJob: null });
    const assets = await world().api("GET", `${base()}/members/leaver/assets?kind=resigned`);
    expect(assets.body.customers).toHaveLength(250);
    expect(assets.body.groups.map((g: { chatId: string }) => g.chatId).sort()).toEqual([...chats].sort());
  });

  it("refuses, field by field, a transfer to a resigned or unlicensed member or to the handover", async () => {
    const plan = (assign: unknown, extra: Record<string, unknown> = {}) =>
      world().api("POST", `${base()}/transfers`, { kind: "resigned", handover: "leaver", assign, ...extra });
    const resigned = await plan({ mode: "hand", takeover: "gone" });
    expect(resigned.status).toBe(400);
    expect(resigned.body.error.code).toBe("VALIDATION_FAILED");
    expect(resigned.body.error.details).toEqual([
      { path: "/assign/takeover", message: "gone has resigned and cannot take over customers" },
    ]);
    const unlicensed = await plan({ mode: "hand", takeover: "nolic" });
    expect(unlicensed.status).toBe(400);
    expect(paths(unlicensed.body)).toEqual(["/assign/takeover"]);
    expect(unlicensed.body.error.details[0].message).toContain("customer-contact licence");
    const self = await plan({ mode: "hand", takeover: "leaver" });
    expect(self.body.error.details[0]).toMatchObject({ path: "/assign/takeover" });
    const mixed = await plan({ mode: "rule", candidates: ["s1", "gone", "nolic"] }, { groupOwner: "gone" });
    expect(paths(mixed.body)).toEqual(["/assign/candidates/1", "/assign/candidates/2", "/groupOwner"]);
    const notDeparted = await world().api("POST", `${base()}/transfers`, {
      kind: "resigned",
      handover: "s1",
      assign: { mode: "hand", takeover: "s2" },
    });
    expect(paths(notDeparted.body)).toEqual(["/handover"]);
    const stranger = await plan({ mode: "hand", takeover: "s1" }, { customers: [s1Customers[0]] });
    expect(paths(stranger.body)).toEqual(["/customers/0"]);
    // Nothing was stored by the refused requests.
    expect((await world().api("GET", `${base()}/transfers`)).body.items).toEqual([]);
  });
});

describe("a resigning member with 250 customers and 3 groups", () => {
  let jobId = "";

  it("assigns by rule to the store's colleagues, least loaded first, and starts batches of 100", async () => {
    // Each member may hold at most 120 customers: s1 (10 already) and s2 will not both fit everyone.
    await world().control("PATCH", `/_emulator/corps/${world().corpId}/settings`, { memberCustomerCap: 120 });
    const r = await world().api("POST", `${base()}/transfers`, {
      kind: "resigned",
      handover: "leaver",
      assign: { mode: "rule" },
    });
    expect(r.status).toBe(201);
    jobId = r.body.id;
    expect(r.body.before).toEqual({ customers: 250, groups: 3 });
    expect(r.body.customers.planned).toBe(250);
    const before = await ctx.db
      .selectFrom("inheritance_jobs")
      .select("before")
      .where("id", "=", jobId)
      .executeTakeFirstOrThrow();
    // Same store first (far is never chosen), least loaded: s2 starts at 0, s1 at 10 → 130 / 120.
    expect(before.before.perTakeover).toEqual({ s1: 120, s2: 130 });
    // The live code's pool dropped the departed member.
    const code = await world().api("GET", `/api/corps/${world().corpId}/live-codes/${liveCodeId}`);
    expect(code.body.staff.map((s: { userid: string }) => s.userid)).toEqual(["s1"]);

    expect(await runDueJobs(ctx)).toBe(1);
    const started = await world().api("GET", `${base()}/transfers/${jobId}`);
    expect(started.body.customers).toMatchObject({ planned: 0, waiting: 250 });
    expect(started.body.groups).toEqual({ planned: 0, succeeded: 3, failed: 0 });
    // 130 customers to s2 went out: the emulator answers 40058 to a call with over 100, so they went in batches.
    const groups = await ctx.db
      .selectFrom("customer_groups")
      .select("owner")
      .where("chat_id", "in", chats)
      .execute();
    expect(groups.map((g) => g.owner)).toEqual(["s2", "s2", "s2"]);
  });

  it("lists five refusals as soon as their callbacks arrive; polling again before 24 h changes nothing", async () => {
    await at(1, "12:00");
    // The line's day-1 step falls due while the customer is between owners: it waits for the takeover.
    await journeysAndSends();
    expect((await received(leaverCustomers[0] as string)).map((m) => m.text)).toEqual(["欢迎加入"]);
    for (const c of leaverCustomers.slice(200, 205))
      await world().people("refuse-transfer", { externalUserId: c });
    await settle();
    const refused = await world().api("GET", `${base()}/transfers/${jobId}/customers?status=unfinished`);
    expect(refused.body.items.map((i: { externalUserid: string }) => i.externalUserid).sort()).toEqual(
      leaverCustomers.slice(200, 205).sort(),
    );
    expect(refused.body.items[0].reason).toContain("refused");
    await runJob(ctx, jobId);
    const again = await world().api("GET", `${base()}/transfers/${jobId}`);
    expect(again.body.customers).toMatchObject({ waiting: 245, refused: 5, succeeded: 0 });
  });

  it("after WeCom's 24 h every customer has a new owner or is listed refused / at the limit; the report balances", async () => {
    await at(2, "08:01");
    expect(await runDueJobs(ctx)).toBe(1);
    await settle();
    const job = await world().api("GET", `${base()}/transfers/${jobId}`);
    expect(job.body.status).toBe("done");
    const c = job.body.customers;
    expect(c.refused).toBe(5);
    expect(c.limit).toBeGreaterThan(0);
    expect(c.planned + c.waiting).toBe(0);
    expect(c.succeeded + c.refused + c.limit + c.failed).toBe(250);
    const failed = await world().api("GET", `${base()}/transfers/${jobId}/customers?status=unfinished`);
    expect(failed.body.items).toHaveLength(c.refused + c.limit + c.failed);
    expect(failed.body.items.filter((i: { status: string }) => i.status === "limit")[0].reason).toContain(
      "limit",
    );
    const report = await world().api("GET", `${base()}/transfers/${jobId}/report`);
    expect(report.body).toMatchObject({
      before: { customers: 250, groups: 3 },
      finished: true,
      balanced: true,
      ownerMismatches: [],
    });
    expect(report.body.after.customers).toEqual({
      newOwner: c.succeeded,
      refused: 5,
      limit: c.limit,
      failed: c.failed,
      open: 0,
    });
    // Every succeeded customer is active with its new owner in Siyu, and no longer with the departed member.
    const owners = await ctx.db
      .selectFrom("follow_relations")
      .select(["userid", "status"])
      .where("corp_id", "=", world().corpId)
      .where("external_userid", "=", leaverCustomers[0] as string)
      .execute();
    expect(owners).toEqual(
      expect.arrayContaining([
        { userid: "leaver", status: "transferred" },
        { userid: expect.stringMatching(/^s[12]$/), status: "active" },
      ]),
    );
  });

  it("the T+ line's next step goes out from the new owner, and the follow-up plan moved with the customer", async () => {
    const item = await ctx.db
      .selectFrom("inheritance_customers")
      .select(["takeover_userid", "status"])
      .where("job_id", "=", jobId)
      .where("external_userid", "=", leaverCustomers[0] as string)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe("succeeded");
    await at(2, "10:00");
    await journeysAndSends();
    expect((await received(leaverCustomers[0] as string)).map((m) => [m.sender, m.text])).toEqual([
      ["leaver", "欢迎加入"],
      [item.takeover_userid, "第一天的护肤小课"],
    ]);
    // The day-2 step is planned from the new owner too (the emulator's one-message-a-day quota holds it back).
    const planned = await ctx.db
      .selectFrom("outbox")
      .select("sender")
      .where("planner", "=", `journey:${journeyId}`)
      .where("recipient", "=", leaverCustomers[0] as string)
      .orderBy("id")
      .execute();
    expect(planned.map((p) => p.sender)).toEqual(["leaver", item.takeover_userid, item.takeover_userid]);
    const exited = await ctx.db
      .selectFrom("journey_enrollments")
      .select("status")
      .where("journey_id", "=", journeyId)
      .where("status", "=", "exited")
      .execute();
    expect(exited).toEqual([]);
    const plans = await ctx.db
      .selectFrom("followup_plans")
      .select(["userid", "status"])
      .where("corp_id", "=", world().corpId)
      .where("external_userid", "=", leaverCustomers[0] as string)
      .execute();
    expect(plans).toEqual([{ userid: item.takeover_userid, status: "active" }]);
  });

  it("re-running the poll or a duplicate callback changes nothing", async () => {
    const snapshot = async () =>
      ctx.db
        .selectFrom("inheritance_customers")
        .select(["external_userid", "status", "takeover_userid", "finished_at", "moved_at"])
        .where("job_id", "=", jobId)
        .orderBy("external_userid")
        .execute();
    const before = await snapshot();
    const report = (await world().api("GET", `${base()}/transfers/${jobId}/report`)).body;
    await runJob(ctx, jobId);
    await world().api("POST", `${base()}/transfers/${jobId}/poll`);
    // A late "refused" callback for a customer who was taken over, sent twice.
    const keys = await getCorpCredentials(ctx, world().corpId);
    const taken = before.find((b) => b.status === "succeeded");
    const xml =
      `<xml><ToUserName><![CDATA[${world().corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
      `<CreateTime>${Math.floor(world().emuClock.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[transfer_fail]]></ChangeType>` +
      `<FailReason><![CDATA[customer_refused]]></FailReason><UserID><![CDATA[${taken?.takeover_userid}]]></UserID>` +
      `<ExternalUserID><![CDATA[${taken?.external_userid}]]></ExternalUserID></xml>`;
    for (let i = 0; i < 2; i++) expect((await postCallback(world().siyu.url, keys, xml)).status).toBe(200);
    await settle();
    expect(await snapshot()).toEqual(before);
    expect((await world().api("GET", `${base()}/transfers/${jobId}/report`)).body).toEqual(report);
  });

  it("reassigns refused customers to another member, refusing an unlicensed one", async () => {
    const refused = leaverCustomers.slice(200, 202);
    const bad = await world().api("POST", `${base()}/transfers/${jobId}/reassign`, {
      customers: refused,
      takeover: "nolic",
    });
    expect(paths(bad.body)).toEqual(["/takeover"]);
    const notFailed = await world().api("POST", `${base()}/transfers/${jobId}/reassign`, {
      customers: [leaverCustomers[0]],
      takeover: "far",
    });
    expect(paths(notFailed.body)).toEqual(["/customers/0"]);
    const ok = await world().api("POST", `${base()}/transfers/${jobId}/reassign`, {
      customers: refused,
      takeover: "far",
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "running", customers: { planned: 2, refused: 3 } });
    await runDueJobs(ctx);
    await at(3, "10:01");
    await runDueJobs(ctx);
    const done = await world().api("GET", `${base()}/transfers/${jobId}/report`);
    expect(done.body).toMatchObject({ finished: true, balanced: true });
    expect(done.body.after.customers.refused).toBe(3);
  });
});

describe("corp isolation", () => {
  it("another corp sees no departed members' transfers, jobs or reports", async () => {
    await putCorp(ctx, {
      corpId: "wwOtherInherit01",
      name: "other",
      secret: "s",
      token: "t",
      aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      apiBase: "http://127.0.0.1:9",
    });
    const jobs = await world().api("GET", `${base()}/transfers`);
    const id = jobs.body.items[0].id;
    const other = "/api/corps/wwOtherInherit01/inheritance";
    expect((await world().api("GET", `${other}/transfers`)).body.items).toEqual([]);
    expect((await world().api("GET", `${other}/transfers/${id}`)).status).toBe(404);
    expect((await world().api("GET", `${other}/transfers/${id}/report`)).status).toBe(404);
    expect((await world().api("GET", `${other}/transfers/${id}/customers`)).status).toBe(404);
    const moved = await world().api("POST", `${other}/transfers/${id}/reassign`, {
      customers: [leaverCustomers[203]],
      takeover: "far",
    });
    expect(moved.status).toBe(404);
    const departed = await world().api("GET", `${other}/departed`);
    expect(departed.body.items).toEqual([]);
  });
});
