// SOPs against the emulator, with a frozen clock: a weekly personal SOP fires Monday 09:00 China time into one
// task per owner (also with two schedulers scanning together) and each owner gets a WeCom app message; a task not
// done by its deadline escalates to the owner's team lead from the directory; auto mode plans mass sends that
// pass the send gate and reach WeCom, and a task is found done when the owner confirms; a festival entry fires
// once, to an owner's tagged customers or to a saved segment's; a staff member sees and completes only their own
// tasks; a weekly group SOP makes one task per group per week; bad SOPs are refused field by field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { linkUserToMember } from "../src/domains/customers/customers.scope.ts";
import { detectCompletions } from "../src/domains/sops/sops.detect.ts";
import { escalateOverdue } from "../src/domains/sops/sops.escalate.ts";
import { runDueSops } from "../src/domains/sops/sops.scan.ts";
import { sopInput } from "../src/domains/sops/sops.schemas.ts";
import { completeTask, createSop, updateSop } from "../src/domains/sops/sops.service.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import type { LcWorld } from "./live-codes-world.ts";
import { china, startTeamWorld, type TeamWorld } from "./team-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
let team: TeamWorld;
let m1Customers: string[] = [];
let m2Customers: string[] = [];
let vip1 = "";
let vip2 = "";
let chatter = "";

