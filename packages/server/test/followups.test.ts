// Follow-up plans and the response-time SLA against the emulator, with a frozen clock: a three-round plan's
// rounds become tasks for the member at the right times (announced by WeCom app message); a "no" switches the
// plan to its fallback branch (the offer never comes) and a "no" there ends it; chats reach Siyu through the
// emulator's session-archive feed and are measured per (customer, member): a first reply after 7 minutes is a
// breach listed under the member, one after 2 minutes is not, a customer's second message while waiting does not
// restart the clock, a follow-up question left unanswered breaks the full-answer limit; breaches are alerted to
// the member's team lead; bad input is refused field by field; one corp cannot see another's plans.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { emulatorArchiveAdapter, pullArchivePage } from "../src/domains/auto-tags/archive.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { linkUserToMember } from "../src/domains/customers/customers.scope.ts";
import { runDuePlans } from "../src/domains/followups/followups.scan.ts";
import { alertBreaches, detectBreaches } from "../src/domains/followups/sla.scan.ts";
import type { LcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";
import { china, startTeamWorld, type TeamWorld } from "./team-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
let team: TeamWorld;
let m1Customers: string[] = [];
let m2Customers: string[] = [];

beforeAll(async () => {
  team = await startTeamWorld({
    customers: { m1: 5, m2: 2 },
    async prepare(lc, { m1Customers: m1 }) {
      // A customer both members follow.
      await lc.people("add-customer", { userid: "m2", externalUserId: m1[4] });
    },
  });
  ({ w, ctx, m1Customers, m2Customers } = team);
});
afterAll(() => w?.stop());

const base = () => `/api/corps/${world().corpId}/followups`;
let sessionDay = -100;
/** Moves the frozen clock; logs in again every few simulated days (sessions last 7 days). */
async function at(day: number, hhmm: string) {
  world().emuClock.set(china(day, hhmm));
  if (day - sessionDay >= 5) {
    Object.assign(world().headers, await adminSession(world().siyu.url));
    sessionDay = day;
  }
}
async function roundsDue(): Promise<number> {
  let n = 0;
  for (let k = await runDuePlans(ctx); k > 0; k = await runDuePlans(ctx)) n += k;
  return n;
}
const dispatchAll = () => team.dispatchAll();
const appTexts = (userid: string) => team.appTexts(userid);
const paths = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path);

const threeRounds = {
  name: "新客三轮跟进",
  rounds: [
    { name: "引起兴趣", day: 0, at: "10:00", script: "分享一篇护肤干货" },
    { name: "解答疑虑", day: 2, at: "10:00", script: "问问用后感受，解答疑问" },
    { name: "优惠促单", day: 5, at: "10:00", script: "发新客专属券" },
  ],
  onNo: {
    action: "fallback",
    rounds: [{ name: "温和培育", day: 14, at: "10:00", script: "分享一篇相关内容，不推销" }],
  },
};

