// Customer and group messages interrupted by a crash while `sending`: the next dispatcher asks WeCom (its
// mass-message list by sender, content and recipient) which of them arrived — those are marked sent with WeCom's msgid, the others
// are sent again exactly once; rows a live dispatcher is still sending are left alone.
import { WeComClient } from "@siyu/wecom";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import type { OutboxRow } from "../src/domains/outbox/channels.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../src/domains/outbox/customer-message.channel.ts";
import { claimAndDecide, dispatchOnce, recoverInterrupted } from "../src/domains/outbox/dispatcher.ts";
import { planMessage } from "../src/domains/outbox/outbox.service.ts";
import { GROUP_MESSAGE_CHANNEL } from "../src/domains/sops/group-message.channel.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const channel = channels.get(CUSTOMER_MESSAGE_CHANNEL)!;

beforeAll(async () => {
  w = await startLcWorld({ members: ["m1", "m2"], processor: false });
  ctx = w.siyu.ctx;
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { autoConfirmMass: true });
  // This file is about exactly-once, not about the gate's timing rules.
  await sql`insert into send_gate_settings (corp_id, settings) values (${w.corpId},
    ${JSON.stringify({ quietHours: null, touchCap: null, activeWindows: false, quota: { policy: "days_in_month", onHit: "defer" } })})`.execute(
    ctx.db,
  );
});
afterAll(() => w.stop());

async function addCustomers(n: number, userid = "m1"): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await w.people<{ externalUserId: string }>("add-customer", {
      userid,
      customer: { name: `客${i}` },
    });
    out.push(r.externalUserId);
  }
  await w.settle();
  return out;
}

let seq = 0;
async function plan(recipient: string, text: string, sender: string | null = "m1"): Promise<string> {
  const r = await planMessage(ctx, {
    corpId: w.corpId,
    idempotencyKey: `recovery:${++seq}`,
    planner: "recovery-test",
    channel: CUSTOMER_MESSAGE_CHANNEL,
    recipient,
    sender,
    payload: { text },
    notBefore: new Date(Date.now() - 1000),
    notAfter: null,
  });
  return r.id;
}

const row = (id: string) =>
  ctx.db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** The mass messages the customer received with this text. */
const copies = (externalUserId: string, text: string) =>
  w.emu.world.corps
    .get(w.corpId)!
    .customerInbox.filter((m) => m.externalUserId === externalUserId && m.kind === "mass" && m.text === text)
    .length;

/** Claims due rows and marks them `sending`, as a dispatcher does just before it dies (no locks held after). */
async function dieWhileSending(): Promise<OutboxRow[]> {
  const { toSend } = await claimAndDecide(ctx, channels);
  return toSend;
}