beforeAll(async () => {
  team = await startTeamWorld({
    customers: { m1: 3, m2: 2 },
    async prepare(lc, { m1Customers: m1, m2Customers: m2 }) {
      const group = async (owner: string, name: string, externalUserIds: string[]) =>
        (await lc.people<{ chatId: string }>("create-group", { owner, name, externalUserIds })).chatId;
      vip1 = await group("m1", "VIP 一群", m1);
      vip2 = await group("m2", "VIP 二群", m2);
      chatter = await group("m1", "闲聊群", [m1[0] as string]);
    },
  });
  ({ w, ctx, m1Customers, m2Customers } = team);
  await team.w.control("PATCH", `/_emulator/corps/${team.w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: false,
  });
});
afterAll(() => w?.stop());

const base = () => `/api/corps/${world().corpId}/sops`;

async function at(day: number, hhmm: string) {
  world().emuClock.set(china(day, hhmm));
}
async function fireAll(): Promise<number> {
  let n = 0;
  for (let k = await runDueSops(ctx); k > 0; k = await runDueSops(ctx)) n += k;
  return n;
}
const dispatchAll = () => team.dispatchAll();
const appTexts = (userid: string) => team.appTexts(userid);
const tasksOf = (sopId: string) =>
  ctx.db
    .selectFrom("sop_tasks")
    .selectAll()
    .where("sop_id", "=", sopId)
    .orderBy("owner")
    .orderBy("target_key")
    .execute();

describe("bad SOPs", () => {
  it("are refused with the fields at fault", async () => {
    const r = await world().api("POST", base(), {
      name: "周报",
      kind: "personal",
      rules: [
        { schedule: { kind: "weekly", weekdays: [], at: "09:00" }, content: { text: "x" } },
        { schedule: { kind: "daily", at: "24:00" }, content: { text: "x" } },
        { schedule: { kind: "monthly", day: 32, at: "09:00" }, content: { text: "x" } },
        { schedule: { kind: "daily", at: "09:00" }, content: {} },
      ],
    });
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/rules/0/schedule/weekdays",
        "/rules/1/schedule/at",
        "/rules/2/schedule/day",
        "/rules/3/content",
      ]),
    );
    const group = await world().api("POST", base(), {
      name: "群 SOP",
      kind: "group",
      audience: { tagIds: ["et1"] },
      rules: [{ schedule: { kind: "after_join", day: 1, at: "10:00" }, content: { text: "x" } }],
    });
    expect(group.status).toBe(400);
    expect(group.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["/audience/tagIds", "/rules/0/schedule/kind"]),
    );
    const past = await world().api("POST", base(), {
      name: "过期活动",
      kind: "personal",
      audience: { segmentId: "999" },
      rules: [{ schedule: { kind: "date", date: "2026-11-11", at: "10:00" }, content: { text: "双十一" } }],
    });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "/rules/0/schedule/date", message: "2026-11-11 10:00 has already passed" },
        { path: "/audience/segmentId", message: "no such saved segment" },
      ]),
    );
    expect((await world().api("GET", `${base()}/424242`)).body.error.code).toBe("SOP_NOT_FOUND");
  });
});

describe("a weekly personal SOP (remind)", () => {
  let id: string;

  it("fires Monday 09:00 China time: one task per owner with their customers, once with two schedulers", async () => {
    const r = await world().api("POST", base(), {
      name: "周一早安",
      kind: "personal",
      rules: [
        {
          schedule: { kind: "weekly", weekdays: [1], at: "09:00" },
          content: { text: "周一早安，本周新品已上架" },
        },
        { schedule: { kind: "monthly", day: 31, at: "20:00" }, content: { text: "月末会员日" } },
      ],
    });
    expect(r.status).toBe(201);
    id = r.body.id;
    expect(r.body.rules[0].nextDueAt).toBe("2026-11-23T01:00:00.000Z");
    // November has 30 days: "the 31st" is the month's last day.
    expect(r.body.rules[1].nextDueAt).toBe("2026-11-30T12:00:00.000Z");

    await at(1, "08:59");
    expect(await fireAll()).toBe(0);
    await at(1, "09:00");
    const [a, b] = await Promise.all([runDueSops(ctx), runDueSops(ctx)]);
    expect(a + b).toBe(1);
    expect(await fireAll()).toBe(0);
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => [t.owner, [...t.targets].sort()])).toEqual([
      ["m1", [...m1Customers].sort()],
      ["m2", [...m2Customers].sort()],
    ]);
    for (const t of tasks) {
      expect(t.due_at.toISOString()).toBe("2026-11-23T01:00:00.000Z");
      expect(t.deadline_at.toISOString()).toBe("2026-11-24T01:00:00.000Z");
    }
    const view = await world().api("GET", `${base()}/${id}`);
    expect(view.body.rules[0].nextDueAt).toBe("2026-11-30T01:00:00.000Z");
    expect(view.body.tasks).toEqual({ open: 2, overdue: 0, done: 0 });
  });

  it("tells each owner by WeCom app message", async () => {
    await dispatchAll();
    expect(await appTexts("m1")).toContain("周一早安，本周新品已上架");
    expect(await appTexts("m1")).toContain("3 位客户");
    expect(await appTexts("m2")).toContain("2 位客户");
    expect(await appTexts("lead1")).not.toContain("周一早安");
  });

  it("shows a staff member only their own tasks; they can't complete another's or write SOPs", async () => {
    const user = await insertUser(ctx.db, { username: "sop-staff-m2", password_hash: "x", role: "staff" });
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
    const own = await asStaff("GET", `${base()}/tasks`);
    expect(own.body.items.map((t: { owner: string }) => t.owner)).toEqual(["m2"]);
    expect((await asStaff("GET", `${base()}/tasks?owner=m1`)).body.items).toEqual([]);
    const m1Task = (await tasksOf(id)).find((t) => t.owner === "m1");
    const other = await asStaff("POST", `${base()}/tasks/${m1Task?.id}/complete`);
    expect(other.body.error.code).toBe("SOP_TASK_NOT_FOUND");
    expect((await tasksOf(id)).every((t) => t.status === "open")).toBe(true);
    const write = await asStaff("POST", base(), {
      name: "x",
      kind: "personal",
      rules: [{ schedule: { kind: "daily", at: "09:00" }, content: { text: "x" } }],
    });
    expect(write.status).toBe(403);
  });

  it("lists tasks per owner; the owner's completion is kept; the undone one escalates to the team lead", async () => {
    const mine = await world().api("GET", `${base()}/tasks?owner=m1&status=open`);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({
      owner: "m1",
      ownerName: "张三",
      targetCount: 3,
      sopName: "周一早安",
    });
    const done = await world().api("POST", `${base()}/tasks/${mine.body.items[0].id}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "done", overdue: false });
    expect((await world().api("POST", `${base()}/tasks/999999/complete`)).body.error.code).toBe(
      "SOP_TASK_NOT_FOUND",
    );

    await at(2, "08:59");
    expect(await escalateOverdue(ctx)).toBe(0);
    await at(2, "09:00");
    const [x, y] = await Promise.all([escalateOverdue(ctx), escalateOverdue(ctx)]);
    expect(x + y).toBe(1);
    expect(await escalateOverdue(ctx)).toBe(0);
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => [t.owner, t.status, t.escalated_to])).toEqual([
      ["m1", "done", null],
      ["m2", "open", "lead1"],
    ]);
    await dispatchAll();
    const lead = await appTexts("lead1");
    expect(lead).toContain("【SOP 超时】李四");
    expect(lead).toContain("周一早安");
    const overdue = await world().api("GET", `${base()}/tasks?status=overdue`);
    expect(overdue.body.items.map((t: { owner: string }) => t.owner)).toEqual(["m2"]);
  });
});

