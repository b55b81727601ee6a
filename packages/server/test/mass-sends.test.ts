// Mass sends against the emulator's demo corp (10,000 customers synced into Siyu): refusals with field-level
// messages, sensitive words dropped before WeCom, the 1-per-day quota across two sends on one day, results after
// members confirm, reminders and cancelling, and interrupted submissions reconciled without a second copy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MassWorld, startMassWorld } from "./mass-sends-world.ts";

const N = 10_000;
// 11:00 in China (UTC+8), outside the default quiet hours: Sunday, Monday, Tuesday.
const SUNDAY = Date.parse("2026-11-22T03:00:00Z");
const MONDAY = SUNDAY + 86_400_000;
const TUESDAY = MONDAY + 86_400_000;

let w: MassWorld;
let everyone: string;
const base = () => `/api/corps/${w.corpId}/mass-sends`;

beforeAll(async () => {
  w = await startMassWorld({ customers: N, at: SUNDAY });
  everyone = await w.segment("everyone", { term: "added", from: "2000-01-01T00:00:00Z" });
}, 120_000);
afterAll(() => w?.stop());

const draft = (over: Record<string, unknown> = {}) => ({
  name: "双十二预热",
  target: { kind: "segment", segmentId: everyone },
  content: { text: "双十二会员专享，全场 8 折", attachments: [] },
  scheduledAt: null,
  onQuota: "defer",
  ...over,
});

const massTasks = () => [...w.emu.world.corps.get(w.corpId)!.massTasks.values()];
const massInbox = () => w.emu.world.corps.get(w.corpId)!.customerInbox.filter((m) => m.kind === "mass");
const quotaViolations = async () =>
  (await w.control<{ rule: string }[]>("GET", `/_emulator/corps/${w.corpId}/rules`)).filter(
    (r) => r.rule === "mass_quota",
  );

/** Members with the most customers (most recent relation), busiest first. */
async function busiestMembers(n: number): Promise<string[]> {
  const rows = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select(["userid", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .groupBy("userid")
    .orderBy("n", "desc")
    .limit(n)
    .execute();
  return rows.map((r) => r.userid);
}

describe("refusals", () => {
  it("refuses more than 9 attachments, an empty message, a deleted segment and a past time, field by field", async () => {
    const link = { kind: "link", title: "会员中心", url: "https://shop.example.com/vip" };
    const ten = await w.api("POST", `${base()}/preflight`, {
      ...draft(),
      content: { text: "hi", attachments: Array.from({ length: 10 }, () => link) },
    });
    expect(ten.status).toBe(400);
    expect(ten.body.error.code).toBe("VALIDATION_FAILED");
    expect(ten.body.error.details).toContainEqual({
      path: "/content/attachments",
      message: "at most 9 attachments (WeCom refuses more)",
    });

    const empty = await w.api("POST", base(), { ...draft(), content: { text: "  ", attachments: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toContainEqual({
      path: "/content",
      message: "a message needs text or at least one attachment",
    });

    const gone = await w.segment("soon gone", { term: "added", from: "2001-01-01T00:00:00Z" });
    expect((await w.api("DELETE", `/api/corps/${w.corpId}/segments/${gone}`)).status).toBe(200);
    const missing = await w.api("POST", base(), draft({ target: { kind: "segment", segmentId: gone } }));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ path: "/target/segmentId", message: "the segment no longer exists" }],
    });

    const past = await w.api(
      "POST",
      base(),
      draft({ scheduledAt: new Date(w.clock.now() - 3_600_000).toISOString() }),
    );
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([{ path: "/scheduledAt", message: "the time is in the past" }]);

    // Nothing was stored.
    expect((await w.api("GET", base())).body.items).toEqual([]);
  });
});

describe("interrupted submissions (Sunday)", () => {
  it("finds a task WeCom created before the msgid was stored, and sends none again", async () => {
    const [m] = await busiestMembers(1);
    const seg = await w.segment("reconcile found", { term: "staff", userids: [m] });
    const created = await w.api(
      "POST",
      base(),
      draft({ name: "reconcile 1", target: { kind: "segment", segmentId: seg } }),
    );
    expect(created.status).toBe(201);
    await w.submitAll();
    const db = w.siyu.ctx.db;
    const task = await db
      .selectFrom("mass_send_tasks")
      .selectAll()
      .where("mass_send_id", "=", created.body.id)
      .executeTakeFirstOrThrow();
    expect(task.msgid).toMatch(/./);
    const before = massTasks().length;
    // The state a crash right after WeCom answered leaves: `submitting`, no msgid.
    await db
      .updateTable("mass_send_tasks")
      .set({ status: "submitting", msgid: null })
      .where("id", "=", task.id)
      .execute();
    await db
      .updateTable("mass_send_recipients")
      .set({ status: "planned" })
      .where("task_id", "=", task.id)
      .execute();
    await w.submitAll();
    const after = await db
      .selectFrom("mass_send_tasks")
      .selectAll()
      .where("id", "=", task.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "submitted", msgid: task.msgid });
    expect(massTasks().length).toBe(before);
  });

  it("sends a task again when WeCom never got it, exactly once", async () => {
    const [, m] = await busiestMembers(2);
    const seg = await w.segment("reconcile missing", { term: "staff", userids: [m] });
    const created = await w.api(
      "POST",
      base(),
      draft({ name: "reconcile 2", target: { kind: "segment", segmentId: seg } }),
    );
    const db = w.siyu.ctx.db;
    // A crash after `submitting` was committed and before the request left.
    await db
      .updateTable("mass_send_tasks")
      .set({ status: "submitting", attempt_at: new Date(w.clock.now()) })
      .where("mass_send_id", "=", created.body.id)
      .execute();
    const before = massTasks().length;
    await w.submitAll();
    const tasks = await db
      .selectFrom("mass_send_tasks")
      .selectAll()
      .where("mass_send_id", "=", created.body.id)
      .execute();
    expect(tasks.every((t) => t.status === "submitted" && t.msgid)).toBe(true);
    expect(massTasks().length).toBe(before + tasks.length);
    const wecom = massTasks().find((t) => t.msgid === tasks[0]!.msgid)!;
    expect(wecom.recipients.length).toBe(tasks[0]!.recipients);
  });
});