describe("a crash while customer messages were being sent", () => {
  it("marks the ones WeCom got as sent and sends the others again, once each", async () => {
    const [a, b, c] = (await addCustomers(3)) as [string, string, string];
    const text = "恢复测试：每人一次";
    const ids = [await plan(a, text), await plan(b, text), await plan(c, text)];
    const sending = await dieWhileSending();
    expect(sending.map((r) => r.id).sort()).toEqual([...ids].sort());
    // WeCom got a's and c's before the process died; b's never left.
    const resA = await channel.send(ctx, sending.find((r) => r.recipient === a)!);
    const resC = await channel.send(ctx, sending.find((r) => r.recipient === c)!);

    expect(await recoverInterrupted(ctx, channels)).toBe(3);
    expect(await row(ids[0]!)).toMatchObject({
      status: "sent",
      attempts: 1,
      result: { msgid: resA!.msgid, recovered: "found after an interruption" },
    });
    expect(await row(ids[2]!)).toMatchObject({ status: "sent", result: { msgid: resC!.msgid } });
    expect(await row(ids[1]!)).toMatchObject({ status: "pending", reason: expect.stringMatching(/again/) });

    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(await row(ids[1]!)).toMatchObject({ status: "sent", attempts: 2, reason: null });
    for (const x of [a, b, c]) expect(copies(x, text)).toBe(1);
    expect(await recoverInterrupted(ctx, channels)).toBe(0);
  });

  it("does not take a message recorded for another row, nor one to another customer, for the interrupted one", async () => {
    const [d, e] = (await addCustomers(2)) as [string, string];
    const text = "同样的内容";
    // d already got this text (recorded); e got it from WeCom for a row that was interrupted.
    const earlier = await plan(d, text);
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect((await row(earlier)).status).toBe("sent");
    const [again, toE] = [await plan(d, text), await plan(e, text)];
    const sending = await dieWhileSending();
    await channel.send(ctx, sending.find((r) => r.id === toE)!);

    expect(await recoverInterrupted(ctx, channels)).toBe(2);
    expect(await row(toE)).toMatchObject({ status: "sent", result: { recovered: expect.any(String) } });
    // WeCom holds two tasks with this text from m1 — one recorded for `earlier`, one to e: neither is d's new one.
    expect(await row(again)).toMatchObject({ status: "pending" });
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(copies(d, text)).toBe(2);
    expect(copies(e, text)).toBe(1);
  });

  it("matches by sender: the same text to the same customer from another member is not it", async () => {
    const [f] = (await addCustomers(1, "m2")) as [string];
    await w.people("add-customer", { userid: "m1", externalUserId: f });
    const text = "两位员工";
    const fromM1 = await plan(f, text, "m1");
    const fromM2 = await plan(f, text, "m2");
    const sending = await dieWhileSending();
    await channel.send(ctx, sending.find((r) => r.id === fromM2)!);
    await recoverInterrupted(ctx, channels);
    expect(await row(fromM2)).toMatchObject({ status: "sent" });
    expect(await row(fromM1)).toMatchObject({ status: "pending" });
  });

  it("reports a row without a sender as unknown (WeCom picked the member; it can't be told)", async () => {
    const [g] = (await addCustomers(1)) as [string];
    const id = await plan(g, "无发送人", null);
    await dieWhileSending();
    await recoverInterrupted(ctx, channels);
    expect(await row(id)).toMatchObject({ status: "unknown" });
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(copies(g, "无发送人")).toBe(0);
  });
});

describe("group messages", () => {
  it("are looked up the same way: the group WeCom has is marked sent, the other sent again once", async () => {
    const [x, y] = (await addCustomers(2)) as [string, string];
    const chats: string[] = [];
    for (const e of [x, y])
      chats.push(
        (await w.people<{ chatId: string }>("create-group", { owner: "m1", externalUserIds: [e] })).chatId,
      );
    const text = "群 SOP：今日分享";
    const ids: string[] = [];
    for (const chatId of chats)
      ids.push(
        (
          await planMessage(ctx, {
            corpId: w.corpId,
            idempotencyKey: `recovery:${++seq}`,
            planner: "recovery-test",
            channel: GROUP_MESSAGE_CHANNEL,
            recipient: chatId,
            sender: "m1",
            payload: { text },
            notBefore: new Date(Date.now() - 1000),
            notAfter: null,
          })
        ).id,
      );
    const sending = await dieWhileSending();
    await channels.get(GROUP_MESSAGE_CHANNEL)!.send(ctx, sending.find((r) => r.recipient === chats[0])!);
    expect(await recoverInterrupted(ctx, channels)).toBe(2);
    expect(await row(ids[0]!)).toMatchObject({ status: "sent", result: { recovered: expect.any(String) } });
    expect(await row(ids[1]!)).toMatchObject({ status: "pending" });
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    const inbox = w.emu.world.corps.get(w.corpId)!.customerInbox;
    for (const chatId of chats)
      expect(inbox.filter((m) => m.chatId === chatId && m.kind === "mass" && m.text === text)).toHaveLength(
        1,
      );
  });
});