describe("auto mode", () => {
  it("plans the group sends through the gate; a task is done once its owner confirms the mass send", async () => {
    await at(2, "12:00");
    const r = await world().api("POST", base(), {
      name: "VIP 群周三推荐",
      kind: "group",
      mode: "auto",
      audience: { nameContains: "vip" },
      rules: [
        {
          schedule: { kind: "weekly", weekdays: [3], at: "10:00" },
          content: { text: "今日 VIP 专享：满 199 减 30" },
        },
      ],
    });
    expect(r.status).toBe(201);
    await at(3, "10:00");
    expect(await fireAll()).toBe(1);
    const tasks = await tasksOf(r.body.id);
    expect(tasks.map((t) => [t.owner, t.chat_id])).toEqual([
      ["m1", vip1],
      ["m2", vip2],
    ]);
    await dispatchAll();
    const rows = await ctx.db
      .selectFrom("outbox")
      .select(["id", "recipient", "status", "result", "channel"])
      .where("planner", "=", `sop:${r.body.id}`)
      .orderBy("recipient")
      .execute();
    expect(rows.map((o) => [o.channel, o.recipient, o.status]).sort()).toEqual(
      [
        ["wecom.group_message", vip1, "sent"],
        ["wecom.group_message", vip2, "sent"],
      ].sort(),
    );
    const decisions = await ctx.db
      .selectFrom("send_decisions")
      .select("action")
      .where(
        "outbox_id",
        "in",
        rows.map((o) => o.id),
      )
      .execute();
    expect(decisions.map((d) => d.action)).toEqual(["send", "send"]);

    // Nothing confirmed yet: still open.
    expect(await detectCompletions(ctx)).toBe(0);
    const m1Msgid = (rows.find((o) => o.recipient === vip1)?.result as { msgid?: string } | null)?.msgid;
    expect(m1Msgid).toBeTruthy();
    await world().people("confirm-mass", { msgid: m1Msgid, userid: "m1" });
    await at(3, "10:06");
    expect(await detectCompletions(ctx)).toBe(1);
    const after = await tasksOf(r.body.id);
    expect(after.map((t) => [t.owner, t.status, t.done_by])).toEqual([
      ["m1", "done", "detected"],
      ["m2", "open", null],
    ]);
    const inspect = await world().control<{ customerMessages: Record<string, { text: string }[]> }>(
      "GET",
      `/_emulator/corps/${world().corpId}/inspect`,
    );
    expect(inspect.customerMessages[vip1]?.map((m) => m.text)).toEqual(["今日 VIP 专享：满 199 减 30"]);
    expect(inspect.customerMessages[vip2] ?? []).toEqual([]);
  });

  it("a day-after-joining entry sends to each owner's customers who joined the day before, as that owner", async () => {
    await at(3, "12:00");
    const joiner = await world().people<{ externalUserId: string }>("add-customer", {
      userid: "m2",
      customer: { name: "新客" },
    });
    await world().settle();
    const r = await world().api("POST", base(), {
      name: "新客次日关怀",
      kind: "personal",
      mode: "auto",
      rules: [
        {
          schedule: { kind: "after_join", day: 1, at: "10:00" },
          content: { text: "昨天加了好友，送你一张券" },
        },
      ],
    });
    expect(r.status).toBe(201);
    await at(4, "10:00");
    expect(await fireAll()).toBe(1);
    const tasks = await tasksOf(r.body.id);
    expect(tasks.map((t) => [t.owner, t.targets])).toEqual([["m2", [joiner.externalUserId]]]);
    await dispatchAll();
    const row = await ctx.db
      .selectFrom("outbox")
      .select(["status", "sender", "channel"])
      .where("planner", "=", `sop:${r.body.id}`)
      .execute();
    expect(row).toEqual([{ status: "sent", sender: "m2", channel: "wecom.customer_message" }]);
    // The next day covers only that day's joiners: none.
    await at(5, "10:00");
    expect(await fireAll()).toBe(1);
    expect(await tasksOf(r.body.id)).toHaveLength(1);
  });
});

