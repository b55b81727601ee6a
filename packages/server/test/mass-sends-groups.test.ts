// Mass sends to customer groups against the emulator: one add_msg_template (chat_type group) per owner with the
// chosen groups, sent when the owner confirms, the report filled in from the send results (WeCom lists only the
// groups already sent to); the 1-per-day quota counts per group, so a group reached today waits for tomorrow and the
// emulator records no quota violation; the gate's decisions for the sends are in its decision log.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MassWorld, startMassWorld } from "./mass-sends-world.ts";

// 11:00 in China (UTC+8), outside the default quiet hours.
const MONDAY = Date.parse("2026-11-23T03:00:00Z");
const TUESDAY = MONDAY + 86_400_000;
const TUESDAY_MIDNIGHT = Date.parse("2026-11-23T16:00:00Z"); // 00:00 in China

let w: MassWorld;
const base = () => `/api/corps/${w.corpId}/mass-sends`;
/** Groups by owner: a1, a2 (member a), b1 (member b). */
const g: Record<string, string> = {};
let a = "";
let b = "";

const corp = () => w.emu.world.corps.get(w.corpId)!;
const groupInbox = () => corp().customerInbox.filter((m) => m.kind === "mass" && m.chatId !== "");
const quotaViolations = async () =>
  (await w.control<{ rule: string }[]>("GET", `/_emulator/corps/${w.corpId}/rules`)).filter(
    (r) => r.rule === "mass_quota",
  );

const draft = (name: string, chatIds: string[]) => ({
  name,
  target: { kind: "groups", chatIds },
  content: { text: "本周六门店会员日，进群领券", attachments: [] },
  scheduledAt: null,
  onQuota: "defer",
});

beforeAll(async () => {
  w = await startMassWorld({ customers: 40, at: MONDAY });
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: false,
  });
  const members = [...corp().members.keys()];
  [a, b] = members as [string, string];
  const customers = [...corp().customers.keys()];
  for (const [key, owner, i] of [
    ["a1", a, 0],
    ["a2", a, 1],
    ["b1", b, 2],
  ] as const) {
    const r = await w.people<{ chatId: string }>("create-group", {
      owner,
      name: `会员群 ${key}`,
      externalUserIds: [customers[i]],
    });
    g[key] = r.chatId;
  }
  // What the group sync stores (it has its own tests).
  for (const [key, chatId] of Object.entries(g))
    await sql`insert into customer_groups (corp_id, chat_id, name, owner)
      values (${w.corpId}, ${chatId}, ${`会员群 ${key}`}, ${corp().groups.get(chatId)!.owner})`.execute(
      w.siyu.ctx.db,
    );
}, 120_000);
afterAll(() => w?.stop());