describe("bad input", () => {
  it("is refused with the fields at fault", async () => {
    const t = await world().api("POST", `${base()}/templates`, {
      name: "乱序",
      rounds: [
        { name: "a", day: 2, at: "10:00", script: "x" },
        { name: "b", day: 1, at: "25:00", script: "" },
      ],
      onNo: { action: "fallback", rounds: [] },
    });
    expect(t.status).toBe(400);
    expect(paths(t.body)).toEqual(
      expect.arrayContaining(["/rounds/1/day", "/rounds/1/at", "/rounds/1/script", "/onNo/rounds"]),
    );
    const s = await world().api("PUT", `${base()}/sla/settings`, {
      firstReplyMinutes: 30,
      fullAnswerMinutes: 10,
      workingHours: { start: "09:00", end: "9:00" },
      alertLeader: true,
    });
    expect(s.status).toBe(400);
    expect(paths(s.body)).toEqual(expect.arrayContaining(["/workingHours/end"]));
    const s2 = await world().api("PUT", `${base()}/sla/settings`, {
      firstReplyMinutes: 30,
      fullAnswerMinutes: 10,
      workingHours: null,
      alertLeader: true,
    });
    expect(paths(s2.body)).toEqual(["/fullAnswerMinutes"]);
    const tpl = await world().api("POST", `${base()}/templates`, threeRounds);
    expect(tpl.status).toBe(201);
    const stranger = await world().api("POST", `${base()}/plans`, {
      templateId: tpl.body.id,
      externalUserId: "wmNobodyFollowsThis1",
    });
    expect(stranger.status).toBe(400);
    expect(paths(stranger.body)).toEqual(["/externalUserId"]);
    const shared = await world().api("POST", `${base()}/plans`, {
      templateId: tpl.body.id,
      externalUserId: m1Customers[4],
    });
    expect(paths(shared.body)).toEqual(["/userid"]);
    const notHers = await world().api("POST", `${base()}/plans`, {
      templateId: tpl.body.id,
      externalUserId: m1Customers[0],
      userid: "m2",
    });
    expect(paths(notHers.body)).toEqual(["/userid"]);
    const noTpl = await world().api("POST", `${base()}/plans`, {
      templateId: "999999",
      externalUserId: m1Customers[0],
    });
    expect(noTpl.body.error.code).toBe("FOLLOWUP_TEMPLATE_NOT_FOUND");
    const outcome = await world().api("POST", `${base()}/tasks/1/outcome`, { outcome: "maybe" });
    expect(paths(outcome.body)).toEqual(["/outcome"]);
  });
});