describe("results, reminders and cancelling (Monday)", () => {
  it("pulls who sent what into recipient statuses, reminds the rest up to WeCom's limit, and cancels", async () => {
    w.clock.freeze(MONDAY);
    await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
      massQuota: "day1",
      autoConfirmMass: false,
    });
    const [, , a, b] = await busiestMembers(4);
    const seg = await w.segment("two members", { term: "staff", userids: [a, b] });
    const created = await w.api(
      "POST",
      base(),
      draft({ name: "results", target: { kind: "segment", segmentId: seg } }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await w.submitAll();
    let view = (await w.api("POST", `${base()}/${id}/refresh`)).body;
    expect(view.status).toBe("sent");
    const total = view.report.recipients as number;
    expect(total).toBeGreaterThan(0);
    // Nobody confirmed yet: every recipient waits for their member.
    expect(view.report).toMatchObject({ unconfirmed: total, sent: 0 });
    const waiting = await w.api("GET", `${base()}/${id}/recipients?status=unconfirmed&limit=5`);
    expect(waiting.body.items).toHaveLength(5);
    expect(waiting.body.items[0].reason).toMatch(/^waiting for .+ to send it in WeCom$/);

    // Customers go to the member of their most recent relation, so more members than the two may have a part.
    type Part = { sender: string; msgid: string; recipients: number };
    const parts = view.senders as Part[];
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const first = parts[0] as Part;
    const others = parts.slice(1);
    const other = others[0] as Part;
    const confirmed = await w.people<{ sent: number; notFriend: number; quota: number }>("confirm-mass", {
      msgid: first.msgid,
      userid: first.sender,
    });
    view = (await w.api("POST", `${base()}/${id}/refresh`)).body;
    expect(view.report.sent).toBe(confirmed.sent);
    expect(view.report.notFriend).toBe(confirmed.notFriend);
    expect(view.report.quotaHit).toBe(confirmed.quota);
    expect(view.report.unconfirmed).toBe(total - first.recipients);
    expect(view.senders.find((s: { sender: string }) => s.sender === first.sender)).toMatchObject({
      status: "confirmed",
      sent: confirmed.sent,
    });
    const sent = await w.api("GET", `${base()}/${id}/recipients?status=sent&limit=200`);
    expect(
      sent.body.items.every((r: { sender: string; sentAt: string }) => r.sender === first.sender && r.sentAt),
    ).toBe(true);

    // Only members who have not sent are reminded, three times in 24 h, then WeCom's limit.
    for (let i = 0; i < 3; i++)
      expect((await w.api("POST", `${base()}/${id}/remind`)).body).toEqual({ reminded: others.length });
    const limit = await w.api("POST", `${base()}/${id}/remind`);
    expect(limit.status).toBe(409);
    expect(limit.body.error.code).toBe("MASS_SEND_REMIND_LIMIT");
    const notes = await w.control<{ msgtype: string }[]>(
      "GET",
      `/_emulator/corps/${w.corpId}/members/${other.sender}/app-messages`,
    );
    expect(notes.filter((m) => m.msgtype === "mass_remind")).toHaveLength(3);

    const cancelled = await w.api("POST", `${base()}/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.senders.find((s: { sender: string }) => s.sender === other.sender).status).toBe(
      "cancelled",
    );
    expect(w.emu.world.corps.get(w.corpId)!.massTasks.get(other.msgid)!.cancelled).toBe(true);
    const left = await w.api("GET", `${base()}/${id}/recipients?status=unconfirmed&limit=1`);
    expect(left.body.items[0].reason).toMatch(/^cancelled before .+ sent it$/);
    // Their touches are gone: they received nothing, so today's quota is still theirs.
    const touched = await w.siyu.ctx.db
      .selectFrom("recipient_touches")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("planner", "=", `mass-send:${id}`)
      .executeTakeFirstOrThrow();
    expect(Number(touched.n)).toBe(confirmed.sent);
    const again = await w.api("POST", `${base()}/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("MASS_SEND_NOT_CANCELLABLE");
  }, 60_000);
});

describe("the 1-per-day quota and sensitive words (Tuesday)", () => {
  it("a second send to the same 10,000 customers on one day reaches none of them and waits for tomorrow", async () => {
    w.clock.freeze(TUESDAY);
    await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
      massQuota: "day1",
      autoConfirmMass: true,
    });
    const inboxBefore = massInbox().length;
    const violationsBefore = (await quotaViolations()).length;
    const first = await w.api("POST", base(), draft({ name: "first" }));
    expect(first.status).toBe(201);
    const total = first.body.report.recipients as number;
    expect(total).toBeGreaterThanOrEqual(N * 0.9);
    expect(first.body.report).toMatchObject({ deferred: 0, dropped: 0 });
    await w.submitAll();
    const one = (await w.api("POST", `${base()}/${first.body.id}/refresh`)).body;
    expect(one.report.sent).toBe(total);
    expect(massInbox().length - inboxBefore).toBe(total);

    const pre = await w.api("POST", `${base()}/preflight`, draft({ name: "second" }));
    expect(pre.body).toMatchObject({ total, now: 0, deferred: total, dropped: 0 });
    expect(pre.body.byReason).toEqual([
      expect.objectContaining({ action: "defer", rule: "receive_quota", count: total }),
    ]);
    expect(pre.body.byReason[0].reason).toMatch(/already received 1 of 1 \(1 per day\)/);
    const second = await w.api("POST", base(), draft({ name: "second" }));
    expect(second.body.report).toMatchObject({ recipients: total, deferred: total });
    const tasksBefore = massTasks().length;
    await w.submitAll();
    expect(massTasks().length).toBe(tasksBefore);
    const tomorrow = Date.parse("2026-11-24T16:00:00Z"); // Wednesday 00:00 in China
    const views = (await w.api("GET", `${base()}/${second.body.id}`)).body;
    expect(views.status).toBe("sending");
    expect(views.senders.every((s: { status: string }) => s.status === "planned")).toBe(true);
    const due = await w.siyu.ctx.db
      .selectFrom("mass_send_tasks")
      .select("not_before")
      .where("mass_send_id", "=", second.body.id)
      .execute();
    expect(due.every((t) => t.not_before.getTime() === tomorrow)).toBe(true);

    const dropped = await w.api("POST", base(), draft({ name: "third", onQuota: "drop" }));
    expect(dropped.body).toMatchObject({ status: "sent", report: { recipients: total, dropped: total } });
    const why = await w.api("GET", `${base()}/${dropped.body.id}/recipients?status=dropped&limit=1`);
    expect(why.body.items[0].reason).toMatch(/already received 1 of 1 .*does not wait past its day/);
    await w.submitAll();
    expect(massTasks().length).toBe(tasksBefore);
    expect(massInbox().length - inboxBefore).toBe(total);
    expect((await quotaViolations()).length).toBe(violationsBefore);
  }, 240_000);

  it("drops a message with a listed sensitive word before it reaches WeCom, and says why", async () => {
    const words = await w.api("POST", `/api/corps/${w.corpId}/send-gate/sensitive-words`, {
      words: ["最高级"],
    });
    expect(words.status).toBe(200);
    const seg = await w.segment("one member", { term: "staff", userids: (await busiestMembers(5)).slice(4) });
    const text = "全网最高级的护肤体验";
    const d = draft({
      name: "敏感词",
      target: { kind: "segment", segmentId: seg },
      content: { text, attachments: [] },
    });
    const pre = await w.api("POST", `${base()}/preflight`, d);
    expect(pre.status).toBe(200);
    expect(pre.body.now).toBe(0);
    expect(pre.body.dropped).toBe(pre.body.total);
    expect(pre.body.byReason).toEqual([
      {
        action: "drop",
        rule: "sensitive_words",
        reason: 'contains the sensitive word "最高级"',
        count: pre.body.total,
      },
    ]);
    const tasksBefore = massTasks().length;
    const created = await w.api("POST", base(), d);
    await w.submitAll();
    const view = (await w.api("GET", `${base()}/${created.body.id}`)).body;
    expect(view.report).toMatchObject({ dropped: pre.body.total, submitted: 0, sent: 0 });
    expect(view.senders).toEqual([]);
    const rows = await w.api("GET", `${base()}/${created.body.id}/recipients?limit=1`);
    expect(rows.body.items[0]).toMatchObject({
      status: "dropped",
      reason: 'contains the sensitive word "最高级"',
    });
    expect(massTasks().length).toBe(tasksBefore);
    expect(massTasks().some((t) => t.text?.content === text)).toBe(false);
  }, 60_000);
});
