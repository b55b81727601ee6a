// Account health (A7): safe daily caps by age, verification and restriction history; the team's capacity per
// store and in total against hand-computed figures; a restricted account skipped by live-code routing and by the
// send gate (also when WeCom's own answer revealed the ban); field-level refusals; corp isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import type { OutboxRow } from "../src/domains/outbox/channels.ts";
import { customerMessageChannel } from "../src/domains/outbox/customer-message.channel.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

// Monday 2026-11-23 10:00 in China (UTC+8).
const T0 = Date.parse("2026-11-23T02:00:00Z");
let offset = 0;
const started = Date.now();
let w: LcWorld;

const MEMBERS = ["old1", "mid", "new1", "unknown", "hist", "lim", "banned"];
const daysAgo = (n: number) => new Date(T0 + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  w = await startLcWorld({ members: MEMBERS, clock: { now: () => T0 + offset + (Date.now() - started) } });
  const db = w.siyu.ctx.db;
  // What the directory sync would have stored.
  await db
    .insertInto("members")
    .values(
      MEMBERS.map((userid) => ({ corp_id: w.corpId, userid, name: `员工${userid}`, customer_contact: true })),
    )
    .onConflict((oc) => oc.columns(["corp_id", "userid"]).doNothing())
    .execute();
}, 60_000);
afterAll(() => w.stop());

const put = (userid: string, body: unknown) =>
  w.api("PUT", `/api/corps/${w.corpId}/account-health/${userid}`, body);
const restrict = (body: unknown) => w.api("POST", `/api/corps/${w.corpId}/sender-restrictions`, body);