describe("a three-round plan", () => {
  let planId: string;
  let endingPlan: string;

  it("makes each round a task for the member when it falls due, announced by app message", async () => {
    await at(0, "12:00");
    const tpl = await world().api("POST", `${base()}/templates`, threeRounds);
    const started = await world().api("POST", `${base()}/plans`, {
      templateId: tpl.body.id,
      externalUserId: m1Customers[0],
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ userid: "m1", status: "active", branch: "main", tasks: [] });
    planId = started.body.id;
    const again = await world().api("POST", `${base()}/plans`, {
      templateId: tpl.body.id,
      externalUserId: m1Customers[0],
    });
    expect(again.body.error.code).toBe("FOLLOWUP_PLAN_RUNNING");
    // Day 0 at 10:00 had passed when the plan started at 12:00: round 1 is due at once.
    expect(await roundsDue()).toBe(1);
    expect(await roundsDue()).toBe(0);
    await dispatchAll();
    expect(await appTexts("m1")).toContain("引起兴趣");
    await at(2, "09:59");
    expect(await roundsDue()).toBe(0);
    await at(2, "10:00");
    // Two schedulers at once (SKIP LOCKED): the round becomes one task.
    const [x, y] = await Promise.all([runDuePlans(ctx), runDuePlans(ctx)]);
    expect(x + y).toBe(1);
    expect(await roundsDue()).toBe(0);
    const tasks = await world().api("GET", `${base()}/tasks?userid=m1&status=open`);
    expect(tasks.body.items.map((t: { name: string; dueAt: string }) => [t.name, t.dueAt])).toEqual([
      ["引起兴趣", new Date(china(0, "12:00")).toISOString()],
      ["解答疑虑", new Date(china(2, "10:00")).toISOString()],
    ]);
    expect(tasks.body.perMember).toEqual([expect.objectContaining({ userid: "m1", name: "张三", open: 2 })]);
  });

  it("switches to the fallback branch on a no: the offer never comes, a nurture round 14 days later does", async () => {
    const plan = await world().api("GET", `${base()}/plans/${planId}`);
    const [first, second] = plan.body.tasks;
    await at(2, "11:00");
    const ok = await world().api("POST", `${base()}/tasks/${first.id}/outcome`, { outcome: "positive" });
    expect(ok.body.branch).toBe("main");
    await at(3, "15:00");
    const no = await world().api("POST", `${base()}/tasks/${second.id}/outcome`, {
      outcome: "no",
      note: "觉得太贵",
    });
    expect(no.body).toMatchObject({
      status: "active",
      branch: "fallback",
      nextDueAt: new Date(china(17, "10:00")).toISOString(),
    });
    const twice = await world().api("POST", `${base()}/tasks/${second.id}/outcome`, { outcome: "positive" });
    expect(twice.body.error.code).toBe("FOLLOWUP_TASK_CLOSED");
    await at(5, "10:00");
    expect(await roundsDue()).toBe(0);
    await at(17, "09:59");
    expect(await roundsDue()).toBe(0);
    await at(17, "10:00");
    expect(await roundsDue()).toBe(1);
    const after = await world().api("GET", `${base()}/plans/${planId}`);
    expect(
      after.body.tasks.map((t: { name: string; outcome: string | null }) => [t.name, t.outcome]),
    ).toEqual([
      ["引起兴趣", "positive"],
      ["解答疑虑", "no"],
      ["温和培育", null],
    ]);
    const nurture = after.body.tasks[2];
    const end = await world().api("POST", `${base()}/tasks/${nurture.id}/outcome`, { outcome: "no" });
    expect(end.body).toMatchObject({ status: "ended", endReason: "customer_said_no", nextDueAt: null });
    await at(30, "10:00");
    expect(await roundsDue()).toBe(0);
  });

  it("ends at a no when the template says so, and completes when every round is done", async () => {
    await at(20, "09:00");
    const ender = await world().api("POST", `${base()}/templates`, {
      name: "一次性回访",
      rounds: [
        { name: "回访", day: 0, at: "10:00", script: "问问满意度" },
        { name: "再访", day: 1, at: "10:00", script: "推荐新品" },
      ],
      onNo: { action: "end" },
      remind: false,
    });
    const a = await world().api("POST", `${base()}/plans`, {
      templateId: ender.body.id,
      externalUserId: m1Customers[1],
    });
    const b = await world().api("POST", `${base()}/plans`, {
      templateId: ender.body.id,
      externalUserId: m2Customers[0],
    });
    endingPlan = a.body.id;
    expect(b.body.userid).toBe("m2");
    await at(20, "10:00");
    expect(await roundsDue()).toBe(2);
    const aTask = (await world().api("GET", `${base()}/plans/${endingPlan}`)).body.tasks[0];
    const ended = await world().api("POST", `${base()}/tasks/${aTask.id}/outcome`, { outcome: "no" });
    expect(ended.body).toMatchObject({ status: "ended", nextDueAt: null });
    await at(21, "10:00");
    expect(await roundsDue()).toBe(1);
    const bPlan = (await world().api("GET", `${base()}/plans/${b.body.id}`)).body;
    expect(bPlan.tasks).toHaveLength(2);
    await world().api("POST", `${base()}/tasks/${bPlan.tasks[0].id}/outcome`, { outcome: "neutral" });
    const done = await world().api("POST", `${base()}/tasks/${bPlan.tasks[1].id}/outcome`, {
      outcome: "positive",
    });
    expect(done.body).toMatchObject({ status: "completed", endReason: "all_rounds_done" });
    expect(await appTexts("m2")).not.toContain("回访");
  });

  it("is invisible to another corp", async () => {
    await putCorp(ctx, {
      corpId: "wwOtherCorp000001",
      name: "other",
      secret: "s",
      token: "t",
      aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      apiBase: world().emu.url,
    });
    const other = "/api/corps/wwOtherCorp000001/followups";
    const plan = await world().api("GET", `${other}/plans/${planId}`);
    expect(plan.status).toBe(404);
    expect(plan.body.error.code).toBe("FOLLOWUP_PLAN_NOT_FOUND");
    expect((await world().api("GET", `${other}/plans`)).body.items).toEqual([]);
    expect((await world().api("GET", `${other}/tasks`)).body.items).toEqual([]);
    expect((await world().api("GET", `${other}/templates`)).body.items).toEqual([]);
    const task = (await world().api("GET", `${base()}/plans/${planId}`)).body.tasks[0];
    expect((await world().api("POST", `${other}/tasks/${task.id}/outcome`, { outcome: "no" })).status).toBe(
      404,
    );
    const templates = (await world().api("GET", `${base()}/templates`)).body.items;
    const steal = await world().api("POST", `${other}/plans`, {
      templateId: templates[0].id,
      externalUserId: m1Customers[2],
    });
    expect(steal.body.error.code).toBe("FOLLOWUP_TEMPLATE_NOT_FOUND");
    expect((await world().api("GET", `${other}/sla`)).body.members).toEqual([]);
  });
});

