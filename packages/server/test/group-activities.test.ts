// Group activities against the emulator with a frozen clock: a 21-day check-in (打卡) in a customer group with a
// 1元券 every 7 days and a gift at 21 — 21 days of "打卡" messages pulled from the session archive produce the
// day-7, 14 and 21 coupons and the gift once each, however many times a day the customer writes and however
// often the archive is replayed; participation becomes a segment term and the activity's tag. A lottery with a
// fixed prize pool runs out; a red-packet campaign never allocates beyond its budget. Odds over 100 % and an
// empty voucher pool are refused per field; another corp sees nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { emulatorArchiveAdapter, pullArchivePage } from "../src/domains/auto-tags/archive.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 23 Nov 2026, 07:30 in China (an early riser's check-in).
const START = Date.parse("2026-11-22T23:30:00Z");

let w: LcWorld;
let ctx: Ctx;
let chatId: string;
let couponPool: string;
let emptyPool: string;
let tagId: string;
let checkinId: string;
const customers: string[] = [];
const base = () => `/api/corps/${w.corpId}/group-activities`;
const rewardsOf = async (sourceId: string) =>
  (await w.api("GET", `/api/corps/${w.corpId}/activity-rewards?sourceId=${sourceId}`)).body.items as {
    externalUserId: string;
    kind: string;
    name: string;
    code: string | null;
    status: string;
    reason: string;
    amountCents: number | null;
  }[];

const settle = () => w.settle();
async function pullArchive() {
  while ((await pullArchivePage(ctx, emulatorArchiveAdapter, w.corpId)) > 0) {}
}