describe("a group task its owner has not sent yet", () => {
  it("names no group at WeCom: it is the sender's one waiting row with that content", async () => {
    const [z] = (await addCustomers(1)) as [string];
    const { chatId } = await w.people<{ chatId: string }>("create-group", {
      owner: "m1",
      externalUserIds: [z],
    });
    await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { autoConfirmMass: false });
    try {
      const id = (
        await planMessage(ctx, {
          corpId: w.corpId,
          idempotencyKey: `recovery:${++seq}`,
          planner: "recovery-test",
          channel: GROUP_MESSAGE_CHANNEL,
          recipient: chatId,
          sender: "m1",
          payload: { text: "群主还没发" },
          notBefore: new Date(Date.now() - 1000),
          notAfter: null,
        })
      ).id;
      const sending = await dieWhileSending();
      await channels.get(GROUP_MESSAGE_CHANNEL)!.send(ctx, sending.find((r) => r.id === id)!);
      expect(await recoverInterrupted(ctx, channels)).toBe(1);
      expect(await row(id)).toMatchObject({ status: "sent", result: { recovered: expect.any(String) } });
      const tasks = [...w.emu.world.corps.get(w.corpId)!.massTasks.values()].filter(
        (t) => t.text?.content === "群主还没发",
      );
      expect(tasks).toHaveLength(1);
    } finally {
      await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { autoConfirmMass: true });
    }
  });
});

describe("an answer lost on the way back", () => {
  it("is not failed: WeCom is asked, and the message counts as sent once", async () => {
    const [m] = (await addCustomers(1)) as [string];
    const id = await plan(m, "回执丢失");
    // WeCom creates the task, but its answer never reaches Siyu (the connection drops).
    const lossy = new WeComClient({
      baseUrl: w.emu.url,
      corpId: w.corpId,
      secret: "live-codes-secret",
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        if (String(url).includes("add_msg_template")) throw new TypeError("fetch failed");
        return res;
      },
    });
    const lossyCtx: Ctx = { ...ctx, wecom: { forCorp: async () => lossy, invalidate: () => {} } };
    await dispatchOnce(lossyCtx, channels);
    expect(await row(id)).toMatchObject({
      status: "sending",
      reason: expect.stringMatching(/network error/),
    });
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(await row(id)).toMatchObject({ status: "sent", result: { recovered: expect.any(String) } });
    expect(copies(m, "回执丢失")).toBe(1);
  });
});

describe("a dispatcher that is alive", () => {
  it("keeps its rows: recovery elsewhere leaves rows whose lock is held, and takes them once it is free", async () => {
    const [h] = (await addCustomers(1)) as [string];
    const id = await plan(h, "还在发送");
    await ctx.db.connection().execute(async (holder) => {
      const { toSend } = await claimAndDecide(ctx, channels, {}, holder);
      expect(toSend.map((r) => r.id)).toEqual([id]);
      // Another process's recovery round: the row is `sending` and held.
      expect(await recoverInterrupted(ctx, channels)).toBe(0);
      expect((await row(id)).status).toBe("sending");
      await sql`select pg_advisory_unlock_all()`.execute(holder);
    });
    // The holder is gone without recording anything: now it counts as interrupted, and WeCom never got it.
    expect(await recoverInterrupted(ctx, channels)).toBe(1);
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(copies(h, "还在发送")).toBe(1);
  });

  it("a WeCom that cannot be asked leaves the rows sending, to be settled on a later round", async () => {
    const [k] = (await addCustomers(1)) as [string];
    const id = await plan(k, "稍后核对");
    await dieWhileSending();
    await w.control("POST", "/_emulator/faults", {
      path: "externalcontact/get_groupmsg_list_v2",
      errcode: 48002,
      count: 1,
    });
    expect(await recoverInterrupted(ctx, channels)).toBe(0);
    expect((await row(id)).status).toBe("sending");
    expect(await recoverInterrupted(ctx, channels)).toBe(1);
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(copies(k, "稍后核对")).toBe(1);
  });
});