describe("response-time SLA", () => {
  const pull = async () => {
    while ((await pullArchivePage(ctx, emulatorArchiveAdapter, world().corpId)) > 0) {}
  };
  const say = (userid: string, externalUserId: string, text: string) =>
    world().people("customer-message", { userid, externalUserId, text });
  const reply = (userid: string, externalUserId: string, text: string) =>
    world().people("member-message", { userid, externalUserId, text });

  it("lists late first replies and unanswered follow-ups under the member, and alerts the team lead", async () => {
    const [c1, c2, c3] = m1Customers.slice(1) as [string, string, string];
    const d3 = m2Customers[1]!;
    await at(40, "14:00");
    await say("m1", c1, "这款适合敏感肌吗？");
    await say("m1", c2, "在吗");
    await say("m1", c3, "什么时候发货");
    await say("m2", d3, "有优惠吗");
    await at(40, "14:01");
    await reply("m1", c3, "今天就发");
    await at(40, "14:02");
    await reply("m2", d3, "有的，新客立减 20");
    await at(40, "14:03");
    // Still waiting: a second message does not restart the clock.
    await say("m1", c2, "有人吗？");
    await at(40, "14:04");
    await pull();
    // c3 asks a follow-up question after the first reply: it must be answered within the hour too.
    await say("m1", c3, "能发顺丰吗");
    await at(40, "14:05");
    await pull();
    expect(await detectBreaches(ctx)).toBe(4);
    await at(40, "14:06");
    await reply("m1", c2, "在的，您说");
    await at(40, "14:07");
    await reply("m1", c1, "适合的，温和无刺激");
    await pull();
    await at(40, "15:01");
    await detectBreaches(ctx);
    const from = new Date(china(40, "00:00")).toISOString();
    const to = new Date(china(41, "00:00")).toISOString();
    const r = await world().api("GET", `${base()}/sla?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    const byMember = Object.fromEntries(r.body.members.map((m: { userid: string }) => [m.userid, m]));
    expect(byMember.m1).toMatchObject({
      name: "张三",
      exchanges: 3,
      replied: 3,
      // 60 s (c3), 360 s (c2: from its first message), 420 s (c1).
      medianFirstReplySeconds: 360,
      firstReplyBreaches: 2,
      fullAnswerBreaches: 1,
    });
    expect(byMember.m2).toMatchObject({ exchanges: 1, medianFirstReplySeconds: 120, firstReplyBreaches: 0 });
    const breaches = r.body.breaches.map(
      (b: { kind: string; externalUserId: string; userid: string; repliedAt: string | null }) => [
        b.kind,
        b.externalUserId,
        b.userid,
        b.repliedAt,
      ],
    );
    expect(breaches).toHaveLength(3);
    expect(breaches).toEqual(
      expect.arrayContaining([
        ["first_reply", c1, "m1", new Date(china(40, "14:07")).toISOString()],
        ["first_reply", c2, "m1", new Date(china(40, "14:06")).toISOString()],
        ["full_answer", c3, "m1", null],
      ]),
    );
    expect(await alertBreaches(ctx)).toBe(3);
    expect(await alertBreaches(ctx)).toBe(0);
    await dispatchAll();
    const leadTexts = await appTexts("lead1");
    expect(leadTexts).toContain("【响应超时】张三");
    expect(leadTexts.match(/响应超时/g)).toHaveLength(3);
    const listed = await world().api("GET", `${base()}/sla?from=${from}&to=${to}`);
    expect(listed.body.breaches.every((b: { alertedTo: string }) => b.alertedTo === "lead1")).toBe(true);
  });

  it("keeps per-corp limits: a 10-minute first-reply limit makes a 7-minute reply fine", async () => {
    const saved = await world().api("PUT", `${base()}/sla/settings`, {
      firstReplyMinutes: 10,
      fullAnswerMinutes: 120,
      workingHours: null,
      alertLeader: false,
    });
    expect(saved.status).toBe(200);
    const c = m1Customers[2]!;
    await at(42, "10:00");
    await say("m1", c, "还在吗");
    await at(42, "10:07");
    await reply("m1", c, "在");
    await pull();
    await at(42, "13:00");
    await detectBreaches(ctx);
    const from = new Date(china(42, "00:00")).toISOString();
    const r = await world().api("GET", `${base()}/sla?from=${from}`);
    expect(r.body.members).toEqual([
      expect.objectContaining({ userid: "m1", exchanges: 1, firstReplyBreaches: 0 }),
    ]);
    expect(r.body.breaches).toEqual([]);
    const bad = await world().api(
      "GET",
      `${base()}/sla?from=${from}&to=${new Date(china(41, "00:00")).toISOString()}`,
    );
    expect(paths(bad.body)).toEqual(["/from"]);
  });

  it("starts the clock when working hours open for a message sent after them", async () => {
    await world().api("PUT", `${base()}/sla/settings`, {
      firstReplyMinutes: 5,
      fullAnswerMinutes: 60,
      workingHours: { start: "09:00", end: "21:00" },
      alertLeader: false,
    });
    const c = m2Customers[0]!;
    await at(43, "22:30");
    await say("m2", c, "明天能到吗");
    await at(44, "09:03");
    await reply("m2", c, "早上好，今天能到");
    await pull();
    await at(44, "12:00");
    await detectBreaches(ctx);
    const r = await world().api("GET", `${base()}/sla?from=${new Date(china(43, "00:00")).toISOString()}`);
    expect(r.body.members).toEqual([
      expect.objectContaining({
        userid: "m2",
        exchanges: 1,
        medianFirstReplySeconds: 180,
        firstReplyBreaches: 0,
      }),
    ]);
    expect(r.body.breaches).toEqual([]);
  });
});

describe("a staff member", () => {
  it("sees only their own plans, tasks and response times, and cannot close another's round or write templates", async () => {
    const user = await insertUser(ctx.db, {
      username: "followup-staff-m2",
      password_hash: "x",
      role: "staff",
    });
    await linkUserToMember(ctx, user!.id, world().corpId, "m2");
    const token = (await createApiToken(ctx, user!.id, "t")).token;
    const asStaff = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${world().siyu.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const plans = await asStaff("GET", `${base()}/plans`);
    expect(plans.body.items.length).toBeGreaterThan(0);
    expect(plans.body.items.every((p: { userid: string }) => p.userid === "m2")).toBe(true);
    expect((await asStaff("GET", `${base()}/tasks?userid=m1`)).body.items).toEqual([]);
    const m1Tasks = (await world().api("GET", `${base()}/tasks?userid=m1`)).body.items;
    expect(m1Tasks.length).toBeGreaterThan(0);
    const closed = await asStaff("POST", `${base()}/tasks/${m1Tasks[0].id}/outcome`, { outcome: "positive" });
    expect(closed.body.error.code).toBe("FOLLOWUP_TASK_NOT_FOUND");
    const m1Plan = await asStaff("GET", `${base()}/plans/${m1Tasks[0].planId}`);
    expect(m1Plan.body.error.code).toBe("FOLLOWUP_PLAN_NOT_FOUND");
    expect((await asStaff("POST", `${base()}/templates`, threeRounds)).status).toBe(403);
    const sla = await asStaff("GET", `${base()}/sla?from=${new Date(china(40, "00:00")).toISOString()}`);
    expect(sla.body.members.map((m: { userid: string }) => m.userid)).toEqual(["m2"]);
    expect(sla.body.breaches).toEqual([]);
  });
});