describe("a festival SOP", () => {
  it("fires once at its date and time", async () => {
    await at(5, "12:00");
    await ctx.db
      .updateTable("sops")
      .set({ status: "paused" })
      .where("corp_id", "=", world().corpId)
      .execute();
    // A VIP tag on one customer of each member; the festival goes to m1's VIP customers only.
    const { tagIds } = await world().people<{ tagIds: string[] }>("admin-create-tags", {
      groupName: "会员等级",
      tags: ["VIP"],
    });
    const vipTag = tagIds[0] as string;
    await world().people("member-edits-customer", {
      userid: "m1",
      externalUserId: m1Customers[1],
      addTags: [vipTag],
    });
    await world().people("member-edits-customer", {
      userid: "m2",
      externalUserId: m2Customers[0],
      addTags: [vipTag],
    });
    // (Tags edited in WeCom reach Siyu through a customer refresh: a sync here, as no sync worker runs.)
    await (await startSync(ctx, world().corpId, "full")).promise;
    const r = await world().api("POST", base(), {
      name: "双十二",
      kind: "personal",
      audience: { owners: ["m1"], tagIds: [vipTag] },
      rules: [
        { schedule: { kind: "date", date: "2026-12-12", at: "10:00" }, content: { text: "双十二狂欢" } },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body.rules[0].nextDueAt).toBe("2026-12-12T02:00:00.000Z");
    // The same campaign for a saved segment (VIP customers of any member): each owner gets theirs.
    const seg = await world().api("POST", `/api/corps/${world().corpId}/segments`, {
      name: "VIP 客户",
      text: 'tag:"VIP"',
    });
    expect(seg.status).toBe(200);
    const bySegment = await world().api("POST", base(), {
      name: "双十二（人群）",
      kind: "personal",
      audience: { segmentId: seg.body.id },
      rules: [
        { schedule: { kind: "date", date: "2026-12-12", at: "10:00" }, content: { text: "双十二 VIP 专场" } },
      ],
    });
    expect(bySegment.status).toBe(201);
    world().emuClock.set(Date.parse("2026-12-12T01:59:00Z"));
    expect(await fireAll()).toBe(0);
    world().emuClock.set(Date.parse("2026-12-12T02:00:00Z"));
    expect(await fireAll()).toBe(2);
    expect((await tasksOf(bySegment.body.id)).map((t) => [t.owner, t.targets])).toEqual([
      ["m1", [m1Customers[1]]],
      ["m2", [m2Customers[0]]],
    ]);
    world().emuClock.set(Date.parse("2026-12-13T02:00:00Z"));
    expect(await fireAll()).toBe(0);
    const tasks = await tasksOf(r.body.id);
    expect(tasks.map((t) => [t.owner, t.targets])).toEqual([["m1", [m1Customers[1]]]]);
    const rule = await ctx.db
      .selectFrom("sop_rules")
      .selectAll()
      .where("sop_id", "=", r.body.id)
      .executeTakeFirstOrThrow();
    expect(rule.next_due_at).toBeNull();
    // Editing it afterwards keeps the fired date (it does not fire again); a new past date is refused.
    const input = sopInput.parse({
      name: "双十二（已结束）",
      kind: "personal",
      audience: { owners: ["m1"] },
      rules: [
        { schedule: { kind: "date", date: "2026-12-12", at: "10:00" }, content: { text: "双十二狂欢" } },
      ],
    });
    expect((await updateSop(ctx, world().corpId, r.body.id, input)).rules[0]?.nextDueAt).toBeNull();
    expect(await fireAll()).toBe(0);
    const moved = {
      ...input,
      rules: [{ ...input.rules[0]!, schedule: { kind: "date" as const, date: "2026-12-11", at: "10:00" } }],
    };
    await expect(updateSop(ctx, world().corpId, r.body.id, moved)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ path: "/rules/0/schedule/date", message: "2026-12-11 10:00 has already passed" }],
    });
  });
});