describe("mass sends to groups", () => {
  it("sends one group task per owner, fills the report as owners send, and holds a group reached today", async () => {
    const violationsBefore = (await quotaViolations()).length;
    const pre = await w.api("POST", `${base()}/preflight`, draft("会员日", [g.a1!, g.a2!, g.b1!]));
    expect(pre.status).toBe(200);
    expect(pre.body).toMatchObject({ total: 3, now: 3, deferred: 0, dropped: 0, tasks: 2 });
    const created = await w.api("POST", base(), draft("会员日", [g.a1!, g.a2!, g.b1!]));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await w.submitAll();

    // WeCom got one group task per owner, naming that owner's groups.
    const tasks = [...corp().massTasks.values()].filter((t) => t.chatType === "group");
    expect(
      tasks
        .map((t) => ({ sender: t.creator, chats: t.recipients.map((r) => r.target).sort() }))
        .sort((x, y) => x.sender.localeCompare(y.sender)),
    ).toEqual(
      [
        { sender: a, chats: [g.a1!, g.a2!].sort() },
        { sender: b, chats: [g.b1!] },
      ].sort((x, y) => x.sender.localeCompare(y.sender)),
    );
    let view = (await w.api("POST", `${base()}/${id}/refresh`)).body;
    expect(view.report).toMatchObject({ recipients: 3, sent: 0 });

    // Owner a sends; b has not yet.
    const partA = view.senders.find((s: { sender: string }) => s.sender === a);
    await w.people("confirm-mass", { msgid: partA.msgid, userid: a });
    view = (await w.api("POST", `${base()}/${id}/refresh`)).body;
    expect(view.report).toMatchObject({ recipients: 3, sent: 2 });
    const sent = await w.api("GET", `${base()}/${id}/recipients?status=sent&limit=10`);
    expect(
      sent.body.items.map((r: { recipient: string; name: string }) => [r.recipient, r.name]).sort(),
    ).toEqual(
      [
        [g.a1!, "会员群 a1"],
        [g.a2!, "会员群 a2"],
      ].sort(),
    );
    expect(
      groupInbox()
        .map((m) => m.chatId)
        .sort(),
    ).toEqual([g.a1!, g.a2!].sort());

    // A second send the same day: both groups already have one today (a1 sent, b1 submitted and waiting for b:
    // Siyu counts a group once its task is handed to WeCom), so with 1 per day both wait for tomorrow.
    const pre2 = await w.api("POST", `${base()}/preflight`, draft("第二条", [g.a1!, g.b1!]));
    expect(pre2.body).toMatchObject({ total: 2, now: 0, deferred: 2 });
    expect(pre2.body.byReason).toEqual([
      expect.objectContaining({ action: "defer", rule: "receive_quota", count: 2 }),
    ]);
    const second = await w.api("POST", base(), draft("第二条", [g.a1!, g.b1!]));
    const id2 = second.body.id as string;
    const tasksBefore = corp().massTasks.size;
    await w.submitAll();
    expect(corp().massTasks.size).toBe(tasksBefore);
    const due = await w.siyu.ctx.db
      .selectFrom("mass_send_tasks")
      .select(["sender", "not_before", "status"])
      .where("mass_send_id", "=", id2)
      .orderBy("sender")
      .execute();
    expect(due.map((t) => [t.sender, t.status, t.not_before.getTime()])).toEqual(
      [
        [a, "planned", TUESDAY_MIDNIGHT],
        [b, "planned", TUESDAY_MIDNIGHT],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );

    // The gate's decision log shows both sends: a row per group it held, one per task it let through.
    const held = await w.api("GET", `/api/corps/${w.corpId}/send-gate/decisions?rule=receive_quota`);
    expect(
      held.body.items
        .map(
          (d: { action: string; recipient: string; sender: string; planner: string; deferUntil: string }) => [
            d.action,
            d.recipient,
            d.sender,
            d.planner,
            d.deferUntil,
          ],
        )
        .sort(),
    ).toEqual(
      [
        ["defer", g.a1, a, `mass-send:${id2}`, new Date(TUESDAY_MIDNIGHT).toISOString()],
        ["defer", g.b1, b, `mass-send:${id2}`, new Date(TUESDAY_MIDNIGHT).toISOString()],
      ].sort(),
    );
    expect(held.body.items[0].reason).toMatch(/already received 1 of 1 \(1 per day\)/);
    const allowed = async () =>
      (await w.api("GET", `/api/corps/${w.corpId}/send-gate/decisions?action=send`)).body.items
        .filter((d: { planner: string | null }) => d.planner?.startsWith("mass-send:"))
        .map((d: { planner: string; sender: string; recipient: string | null; reason: string }) => [
          d.planner,
          d.sender,
          d.recipient,
          d.reason,
        ]);
    const passed = (n: number, sender: string) =>
      `every rule passed for ${n} ${n === 1 ? "recipient" : "recipients"}; submitted to WeCom as one task of ${sender}`;
    expect((await allowed()).sort()).toEqual(
      [
        [`mass-send:${id}`, a, null, passed(2, a)],
        [`mass-send:${id}`, b, null, passed(1, b)],
      ].sort(),
    );

    // b sends: b1 receives the first send; nothing went over a group's quota in WeCom.
    const partB = view.senders.find((s: { sender: string }) => s.sender === b);
    await w.people("confirm-mass", { msgid: partB.msgid, userid: b });
    view = (await w.api("POST", `${base()}/${id}/refresh`)).body;
    expect(view.report).toMatchObject({ recipients: 3, sent: 3 });
    expect(view.status).toBe("sent");
    expect((await quotaViolations()).length).toBe(violationsBefore);

    // Tuesday: the held parts go out (checked again, let through) and are sent once the owners confirm.
    w.clock.freeze(TUESDAY);
    await w.submitAll();
    let tuesday = (await w.api("POST", `${base()}/${id2}/refresh`)).body;
    expect(tuesday.senders.map((s: { status: string }) => s.status)).toEqual(["submitted", "submitted"]);
    for (const part of tuesday.senders as { sender: string; msgid: string }[])
      await w.people("confirm-mass", { msgid: part.msgid, userid: part.sender });
    tuesday = (await w.api("POST", `${base()}/${id2}/refresh`)).body;
    expect(tuesday.report).toMatchObject({ recipients: 2, sent: 2 });
    expect(tuesday.status).toBe("sent");
    expect(groupInbox().filter((m) => m.chatId === g.a1).length).toBe(2);
    expect(groupInbox().filter((m) => m.chatId === g.b1).length).toBe(2);
    expect((await quotaViolations()).length).toBe(violationsBefore);
    expect((await allowed()).filter((d: string[]) => d[0] === `mass-send:${id2}`).sort()).toEqual(
      [
        [`mass-send:${id2}`, a, null, passed(1, a)],
        [`mass-send:${id2}`, b, null, passed(1, b)],
      ].sort(),
    );
  }, 180_000);

  it("finds an interrupted group task in WeCom though no group is sent yet, and sends none again", async () => {
    const { chatId } = await w.people<{ chatId: string }>("create-group", { owner: b, name: "会员群 b2" });
    await sql`insert into customer_groups (corp_id, chat_id, name, owner)
      values (${w.corpId}, ${chatId}, '会员群 b2', ${b})`.execute(w.siyu.ctx.db);
    const created = await w.api("POST", base(), draft("重连", [chatId]));
    expect(created.status).toBe(201);
    await w.submitAll();
    const db = w.siyu.ctx.db;
    const task = await db
      .selectFrom("mass_send_tasks")
      .selectAll()
      .where("mass_send_id", "=", created.body.id)
      .executeTakeFirstOrThrow();
    expect(task.msgid).toMatch(/./);
    const before = corp().massTasks.size;
    // A crash right after WeCom answered: `submitting`, no msgid. b has not sent, so WeCom lists no group for it.
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
    expect(corp().massTasks.size).toBe(before);
  });
});