beforeAll(async () => {
  w = await startLcWorld({
    members: ["s1"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(START);
  for (const name of ["早起甲", "早起乙", "早起丙"]) {
    customers.push(
      (await w.people<{ externalUserId: string }>("add-customer", { userid: "s1", customer: { name } }))
        .externalUserId,
    );
  }
  chatId = (
    await w.people<{ chatId: string }>("create-group", {
      owner: "s1",
      name: "21天早起打卡群",
      externalUserIds: customers,
    })
  ).chatId;
  await settle();
  const pools = `/api/corps/${w.corpId}/journeys/coupon-pools`;
  couponPool = (await w.api("POST", pools, { name: "1元券" })).body.id;
  await w.api("POST", `${pools}/${couponPool}/codes`, { codes: ["ONE-1", "ONE-2", "ONE-3", "ONE-4"] });
  emptyPool = (await w.api("POST", pools, { name: "空池" })).body.id;
  const tags = await w.api("POST", `/api/corps/${w.corpId}/tags`, {
    groupName: "活动",
    tags: [{ name: "早起打卡" }],
  });
  tagId = tags.body.tags[0].id;
});
afterAll(() => w?.stop());

const checkin = (over: Record<string, unknown> = {}) => ({
  name: "21天早起自律打卡",
  chatIds: [chatId],
  keyword: "打卡",
  startsOn: "2026-11-23",
  endsOn: "2026-12-20",
  tagIds: [tagId],
  config: {
    kind: "checkin",
    tiers: [
      { days: 7, repeat: true, reward: { kind: "voucher", poolId: couponPool, name: "1元钩子券" } },
      { days: 21, reward: { kind: "manual", name: "0元礼物" } },
    ],
  },
  ...over,
});

describe("refused per field", () => {
  it("lottery odds over 100 %, one prize's odds over 100 %, an empty voucher pool, a group not the corp's", async () => {
    const prize = (oddsPercent: number) => ({
      name: "保温杯",
      oddsPercent,
      quantity: 10,
      reward: { kind: "manual", name: "保温杯" },
    });
    const over = await w.api("POST", base(), {
      ...checkin(),
      config: { kind: "lottery", prizes: [prize(60), prize(50.5)] },
    });
    expect(over.status).toBe(400);
    expect(over.body.error.details).toEqual([
      { path: "/config/prizes", message: "the odds add up to 110.5 %; together they may be at most 100 %" },
    ]);
    const one = await w.api("POST", base(), {
      ...checkin(),
      config: { kind: "lottery", prizes: [prize(120)] },
    });
    expect(one.body.error.details).toContainEqual({
      path: "/config/prizes/0/oddsPercent",
      message: "the odds are at most 100 %",
    });
    const empty = await w.api(
      "POST",
      base(),
      checkin({
        chatIds: [chatId, "wrNotOurs"],
        config: {
          kind: "checkin",
          tiers: [{ days: 7, reward: { kind: "voucher", poolId: emptyPool, name: "券" } }],
        },
      }),
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toEqual([
      { path: "/chatIds/1", message: "wrNotOurs is not a customer group of this corp" },
      {
        path: "/config/tiers/0/reward/poolId",
        message: 'coupon pool "空池" has no codes left; upload codes to it first',
      },
    ]);
    expect((await w.api("GET", base())).body.items).toEqual([]);
  });
});

describe("21-day check-in", () => {
  it("grants the day-7, 14 and 21 coupons and the gift once each", async () => {
    const res = await w.api("POST", base(), checkin());
    expect(res.status).toBe(201);
    checkinId = res.body.id;
    const [early, other] = customers as [string, string];
    for (let day = 0; day < 21; day++) {
      w.emuClock.set(START + day * DAY);
      if (day % 5 === 0) Object.assign(w.headers, await adminSession(w.siyu.url));
      await w.people("group-message", { chatId, from: early, text: `第${day + 1}天 打卡！` });
      // Writing again the same day, or chatting without the keyword, adds nothing.
      await w.people("group-message", { chatId, from: early, text: "再打卡一次" });
      await w.people("group-message", { chatId, from: other, text: "早上好" });
      if (day < 3) await w.people("group-message", { chatId, from: other, text: "打卡" });
      await pullArchive();
      const mine = (await rewardsOf(checkinId)).filter((r) => r.externalUserId === early);
      if (day === 5) expect(mine).toEqual([]);
      if (day === 6) expect(mine.map((r) => r.reason)).toEqual(["checked in 7 days in 21天早起自律打卡"]);
    }
    // The whole archive again (a cursor reset, a replay): nothing new.
    await ctx.db
      .updateTable("message_cursors")
      .set({ cursor: "0" })
      .where("corp_id", "=", w.corpId)
      .execute();
    await ctx.db.deleteFrom("chat_messages").where("corp_id", "=", w.corpId).execute();
    await pullArchive();

    const rewards = (await rewardsOf(checkinId)).reverse();
    expect(rewards.map((r) => [r.externalUserId, r.reason, r.kind, r.status])).toEqual([
      [early, "checked in 7 days in 21天早起自律打卡", "voucher", "granted"],
      [early, "checked in 14 days in 21天早起自律打卡", "voucher", "granted"],
      [early, "checked in 21 days in 21天早起自律打卡", "voucher", "granted"],
      [early, "checked in 21 days in 21天早起自律打卡", "manual", "pending"],
    ]);
    expect(rewards.slice(0, 3).map((r) => r.code)).toEqual(["ONE-1", "ONE-2", "ONE-3"]);
    const people = (await w.api("GET", `${base()}/${checkinId}/participants`)).body.items;
    expect(people.map((p: { externalUserId: string; days: number }) => [p.externalUserId, p.days])).toEqual([
      [early, 21],
      [other, 3],
    ]);
    const view = (await w.api("GET", `${base()}/${checkinId}`)).body;
    expect(view.stats).toMatchObject({ participants: 2, entries: 24, rewards: 4 });
    // Each reward is told to the customer through the outbox (the gate decides when).
    const notes = await ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("planner", "=", `checkin:${checkinId}`)
      .where("recipient", "=", early)
      .execute();
    expect(notes).toHaveLength(4);
    expect(JSON.stringify(notes)).toContain("ONE-3");
  });

  it("fulfils the gift by hand, once", async () => {
    const gift = (await rewardsOf(checkinId)).find((r) => r.kind === "manual") as unknown as { id: string };
    const done = await w.api("POST", `/api/corps/${w.corpId}/activity-rewards/${gift.id}/fulfil`, {
      note: "门店自提",
    });
    expect(done.body).toMatchObject({ status: "fulfilled", note: "门店自提", fulfilledBy: "admin" });
    const again = await w.api("POST", `/api/corps/${w.corpId}/activity-rewards/${gift.id}/fulfil`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("REWARD_NOT_PENDING");
  });

  it("makes participation a segment term and queues the activity's tag", async () => {
    // The segment engine follows the change log; its count catches up within moments.
    const count = await waitFor(async () => {
      const r = await w.api("POST", "/api/segments/preview", {
        corpId: w.corpId,
        expr: { term: "activity", activities: [`checkin:${checkinId}`] },
      });
      return r.status === 200 && r.body.count === 2 && r.body;
    }, 20_000);
    const ids = await ctx.db
      .selectFrom("customers")
      .select("id")
      .where("corp_id", "=", w.corpId)
      .where("external_userid", "in", [customers[0]!, customers[1]!])
      .execute();
    expect(count.sample.map((c: { id: string }) => c.id).sort()).toEqual(ids.map((r) => String(r.id)).sort());
    const tagged = await ctx.db
      .selectFrom("rule_tag_actions")
      .select(["external_userid", "add_tags"])
      .where("corp_id", "=", w.corpId)
      .where("rule_name", "=", "社群活动：21天早起自律打卡")
      .execute();
    expect(tagged.map((t) => t.external_userid).sort()).toEqual([customers[0], customers[1]].sort());
    expect(tagged.every((t) => t.add_tags.includes(tagId))).toBe(true);
  });
});

describe("lottery and red packets", () => {
  it("a prize with 100 % odds and 2 in stock goes to the first two draws; a customer draws once a day", async () => {
    const res = await w.api("POST", base(), {
      name: "周末抽奖",
      chatIds: [chatId],
      keyword: "抽奖",
      startsOn: "2026-11-23",
      config: {
        kind: "lottery",
        prizes: [
          {
            name: "1元券",
            oddsPercent: 100,
            quantity: 2,
            reward: { kind: "voucher", poolId: couponPool, name: "1元券" },
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const draw = (ext: string) => w.api("POST", `${base()}/${res.body.id}/entries`, { externalUserId: ext });
    expect((await draw(customers[0]!)).body).toEqual({ entered: true, kind: "lottery", prize: "1元券" });
    expect((await draw(customers[0]!)).body).toEqual({ entered: false, reason: "limit" });
    expect((await draw(customers[1]!)).body).toEqual({ entered: true, kind: "lottery", prize: "1元券" });
    expect((await draw(customers[2]!)).body).toEqual({ entered: true, kind: "lottery", prize: null });
    const view = (await w.api("GET", `${base()}/${res.body.id}`)).body;
    expect(view.stats.prizesLeft).toEqual([{ name: "1元券", left: 0 }]);
    // The pool had one code left after the check-ins: the second winner's voucher waits to be given by hand.
    const won = (await rewardsOf(res.body.id)).reverse();
    expect(won.map((r) => [r.externalUserId, r.status, r.code])).toEqual([
      [customers[0], "granted", "ONE-4"],
      [customers[1], "failed", null],
    ]);
  });

  it("red packets are allocated within the budget, once per customer", async () => {
    const res = await w.api("POST", base(), {
      name: "群红包雨",
      chatIds: [chatId],
      keyword: "红包",
      startsOn: "2026-11-23",
      config: { kind: "redpacket", budgetCents: 500, mode: "fixed", amountCents: 200 },
    });
    expect(res.status).toBe(201);
    for (const ext of customers) await w.people("group-message", { chatId, from: ext, text: "抢红包" });
    await w.people("group-message", { chatId, from: customers[0], text: "红包再来" });
    await pullArchive();
    const rewards = await rewardsOf(res.body.id);
    // ¥5 buys two ¥2 packets; the third customer finds the budget spent.
    expect(rewards.map((r) => [r.externalUserId, r.kind, r.status, r.amountCents]).reverse()).toEqual([
      [customers[0], "cash", "pending", 200],
      [customers[1], "cash", "pending", 200],
    ]);
    expect((await w.api("GET", `${base()}/${res.body.id}`)).body.stats).toMatchObject({
      spentCents: 400,
      participants: 2,
    });
  });
});

it("is invisible to another corp", async () => {
  await putCorp(ctx, {
    corpId: "wwOtherActivity1",
    name: "other",
    secret: "s",
    token: "t",
    aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
    apiBase: w.emu.url,
  });
  const other = "/api/corps/wwOtherActivity1";
  const one = await w.api("GET", `${other}/group-activities/${checkinId}`);
  expect(one.status).toBe(404);
  expect(one.body.error.code).toBe("GROUP_ACTIVITY_NOT_FOUND");
  expect((await w.api("GET", `${other}/group-activities`)).body.items).toEqual([]);
  expect((await w.api("GET", `${other}/group-activities/${checkinId}/participants`)).status).toBe(404);
  expect(
    (await w.api("POST", `${other}/group-activities/${checkinId}/entries`, { externalUserId: customers[0] }))
      .status,
  ).toBe(404);
  const reward = (await rewardsOf(checkinId))[0] as unknown as { id: string };
  expect((await w.api("GET", `${other}/activity-rewards/${reward.id}`)).status).toBe(404);
  expect((await w.api("POST", `${other}/activity-rewards/${reward.id}/fulfil`, {})).status).toBe(404);
});