describe("a weekly group SOP (remind)", () => {
  it("makes one task per group per week; a task left undone escalates after the set delay", async () => {
    // A week after the console session began it has expired, so the SOP is written through the service.
    world().emuClock.set(Date.parse("2026-12-13T02:00:00Z"));
    // (Tasks of the earlier SOPs left open are overdue by now: escalated first, out of the way.)
    while ((await escalateOverdue(ctx)) > 0) {}
    const sop = await createSop(
      ctx,
      world().corpId,
      sopInput.parse({
        name: "群周一话题",
        kind: "group",
        audience: { owners: ["m1"] },
        deadlineHours: 2,
        rules: [
          {
            schedule: { kind: "weekly", weekdays: [1], at: "15:00" },
            content: { text: "本周话题：秋冬护肤" },
          },
        ],
      }),
    );
    expect(sop.rules[0]?.nextDueAt).toBe("2026-12-14T07:00:00.000Z");
    world().emuClock.set(Date.parse("2026-12-14T07:00:00Z"));
    expect(await fireAll()).toBe(1);
    const first = await tasksOf(sop.id);
    expect(first.map((t) => [t.owner, t.target_key])).toEqual(
      [vip1, chatter].sort().map((chat) => ["m1", `chat:${chat}`]),
    );
    await dispatchAll();
    expect(await appTexts("m1")).toContain("2 个群");

    world().emuClock.set(Date.parse("2026-12-14T08:59:00Z"));
    expect(await escalateOverdue(ctx)).toBe(0);
    await completeTask(ctx, world().corpId, first[0]!.id, { kind: "member", userid: "m1" }, "owner");
    world().emuClock.set(Date.parse("2026-12-14T09:00:00Z"));
    expect(await escalateOverdue(ctx)).toBe(1);
    await dispatchAll();
    const undone = first[1]!;
    const groupName = undone.chat_id === vip1 ? "VIP 一群" : "闲聊群";
    expect(await appTexts("lead1")).toContain(`群「${groupName}」`);

    // The next Monday: one more task per group, nothing twice.
    world().emuClock.set(Date.parse("2026-12-21T07:00:00Z"));
    expect(await fireAll()).toBe(1);
    expect(await fireAll()).toBe(0);
    const all = await tasksOf(sop.id);
    expect(all).toHaveLength(4);
    expect(new Set(all.map((t) => `${t.target_key}@${t.due_at.toISOString()}`)).size).toBe(4);
  });
});
