// Complaint and churn watch against the emulator: customers deleting the member after a campaign's sends pause
// the campaign once its threshold is crossed (with the figures as the reason), nothing more of it reaches WeCom
// until an operator resumes it by hand; a member above their threshold cools down; a member removing a customer
// is recorded but not counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../src/domains/outbox/customer-message.channel.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { planMessage } from "../src/domains/outbox/outbox.service.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
// 11:00 in China on a Tuesday: outside the default quiet hours.
const TUESDAY_11H = Date.parse("2026-11-24T03:00:00Z");

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1", "m2", "m3"],
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
async function processAll() {
  await world().settle();
}

async function addCustomers(n: number, userid: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await world().people<{ externalUserId: string }>("add-customer", {
      userid,
      customer: { name: `客${++seq}` },
    });
    out.push(r.externalUserId);
  }
  await processAll();
  return out;
}

async function plan(planner: string, recipient: string, sender: string) {
  const key = `test:${++seq}`;
  await planMessage(ctx, {
    corpId: world().corpId,
    idempotencyKey: key,
    planner,
    channel: CUSTOMER_MESSAGE_CHANNEL,
    recipient,
    sender,
    payload: { text: "双十二会员日，全场五折" },
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

const received = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received.filter((m) => m.kind !== "welcome");

async function settings(patch: Record<string, unknown>) {
  const r = await world().api("PATCH", `/api/corps/${world().corpId}/churn-watch/settings`, patch);
  expect(r.status).toBe(200);
}

const overview = async () => (await world().api("GET", `/api/corps/${world().corpId}/churn-watch`)).body;

describe("a campaign above its threshold", () => {
  it("pauses itself with the figures as the reason; no further sends until resumed by hand", async () => {
    await settings({
      planner: { percent: 20, minDeletions: 3 },
      sender: { percent: 20, minDeletions: 1000, cooldownHours: 24 },
      notifyUserids: ["m3"],
    });
    const customers = await addCustomers(10, "m1");
    const keys: string[] = [];
    for (const c of customers) keys.push(await plan("mass-send:test", c, "m1"));

    // The first half goes out.
    await dispatchOnce(ctx, channels, { batchSize: 5 });
    const first = customers.slice(0, 5);
    const rest = customers.slice(5);
    for (const k of keys.slice(0, 5)) expect((await outbox(k)).status).toBe("sent");
    for (const c of first) expect(await received(c)).toHaveLength(1);

    // Two customers delete the member: under the minimum of 3, nothing pauses.
    for (const c of first.slice(0, 2))
      await world().people("customer-deletes-member", { userid: "m1", externalUserId: c });
    await processAll();
    expect((await overview()).paused).toEqual([]);
    // The third (a block) crosses it: 3 of 5 sends = 60% > 20%.
    await world().people("customer-blocks-member", { userid: "m1", externalUserId: first[2] });
    await processAll();
    const o = await overview();
    expect(o.paused).toMatchObject([
      {
        planner: "mass-send:test",
        kind: "campaign",
        reason: "campaign paused: 3 deletions of 5 sends in 24 h (60% > 20%)",
        resumedAt: null,
        held: 5,
      },
    ]);
    expect(o.planners).toContainEqual(
      expect.objectContaining({ planner: "mass-send:test", sends: 5, deletions: 3, percent: 60 }),
    );

    // The rest of the campaign is held by the gate, with the reason, and reaches no one.
    await dispatchAll();
    for (const k of keys.slice(5)) {
      const row = await outbox(k);
      expect(row.status).toBe("pending");
      expect(row.reason).toMatch(
        /^paused_planner: campaign paused: 3 deletions of 5 sends in 24 h \(60% > 20%\); paused since .*, resumes only by hand$/,
      );
    }
    for (const c of rest) expect(await received(c)).toHaveLength(0);
    // Later rounds (a day on) still send nothing of it.
    world().emuClock.set(TUESDAY_11H + 25 * 3_600_000);
    await dispatchAll();
    for (const c of rest) expect(await received(c)).toHaveLength(0);

    // Another campaign is not affected.
    const [other] = await addCustomers(1, "m1");
    const otherKey = await plan("mass-send:other", other as string, "m1");
    await dispatchAll();
    expect((await outbox(otherKey)).status).toBe("sent");

    // The operator was told by app message.
    const note = await ctx.db
      .selectFrom("outbox")
      .selectAll()
      .where("planner", "=", "churn-watch")
      .where("recipient", "=", "m3")
      .executeTakeFirstOrThrow();
    expect(note.channel).toBe("wecom.app_message");
    expect(String(note.payload.text)).toContain("mass-send:test");
    expect(String(note.payload.text)).toContain("3 deletions of 5 sends");

    // Resumed by hand: the held messages go out, once each.
    const resumed = await world().api(
      "POST",
      `/api/corps/${world().corpId}/churn-watch/paused/${o.paused[0].id}/resume`,
    );
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ planner: "mass-send:test", resumedBy: "admin" });
    await dispatchAll();
    for (const k of keys.slice(5)) expect((await outbox(k)).status).toBe("sent");
    for (const c of rest) expect(await received(c)).toHaveLength(1);
    // Resuming twice is refused.
    const again = await world().api(
      "POST",
      `/api/corps/${world().corpId}/churn-watch/paused/${o.paused[0].id}/resume`,
    );
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("PAUSE_NOT_FOUND");

    // Counting starts afresh after the resume: one more deletion does not pause it again.
    await world().people("customer-deletes-member", { userid: "m1", externalUserId: rest[0] });
    await processAll();
    expect((await overview()).paused.filter((p: { resumedAt: string | null }) => !p.resumedAt)).toEqual([]);
  });
});

describe("members", () => {
  it("a member above their threshold cools down; their next message waits, with the reason", async () => {
    world().emuClock.set(TUESDAY_11H + 3 * 86_400_000);
    await settings({
      planner: { percent: 20, minDeletions: 1000 },
      sender: { percent: 20, minDeletions: 2, cooldownHours: 24 },
    });
    const customers = await addCustomers(5, "m2");
    for (const c of customers.slice(0, 4)) await plan("journey:win-back", c, "m2");
    await dispatchAll();
    for (const c of customers.slice(0, 2))
      await world().people("customer-deletes-member", { userid: "m2", externalUserId: c });
    await processAll();

    const o = await overview();
    expect(o.cooling).toMatchObject([
      { userid: "m2", note: "cooling down: 2 deletions of 4 sends in 24 h (50% > 20%)" },
    ]);
    expect(o.paused.filter((p: { resumedAt: string | null }) => !p.resumedAt)).toEqual([]);
    const key = await plan("journey:win-back", customers[4] as string, "m2");
    await dispatchAll();
    const row = await outbox(key);
    expect(row.status).toBe("pending");
    expect(row.reason).toMatch(
      /^sender_health: m2 is restricted until .* \(cooling down: 2 deletions of 4 sends in 24 h \(50% > 20%\)\)$/,
    );
    expect(await received(customers[4] as string)).toHaveLength(0);
  });

  it("records a member removing a customer without counting it against anyone", async () => {
    await settings({
      planner: { percent: 1, minDeletions: 1 },
      sender: { percent: 1, minDeletions: 1, cooldownHours: 24 },
    });
    const [c] = await addCustomers(1, "m3");
    await plan("journey:member-side", c as string, "m3");
    await dispatchAll();
    await world().people("member-deletes-customer", { userid: "m3", externalUserId: c });
    await processAll();
    const o = await overview();
    expect(o.recent[0]).toMatchObject({ externalUserid: c, userid: "m3", kind: "member_deleted" });
    expect(o.paused.filter((p: { planner: string }) => p.planner === "journey:member-side")).toEqual([]);
    expect(o.cooling.filter((r: { userid: string }) => r.userid === "m3")).toEqual([]);
  });
});

describe("dropping instead of holding", () => {
  it("drops a paused automation's messages, with the reason, when the corp chose so", async () => {
    world().emuClock.set(TUESDAY_11H + 4 * 86_400_000);
    await settings({
      planner: { percent: 1, minDeletions: 1 },
      sender: { percent: 1, minDeletions: 1000, cooldownHours: 24 },
      onPause: "drop",
    });
    const [first, second] = await addCustomers(2, "m1");
    await plan("journey:drop-test", first as string, "m1");
    await dispatchAll();
    await world().people("customer-deletes-member", { userid: "m1", externalUserId: first });
    await processAll();
    const key = await plan("journey:drop-test", second as string, "m1");
    await dispatchAll();
    const row = await outbox(key);
    expect(row.status).toBe("dropped");
    expect(row.reason).toMatch(
      /^paused_planner: automation paused: 1 deletion of 1 send in 24 h \(100% > 1%\); paused since /,
    );
    expect(await received(second as string)).toHaveLength(0);
  });
});

describe("settings", () => {
  it("refuses bad thresholds field by field", async () => {
    const r = await world().api("PATCH", `/api/corps/${world().corpId}/churn-watch/settings`, {
      windowHours: 0,
      planner: { percent: 0, minDeletions: 5 },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    const paths = r.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["/windowHours", "/planner/percent"]));
  });
});
