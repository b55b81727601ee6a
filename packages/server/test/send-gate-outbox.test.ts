// The outbox, the dispatcher and the first send gate against the emulator: a welcome is planned once per
// welcome code, sent once, dropped with a reason when too late, recorded (not retried) when WeCom says the code
// expired, and never sent twice across a crash.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { processBatch } from "../src/domains/inbox/inbox.processor.ts";
import {
  claimAndDecide,
  dispatchOnce,
  recoverInterrupted,
  sendOne,
} from "../src/domains/outbox/dispatcher.ts";
import { planMessage } from "../src/domains/outbox/outbox.service.ts";
import { createSendGate } from "../src/domains/send-gate/send-gate.ts";
import { handlerRegistry, outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld;
let ctx: Ctx;
let skewMs = 0;
const channels = outboxChannels();

beforeAll(async () => {
  // No background processor or dispatcher: the test drives every step, and its clock can run ahead.
  w = await startLcWorld({ members: ["m1"], processor: false, clock: { now: () => Date.now() + skewMs } });
  ctx = w.siyu.ctx;
  const created = await w.api("POST", `/api/corps/${w.corpId}/welcome-messages`, {
    scope: "default",
    text: "欢迎！",
    attachments: [{ type: "link", title: "会员中心", url: "https://shop.example.com/vip" }],
  });
  expect(created.status).toBe(200);
});
afterAll(() => w.stop());
beforeEach(() => {
  skewMs = 0;
});

async function addCustomer(): Promise<{ externalUserId: string; welcomeCode: string }> {
  const r = await w.people<{ externalUserId: string; welcomeCode: string }>("add-customer", {
    userid: "m1",
    customer: { name: "客" },
  });
  await w.settle();
  return r;
}

const received = async (externalUserId: string) =>
  (
    await w.control<{ received: { kind: string }[] }>(
      "GET",
      `/_emulator/corps/${w.corpId}/customers/${externalUserId}/messages`,
    )
  ).received;

const outboxRow = (idempotencyKey: string) =>
  ctx.db
    .selectFrom("outbox")
    .selectAll()
    .where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirstOrThrow();

describe("planning", () => {
  it("plans one outbox row per welcome code, however often the event is handled", async () => {
    const c = await addCustomer();
    const key = `welcome:${c.welcomeCode}`;
    const again = await planMessage(ctx, {
      corpId: w.corpId,
      idempotencyKey: key,
      planner: "welcome",
      channel: "wecom.welcome",
      recipient: c.externalUserId,
      sender: "m1",
      payload: {},
      notBefore: new Date(),
      notAfter: null,
    });
    expect(again.created).toBe(false);
    // Replaying the stored event through the handlers plans nothing new either.
    const inbox = await ctx.db
      .selectFrom("inbox_events")
      .select("id")
      .where("event_type", "=", "change_external_contact/add_external_contact")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    await ctx.db.updateTable("inbox_events").set({ status: "pending" }).where("id", "=", inbox.id).execute();
    await processBatch(ctx, handlerRegistry());
    const rows = await ctx.db.selectFrom("outbox").select("id").where("idempotency_key", "=", key).execute();
    expect(rows).toHaveLength(1);

    while ((await dispatchOnce(ctx, channels)) > 0) {}
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    expect(await received(c.externalUserId)).toHaveLength(1);
    expect(await outboxRow(key)).toMatchObject({ status: "sent", attempts: 1 });
  });
});

describe("the gate", () => {
  it("drops a welcome whose 20 s window has passed, with the reason, before it reaches WeCom", async () => {
    const c = await addCustomer();
    skewMs = 25_000;
    await dispatchOnce(ctx, channels);
    const row = await outboxRow(`welcome:${c.welcomeCode}`);
    expect(row.status).toBe("dropped");
    expect(row.reason).toMatch(
      /^latest_time: too late: it had to go out by .* welcome code is accepted for 20 s/,
    );
    const decisions = await ctx.db
      .selectFrom("send_decisions")
      .selectAll()
      .where("outbox_id", "=", row.id)
      .execute();
    expect(decisions).toMatchObject([{ action: "drop", rule: "latest_time" }]);
    expect(await received(c.externalUserId)).toHaveLength(0);
  });

  it("defers a message planned for later and drops one with more than 9 attachments", async () => {
    const gate = createSendGate();
    const base = {
      corpId: w.corpId,
      outboxId: null,
      planner: "test",
      channel: "wecom.welcome",
      purpose: "service" as const,
      recipient: "wmX",
      sender: "m1",
      notAfter: null,
    };
    const later = new Date(Date.now() + 3600_000);
    await expect(
      gate.submit(ctx, { ...base, idempotencyKey: "t:later", content: { text: "x" }, notBefore: later }),
    ).resolves.toMatchObject({ action: "defer", rule: "earliest_time", until: later });
    await expect(
      gate.submit(ctx, {
        ...base,
        idempotencyKey: "t:ten",
        content: { attachments: Array.from({ length: 10 }, () => ({})) },
        notBefore: new Date(),
      }),
    ).resolves.toMatchObject({
      action: "drop",
      rule: "attachments",
      reason: "10 attachments; WeCom takes at most 9",
    });
    const logged = await ctx.db
      .selectFrom("send_decisions")
      .select(["idempotency_key", "action"])
      .where("idempotency_key", "in", ["t:later", "t:ten"])
      .orderBy("id")
      .execute();
    expect(logged).toEqual([
      { idempotency_key: "t:later", action: "defer" },
      { idempotency_key: "t:ten", action: "drop" },
    ]);
  });
});

describe("WeCom refusals", () => {
  it("records an expired welcome code (41050) with its reason and does not retry it", async () => {
    const c = await addCustomer();
    // WeCom's clock has moved on while Siyu still thinks the window is open.
    await w.control("POST", "/_emulator/clock/advance", { seconds: 25 });
    await dispatchOnce(ctx, channels);
    const row = await outboxRow(`welcome:${c.welcomeCode}`);
    expect(row).toMatchObject({
      status: "failed",
      attempts: 1,
      reason: "the welcome code is invalid or expired (41050)",
    });
    expect(await dispatchOnce(ctx, channels)).toBe(0);
    expect((await outboxRow(`welcome:${c.welcomeCode}`)).attempts).toBe(1);
    expect(await received(c.externalUserId)).toHaveLength(0);
  });
});

describe("crashes", () => {
  it("a crash after planning, before dispatch: the next dispatcher sends it once", async () => {
    const c = await addCustomer();
    expect((await outboxRow(`welcome:${c.welcomeCode}`)).status).toBe("pending");
    // "Restart": a fresh round picks the committed plan up.
    await dispatchOnce(ctx, channels);
    await dispatchOnce(ctx, channels);
    expect(await received(c.externalUserId)).toHaveLength(1);
    expect((await outboxRow(`welcome:${c.welcomeCode}`)).status).toBe("sent");
  });

  it("a crash after WeCom accepted it, before the outcome was recorded: never sent again", async () => {
    const c = await addCustomer();
    const { toSend } = await claimAndDecide(ctx, channels);
    const row = toSend.find((r) => r.recipient === c.externalUserId)!;
    await channels.get(row.channel)!.send(ctx, row); // WeCom delivers; the process "dies" before recording
    expect(await received(c.externalUserId)).toHaveLength(1);

    // After the restart nothing holds the row: WeCom can't be asked about a welcome, so recovery marks it unknown.
    expect(await recoverInterrupted(ctx, channels)).toBe(1);
    const after = await outboxRow(`welcome:${c.welcomeCode}`);
    expect(after.status).toBe("unknown");
    expect(after.reason).toMatch(/interrupted while sending/);
    expect(await dispatchOnce(ctx, channels)).toBe(0);
    expect(await received(c.externalUserId)).toHaveLength(1);
  });

  it("a crash while sending, before WeCom got it: reported as unknown, not resent blindly", async () => {
    const c = await addCustomer();
    await claimAndDecide(ctx, channels); // marked sending; the process dies before calling WeCom
    await recoverInterrupted(ctx, channels);
    expect((await outboxRow(`welcome:${c.welcomeCode}`)).status).toBe("unknown");
    await dispatchOnce(ctx, channels);
    expect(await received(c.externalUserId)).toHaveLength(0);
  });

  it("sendOne records a sent message only once even if called twice for the same claim", async () => {
    const c = await addCustomer();
    const { toSend } = await claimAndDecide(ctx, channels);
    const row = toSend.find((r) => r.recipient === c.externalUserId)!;
    await sendOne(ctx, channels, row);
    await sendOne(ctx, channels, row); // WeCom refuses the used code (41051); the sent status stays
    expect(await outboxRow(`welcome:${c.welcomeCode}`)).toMatchObject({ status: "sent" });
    expect(await received(c.externalUserId)).toHaveLength(1);
  });
});

describe("the API", () => {
  it("explains the rules and lists decisions and outbox rows with their reasons", async () => {
    const rules = (await w.api("GET", "/api/send-gate/rules")).body.items;
    expect(rules.map((r: { name: string }) => r.name)).toEqual([
      "empty",
      "attachments",
      "latest_time",
      "paused_planner",
      "sensitive_words",
      "opt_out",
      "sender_health",
      "earliest_time",
      "quiet_hours",
      "active_window",
      "receive_quota",
      "touch_cap",
    ]);
    const drops = (await w.api("GET", `/api/corps/${w.corpId}/send-gate/decisions?action=drop`)).body.items;
    expect(drops.map((d: { rule: string }) => d.rule)).toEqual(
      expect.arrayContaining(["latest_time", "attachments"]),
    );
    const failed = (await w.api("GET", `/api/corps/${w.corpId}/outbox?status=failed`)).body.items;
    expect(failed).toContainEqual(
      expect.objectContaining({
        planner: "welcome",
        reason: "the welcome code is invalid or expired (41050)",
        decisions: [expect.objectContaining({ action: "send" })],
      }),
    );
  });
});