describe("capacity of a corp of mixed account ages and health", () => {
  it("gives each account its cap by the documented formula and sums per store and in total", async () => {
    expect(
      (await put("old1", { createdOn: "2025-01-01", corpVerified: true, personalVerified: true })).status,
    ).toBe(200);
    expect((await put("mid", { createdOn: daysAgo(60), corpVerified: true })).status).toBe(200);
    expect((await put("new1", { createdOn: daysAgo(10), personalVerified: true })).status).toBe(200);
    // "unknown" has no profile: treated as new and unverified.
    expect((await put("hist", { createdOn: daysAgo(120), corpVerified: true })).status).toBe(200);
    expect(
      (await put("lim", { createdOn: daysAgo(200), corpVerified: true, personalVerified: true })).status,
    ).toBe(200);
    expect((await put("banned", { createdOn: daysAgo(400) })).status).toBe(200);

    // hist was restricted a month ago and it was lifted: one past restriction in 90 days.
    const past = await restrict({ userid: "hist", state: "limited", hours: 24, note: "old" });
    await w.siyu.ctx.db
      .updateTable("sender_restrictions")
      .set({ since: new Date(T0 - 30 * 86_400_000), until: new Date(T0 - 29 * 86_400_000) })
      .where("id", "=", past.body.id)
      .execute();
    expect((await restrict({ userid: "lim", state: "limited", hours: 72, note: "加好友频繁" })).status).toBe(
      200,
    );
    expect((await restrict({ userid: "banned", state: "member_banned" })).status).toBe(200);

    // Two stores.
    const db = w.siyu.ctx.db;
    const stores = await db
      .insertInto("stores")
      .values([
        { corp_id: w.corpId, name: "A店", city: "上海", state: "st-a", join_state: "jn-a" },
        { corp_id: w.corpId, name: "B店", city: "杭州", state: "st-b", join_state: "jn-b" },
      ] as never)
      .returning("id")
      .execute();
    const [a, b] = stores.map((s) => s.id);
    await db
      .insertInto("store_staff")
      .values([
        ...["old1", "new1", "lim"].map((userid) => ({ corp_id: w.corpId, store_id: a!, userid })),
        ...["mid", "hist", "unknown"].map((userid) => ({ corp_id: w.corpId, store_id: b!, userid })),
      ])
      .execute();
    // old1 made one new friend today already.
    await db
      .insertInto("follow_relations")
      .values({
        corp_id: w.corpId,
        external_userid: "wmToday",
        userid: "old1",
        state: null,
        status: "active",
        added_at: new Date(T0 - 3_600_000),
        updated_at: new Date(T0),
        remark_mobiles: [],
      } as never)
      .execute();

    const res = await w.api("GET", `/api/corps/${w.corpId}/capacity?leads=1400`);
    expect(res.status).toBe(200);
    const c = res.body;
    const by = Object.fromEntries(c.members.map((m: { userid: string }) => [m.userid, m]));
    // 40 + age (0 / 20 / 30 / 40) + 10 per verification − 15 per past restriction.
    expect(by.old1).toMatchObject({
      healthCap: 100,
      cap: 100,
      usedToday: 1,
      remainingToday: 99,
      isNew: false,
    });
    expect(by.mid).toMatchObject({ healthCap: 70, cap: 70, ageDays: 60, isNew: false });
    expect(by.new1).toMatchObject({ healthCap: 50, cap: 50, ageDays: 10, isNew: true });
    expect(by.unknown).toMatchObject({ healthCap: 40, cap: 40, ageDays: null, isNew: true });
    expect(by.hist).toMatchObject({ healthCap: 65, cap: 65, pastRestrictions90d: 1 });
    expect(by.lim).toMatchObject({
      healthCap: 100,
      cap: 0,
      remainingToday: 0,
      restricted: { state: "limited" },
    });
    expect(by.banned).toMatchObject({ cap: 0, restricted: { state: "member_banned", until: null } });
    expect(c.total).toEqual({ accounts: 7, restricted: 2, dailyCapacity: 325, remainingToday: 324 });
    const storeA = c.stores.find((s: { storeId: string }) => s.storeId === a);
    const storeB = c.stores.find((s: { storeId: string }) => s.storeId === b);
    expect(storeA).toMatchObject({ accounts: 3, restricted: 1, dailyCapacity: 150, remainingToday: 149 });
    expect(storeB).toMatchObject({ accounts: 3, restricted: 0, dailyCapacity: 175, remainingToday: 175 });
    // 1400 leads: 324 today, 325 a day while lim cools down (72 h from Monday 10:00 → Thursday 10:00),
    // then 425 from Friday.
    expect(c.forecast).toEqual({ leads: 1400, days: 5, perDay: [324, 325, 325, 325, 425] });

    const perStore = await w.api("GET", `/api/corps/${w.corpId}/capacity?leads=400&storeId=${b}`);
    expect(perStore.body.forecast).toEqual({ leads: 400, days: 3, perDay: [175, 175, 175] });
  });

  it("lowers capacity at once when a restriction is recorded and restores it when lifted", async () => {
    const before = (await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body.total.dailyCapacity;
    const r = await restrict({ userid: "mid", state: "limited", hours: 24 });
    expect((await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body.total.dailyCapacity).toBe(
      before - 70,
    );
    await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions/${r.body.id}/lift`);
    const after = (await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body;
    // The lifted restriction now counts in mid's history: 70 − 15.
    expect(after.total.dailyCapacity).toBe(before - 15);
    const list = (await w.api("GET", `/api/corps/${w.corpId}/account-health`)).body;
    const mid = list.members.find((m: { userid: string }) => m.userid === "mid");
    expect(mid).toMatchObject({ cap: 55, pastRestrictions90d: 1, activity: { customers: 0 } });
    // History keeps every row.
    const all = (await w.api("GET", `/api/corps/${w.corpId}/sender-restrictions?all=true`)).body.items;
    expect(all.filter((x: { userid: string }) => x.userid === "mid")).toHaveLength(1);
    expect(all.length).toBeGreaterThanOrEqual(4);
  });

  it("refuses bad input with field-level messages and keeps what was stored", async () => {
    const bad = await put("old1", { createdOn: "2025-13-01", corpVerified: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "/corpVerified",
      "/createdOn",
    ]);
    const future = await put("old1", { createdOn: "2099-01-01" });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([
      { path: "/createdOn", message: expect.stringMatching(/future/) },
    ]);
    expect((await put("nobody", { corpVerified: true })).status).toBe(404);
    const settings = await w.api("PATCH", `/api/corps/${w.corpId}/add-rate-settings`, {
      minDailyCap: 120,
    });
    expect(settings.status).toBe(400);
    expect(settings.body.error.details).toEqual([
      { path: "/maxDailyCap", message: expect.stringMatching(/at least the lowest/) },
    ]);
    const q = await w.api("GET", `/api/corps/${w.corpId}/capacity?leads=-3`);
    expect(q.status).toBe(400);
    expect(q.body.error.details[0].path).toMatch(/leads/);
    const c = (await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body;
    expect(c.members.find((m: { userid: string }) => m.userid === "old1")).toMatchObject({
      createdOn: "2025-01-01",
      healthCap: 100,
    });
    expect(c.settings.minDailyCap).toBe(40);
  });

  it("scales caps with the corp's own cap range", async () => {
    const ok = await w.api("PATCH", `/api/corps/${w.corpId}/add-rate-settings`, {
      minDailyCap: 20,
      maxDailyCap: 80,
    });
    expect(ok.status).toBe(200);
    const c = (await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body;
    // old1 at full health: 80; new1 (10 of 60 points): 20 + floor(10 × 60 / 60) = 30.
    const by = Object.fromEntries(c.members.map((m: { userid: string }) => [m.userid, m]));
    expect(by.old1.healthCap).toBe(80);
    expect(by.new1.healthCap).toBe(30);
    await w.api("PATCH", `/api/corps/${w.corpId}/add-rate-settings`, { minDailyCap: 40, maxDailyCap: 100 });
  });

  it("shows one corp nothing of another's", async () => {
    await putCorp(w.siyu.ctx, {
      corpId: "wwOtherCorp",
      name: "other",
      secret: "other-secret",
      token: "OtherToken",
      aesKey: "b3RoZXJDb3JwRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      apiBase: "http://127.0.0.1:9",
    });
    const other = await w.api("GET", `/api/corps/wwOtherCorp/capacity`);
    expect(other.status).toBe(200);
    expect(other.body.members).toEqual([]);
    expect(other.body.total.dailyCapacity).toBe(0);
    expect(
      (await w.api("PUT", `/api/corps/wwOtherCorp/account-health/old1`, { corpVerified: false })).status,
    ).toBe(404);
    const mine = (await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body;
    expect(mine.members.find((m: { userid: string }) => m.userid === "old1").corpVerified).toBe(true);
  });
});

describe("a restricted account is skipped", () => {
  it("by live-code routing until its cool-down ends", async () => {
    const code = (
      await w.api("POST", `/api/corps/${w.corpId}/live-codes`, {
        name: "健康",
        strategy: "least_load",
        staff: [{ userid: "old1" }, { userid: "new1" }],
      })
    ).body;
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    const users = async () => (await client.contactWay.get(code.configId)).contact_way.user;
    expect(await users()).toEqual(["old1", "new1"]);
    await restrict({ userid: "old1", state: "limited", hours: 24 });
    await waitFor(async () => JSON.stringify(await users()) === '["new1"]');
    const scan = await w.people<{ userid: string }>("scan-contact-way", { configId: code.configId });
    expect(scan.userid).toBe("new1");
    offset += 25 * 3_600_000; // past the cool-down: old1 takes customers again
    await waitFor(async () => ((await users()) ?? []).includes("old1"));
  });

  it("by the send gate, also when WeCom's answer revealed the ban (errcode 40143)", async () => {
    await w.control("POST", "/_emulator/faults", {
      corpId: w.corpId,
      path: "externalcontact/add_msg_template",
      errcode: 40143,
    });
    const row = {
      corp_id: w.corpId,
      recipient: "wmX",
      sender: "new1",
      payload: { text: "hi" },
    } as unknown as OutboxRow;
    await expect(customerMessageChannel.send(w.siyu.ctx, row)).rejects.toThrow(/40143/);
    const current = (await w.api("GET", `/api/corps/${w.corpId}/sender-restrictions`)).body.items;
    expect(current).toContainEqual(
      expect.objectContaining({ userid: "new1", state: "member_banned", source: "wecom-api", until: null }),
    );
    const check = await w.api("POST", `/api/corps/${w.corpId}/send-gate/check`, {
      recipient: "wmX",
      sender: "new1",
      text: "hello",
    });
    expect(check.body).toMatchObject({ action: "drop", rule: "sender_health" });
    const c = (await w.api("GET", `/api/corps/${w.corpId}/capacity`)).body;
    expect(c.members.find((m: { userid: string }) => m.userid === "new1")).toMatchObject({ cap: 0 });
  });
});
