// The send gate's rules against the emulator: the per-recipient quota (1 per day), sensitive words, quiet hours,
// sender health and opt-outs decide before anything reaches WeCom, with reasons an operator can read; settings
// are validated field by field; one corp's lists never apply to another.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../src/domains/outbox/customer-message.channel.ts";
import { claimAndDecide, dispatchOnce, sendOne } from "../src/domains/outbox/dispatcher.ts";
import { planMessage } from "../src/domains/outbox/outbox.service.ts";
import { sendGate } from "../src/domains/send-gate/send-gate.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
// 11:00 in China on a Tuesday: outside the default quiet hours.
const TUESDAY_11H = Date.parse("2026-11-24T03:00:00Z");

beforeAll(async () => {
  // Siyu reads the emulator's clock, so both agree on "today" when the test moves time.
  w = await startLcWorld({
    members: ["m1", "m2"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(TUESDAY_11H);
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: true,
  });
});
afterAll(() => w?.stop());

let seq = 0;
async function addCustomer(userid = "m1"): Promise<string> {
  const r = await world().people<{ externalUserId: string }>("add-customer", {
    userid,
    customer: { name: `客${++seq}` },
  });
  await world().settle();
  return r.externalUserId;
}

async function plan(recipient: string, text: string, sender = "m1") {
  const key = `test:${++seq}`;
  await planMessage(ctx, {
    corpId: world().corpId,
    idempotencyKey: key,
    planner: "test",
    channel: CUSTOMER_MESSAGE_CHANNEL,
    recipient,
    sender,
    payload: { text },
    notBefore: new Date(ctx.clock.now()),
    notAfter: null,
  });
  return key;
}

async function dispatchAll() {
  while ((await dispatchOnce(ctx, channels)) > 0) {}
}

const outbox = (key: string) =>
  ctx.db.selectFrom("outbox").selectAll().where("idempotency_key", "=", key).executeTakeFirstOrThrow();

const massReceived = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string; text?: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received.filter((m) => m.kind !== "welcome");

const quotaViolations = async () =>
  (await world().control<{ rule: string }[]>("GET", `/_emulator/corps/${world().corpId}/rules`)).filter(
    (r) => r.rule === "mass_quota",
  );

describe("receive quota, 1 per day", () => {
  it("sends the first marketing message of the day and defers the second to China's next midnight", async () => {
    const c = await addCustomer();
    const first = await plan(c, "双十二预告");
    const second = await plan(c, "再提醒一次");
    await dispatchAll();
    expect(await outbox(first)).toMatchObject({ status: "sent", result: { msgid: expect.any(String) } });
    const deferred = await outbox(second);
    expect(deferred.status).toBe("pending");
    expect(deferred.reason).toMatch(/^receive_quota: the customer already received 1 of 1 \(1 per day\)/);
    expect(deferred.not_before.toISOString()).toBe("2026-11-24T16:00:00.000Z");
    expect(await massReceived(c)).toHaveLength(1);
    expect(await quotaViolations()).toEqual([]);

    // The next day it goes out, and WeCom still counts no violation.
    world().emuClock.set(Date.parse("2026-11-25T03:00:00Z"));
    await dispatchAll();
    expect(await outbox(second)).toMatchObject({ status: "sent" });
    expect(await massReceived(c)).toHaveLength(2);
    expect(await quotaViolations()).toEqual([]);
    world().emuClock.set(TUESDAY_11H);
  });

  it("counts marketing only: a welcome message does not use the quota", async () => {
    const c = await addCustomer();
    await dispatchAll(); // nothing planned for the welcome here; the quota is about marketing
    const key = await plan(c, "新客礼");
    await dispatchAll();
    expect(await outbox(key)).toMatchObject({ status: "sent" });
  });
});

describe("two dispatchers at once", () => {
  it("never lets both send to one customer on the same day, however their batches interleave", async () => {
    const c = await addCustomer();
    const keys = [await plan(c, "早鸟价"), await plan(c, "早鸟价最后一天")];
    // Each dispatcher claims one of the two rows, then both reach the gate before either has committed.
    let arrived = 0;
    let release: () => void = () => {};
    const bothThere = new Promise<void>((r) => {
      release = r;
    });
    const gate = {
      ...sendGate,
      async submitBatch(c2: Ctx, msgs: Parameters<typeof sendGate.submitBatch>[1]) {
        if (++arrived === 2) release();
        await Promise.race([bothThere, new Promise((r) => setTimeout(r, 2_000))]);
        return sendGate.submitBatch(c2, msgs);
      },
    };
    const one = () =>
      ctx.db.connection().execute(async (holder) => {
        const { toSend } = await claimAndDecide(ctx, channels, { gate, batchSize: 1 }, holder);
        for (const row of toSend) await sendOne(ctx, channels, row);
        await sql`select pg_advisory_unlock_all()`.execute(holder);
        return toSend.length;
      });
    const sentNow = await Promise.all([one(), one()]);
    expect(arrived).toBe(2);
    expect(sentNow.reduce((a, b) => a + b, 0)).toBe(1);
    const rows = await Promise.all(keys.map(outbox));
    expect(rows.map((r) => r.status).sort()).toEqual(["pending", "sent"]);
    expect(rows.find((r) => r.status === "pending")?.reason).toMatch(/^receive_quota:/);
    expect(await massReceived(c)).toHaveLength(1);
    expect(await quotaViolations()).toEqual([]);
  });
});

describe("content and people", () => {
  it("drops a message containing a sensitive word before it reaches WeCom, saying which word", async () => {
    const add = await world().api("POST", `/api/corps/${world().corpId}/send-gate/sensitive-words`, {
      words: ["最便宜", "ＶＸ"],
      category: "ads",
    });
    expect(add).toMatchObject({ status: 200, body: { added: 2, existing: 0 } });
    const c = await addCustomer();
    const key = await plan(c, "全网最便宜，加vx领券");
    await dispatchAll();
    expect(await outbox(key)).toMatchObject({
      status: "dropped",
      reason: 'sensitive_words: contains the sensitive word "最便宜"',
    });
    expect(await massReceived(c)).toHaveLength(0);
    // Width and case folding: "ＶＸ" on the list catches "vx".
    const dry = await world().api("POST", `/api/corps/${world().corpId}/send-gate/check`, {
      recipient: c,
      sender: "m1",
      text: "加Vx",
    });
    expect(dry.body).toMatchObject({
      action: "drop",
      rule: "sensitive_words",
      reason: expect.stringContaining("vx"),
    });
  });

  it("holds marketing during quiet hours until they end", async () => {
    const c = await addCustomer();
    world().emuClock.set(Date.parse("2026-11-24T15:00:00Z")); // 23:00 in China
    const key = await plan(c, "晚安福利");
    await dispatchAll();
    const row = await outbox(key);
    expect(row.reason).toBe("quiet_hours: quiet hours 22:00–08:00");
    expect(row.not_before.toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(await massReceived(c)).toHaveLength(0);
    world().emuClock.set(TUESDAY_11H);
  });

  it("defers a restricted sender's messages until the cool-down ends and drops a banned sender's", async () => {
    const c1 = await addCustomer("m1");
    const c2 = await addCustomer("m2");
    const limited = await world().api("POST", `/api/corps/${world().corpId}/sender-restrictions`, {
      userid: "m1",
      state: "limited",
      hours: 24,
      note: "加好友频繁",
    });
    expect(limited.status).toBe(200);
    const banned = await world().api("POST", `/api/corps/${world().corpId}/sender-restrictions`, {
      userid: "m2",
      state: "member_banned",
    });
    expect(banned.status).toBe(200);
    const k1 = await plan(c1, "会员日", "m1");
    const k2 = await plan(c2, "会员日", "m2");
    await dispatchAll();
    const r1 = await outbox(k1);
    expect(r1.reason).toMatch(
      /^sender_health: m1 is restricted until 2026-11-25T03:00:00.000Z \(加好友频繁\)/,
    );
    expect(r1.not_before.toISOString()).toBe("2026-11-25T03:00:00.000Z");
    expect(await outbox(k2)).toMatchObject({
      status: "dropped",
      reason: "sender_health: m2 is member banned",
    });
    expect([...(await massReceived(c1)), ...(await massReceived(c2))]).toHaveLength(0);
    for (const r of [limited, banned])
      await world().api("POST", `/api/corps/${world().corpId}/sender-restrictions/${r.body.id}/lift`);
  });

  it("never markets to a customer who opted out", async () => {
    const c = await addCustomer();
    const out = await world().api("POST", `/api/corps/${world().corpId}/opt-outs`, {
      externalUserid: c,
      detail: "电话里说不要再发",
    });
    expect(out).toMatchObject({ status: 200, body: { created: true } });
    const key = await plan(c, "上新");
    await dispatchAll();
    expect(await outbox(key)).toMatchObject({
      status: "dropped",
      reason: expect.stringMatching(/^opt_out: /),
    });
    expect(await massReceived(c)).toHaveLength(0);
  });
});

describe("opt-outs said in chat", () => {
  it("opts out a customer who writes 退订 (folded, with punctuation), not one who only mentions it", async () => {
    const says = await addCustomer();
    const asks = await addCustomer();
    const posted = await world().api("POST", `/api/corps/${world().corpId}/messages`, {
      messages: [
        {
          msgid: `m-${says}`,
          from: says,
          to: "m1",
          kind: "text",
          text: " 退订！",
          sentAt: new Date(ctx.clock.now()).toISOString(),
        },
        {
          msgid: `m-${asks}`,
          from: asks,
          to: "m1",
          kind: "text",
          text: "怎么退订会员？",
          sentAt: new Date(ctx.clock.now()).toISOString(),
        },
      ],
    });
    expect(posted.status).toBe(200);
    const outs = (await world().api("GET", `/api/corps/${world().corpId}/opt-outs`)).body.items;
    expect(outs).toContainEqual(
      expect.objectContaining({ externalUserid: says, source: "chat", detail: " 退订！" }),
    );
    expect(outs.map((o: { externalUserid: string }) => o.externalUserid)).not.toContain(asks);
    const timeline = await ctx.db
      .selectFrom("contact_timeline")
      .select("kind")
      .where("external_userid", "=", says)
      .where("kind", "=", "customer.opted_out")
      .execute();
    expect(timeline).toHaveLength(1);
    const [k1, k2] = [await plan(says, "周末福利"), await plan(asks, "周末福利")];
    await dispatchAll();
    expect(await outbox(k1)).toMatchObject({
      status: "dropped",
      reason: expect.stringMatching(/^opt_out: .*\(chat\)$/),
    });
    expect(await outbox(k2)).toMatchObject({ status: "sent" });
  });
});

describe("settings", () => {
  it("refuses bad settings field by field and keeps the stored ones", async () => {
    const base = `/api/corps/${world().corpId}/send-gate/settings`;
    const bad = await world().api("PATCH", base, {
      quietHours: { start: "25:00", end: "08:00" },
      touchCap: { max: 0, days: 7, onHit: "defer" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["/quietHours/start", "/touchCap/max"]));
    const restriction = await world().api("POST", `/api/corps/${world().corpId}/sender-restrictions`, {
      userid: "m1",
      state: "limited",
    });
    expect(restriction.status).toBe(400);
    expect(restriction.body.error.details).toEqual([expect.objectContaining({ path: "/hours" })]);

    const ok = await world().api("PATCH", base, { quota: { policy: "week7", onHit: "drop" } });
    expect(ok.body).toMatchObject({
      quota: { policy: "week7", onHit: "drop" },
      quietHours: { start: "22:00" },
    });
    expect((await world().api("GET", base)).body.quota.policy).toBe("week7");
    await world().api("PATCH", base, { quota: { policy: "day1", onHit: "defer" } });
  });

  it("keeps corps apart: another corp neither sees nor is bound by this corp's lists", async () => {
    const other = "wwOtherGateCorp1";
    const created = await world().api("POST", "/api/corps", {
      corpId: other,
      name: "other",
      secret: "s",
      token: "t",
      aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      apiBase: world().emu.url,
    });
    expect(created.status).toBe(200);
    expect((await world().api("GET", `/api/corps/${other}/send-gate/sensitive-words`)).body.items).toEqual(
      [],
    );
    const dry = await world().api("POST", `/api/corps/${other}/send-gate/check`, {
      recipient: "wmAnyone",
      text: "全网最便宜",
    });
    expect(dry.body).toMatchObject({ action: "send" });
    expect((await world().api("GET", `/api/corps/${other}/opt-outs`)).body.items).toEqual([]);
    expect((await world().api("GET", "/api/corps/wwNoSuchCorp/send-gate/settings")).body.error.code).toBe(
      "CORP_NOT_FOUND",
    );
  });
});
