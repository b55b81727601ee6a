// A call plan over a simulated week on the emulator's clock: a dormant list of 2000 buyers takes more than seven
// days of a mixed team (a healthy account, two new ones, one restricted mid-week for 72 h through the API, one
// banned). Every day, every member has no more calls than its cap that day (account health's dailyCapacity),
// calls stay inside their category's windows, the restricted account gets nothing on the days it is restricted
// (its calls go to later days, as the others are full) and leads again after the cool-down at its lowered cap,
// and the banned one never gets any.
//
// New-account thresholds: a call is not an add. The customers an account calls add it later themselves (passive
// adds, through the SMS's personal live code), so the active-add threshold (40 an hour) does not apply to the
// plan, and the passive one (60 a minute) is enforced where the add happens: live codes stop offering a new
// account that reached it (add-guard.ts passiveBurst). What the plan can do is not bunch an account's calls: no
// new account has as many calls in one minute as the passive threshold — checked below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { defaultAddRateSettings } from "../src/domains/account-health/add-rate.settings.ts";
import { dailyCapacity } from "../src/domains/account-health/capacity.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

const H = 3_600_000;
const D = 24 * H;
// Local (UTC+8) midnight of Monday 2026-11-30.
const DAY0 = Date.parse("2026-11-29T16:00:00Z");
const at = (day: number, hour: number, minute = 0) => DAY0 + day * D + hour * H + minute * 60_000;
const localDay = (ms: number) => new Date(ms + 8 * H).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

let t = at(0, 10);
let w: LcWorld;
let ctx: Ctx;
const setNow = async (ms: number) => {
  const jumpedDays = Math.floor(ms / D) !== Math.floor(t / D);
  t = ms;
  w.emuClock.freeze(ms);
  // Sessions last 7 days of (test) clock: log in again after a jump.
  if (jumpedDays) Object.assign(w.headers, await adminSession(w.siyu.url));
};

const MEMBERS = ["v1", "n1", "n2", "lim", "ban"];
// Safe caps by hand (40 + age points + 10 per verification): v1 old and verified 100; n1 five days old and
// verified 60; n2 of unknown age (new) 40; lim 200 days old 80 (65 after a restriction); ban 0.
const NEW = new Set(["n1", "n2"]);
const LEADS = 2000;
const daysBefore = (n: number) => localDay(DAY0 - n * D);
const phone = (i: number) => `1370000${String(i).padStart(4, "0")}`;

beforeAll(async () => {
  w = await startLcWorld({ members: MEMBERS, clock: { now: () => t } });
  w.emuClock.freeze(t);
  ctx = w.siyu.ctx;
  await ctx.db
    .insertInto("members")
    .values(MEMBERS.map((userid) => ({ corp_id: w.corpId, userid, name: userid, customer_contact: true })))
    .onConflict((oc) => oc.columns(["corp_id", "userid"]).doNothing())
    .execute();
  const profiles: Array<[string, object]> = [
    ["v1", { createdOn: "2025-01-01", corpVerified: true, personalVerified: true }],
    ["n1", { createdOn: daysBefore(5), corpVerified: true, personalVerified: true }],
    ["lim", { createdOn: daysBefore(200) }],
    ["ban", { createdOn: "2024-01-01" }],
  ];
  for (const [userid, body] of profiles)
    expect((await w.api("PUT", `/api/corps/${w.corpId}/account-health/${userid}`, body)).status).toBe(200);
  const banned = await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions`, {
    userid: "ban",
    state: "member_banned",
  });
  expect(banned.status).toBe(200);
  // 2000 dormant buyers: beauty 90–139 days ago, pet food 70–119 days ago (both past their repurchase cycle).
  const orders = Array.from({ length: LEADS }, (_, i) => ({
    orderNo: `W${i}`,
    status: "paid",
    amountCents: 9900,
    orderedAt: iso(at(0, 10) - ((i % 2 === 0 ? 90 : 70) + (i % 50)) * D),
    phone: phone(i),
    categories: [i % 2 === 0 ? "美妆" : "猫粮"],
  }));
  for (let i = 0; i < orders.length; i += 1000) {
    const r = await w.api("POST", "/api/orders", {
      corpId: w.corpId,
      source: "shop",
      orders: orders.slice(i, i + 1000),
    });
    expect(r.status).toBe(200);
  }
}, 300_000);
afterAll(() => w?.stop());

type Row = { day: string; userid: string; planned_at: Date; call_window: string; phone: string };
const planned = async (campaignId: string): Promise<Row[]> =>
  ctx.db
    .selectFrom("call_campaign_calls")
    .select(["day", "userid", "planned_at", "call_window", "phone"])
    .where("corp_id", "=", w.corpId)
    .where("campaign_id", "=", campaignId)
    .execute();
const count = (rows: Row[], day: string, userid: string) =>
  rows.filter((r) => r.day === day && r.userid === userid).length;

describe("a call plan over a simulated week", () => {
  it("keeps every member within its cap each day; the restricted one gets nothing while restricted", async () => {
    const r = await w.api("POST", `/api/corps/${w.corpId}/call-campaigns`, {
      name: "沉睡唤醒（一周）",
      kind: "brand",
      brandName: "花漾",
      bucket: "dormant",
    });
    expect(r.status).toBe(200);
    const id = r.body.id as string;
    expect(r.body.total).toBe(LEADS);
    // 280 a day (100 + 60 + 40 + 80): more than seven days' worth.
    expect(r.body.days).toBe(8);
    const before = await planned(id);
    expect(count(before, localDay(at(1, 12)), "lim")).toBe(80);
    expect(count(before, localDay(at(3, 12)), "lim")).toBe(80);

    const restrictedFrom = at(2, 9);
    const restrictedUntil = at(5, 9);
    const perDay: number[] = [];
    let rows = before;
    for (let day = 1; day <= 9; day++) {
      await setNow(at(day, 8));
      if (day === 2) {
        // lim is limited at 09:00 for 72 h, recorded through the API: its calls still to come move.
        await setNow(restrictedFrom);
        const res = await w.api("POST", `/api/corps/${w.corpId}/sender-restrictions`, {
          userid: "lim",
          state: "limited",
          hours: 72,
          note: "加好友频繁",
        });
        expect(res.status).toBe(200);
      }
      // The end of the day: what each member was given that day against its cap that day.
      await setNow(at(day, 23, 50));
      rows = await planned(id);
      const cap = await dailyCapacity(ctx.db, w.corpId, new Date(t));
      const d = localDay(t);
      for (const m of cap.members)
        expect(count(rows, d, m.userid), `${m.userid} on ${d}`).toBeLessThanOrEqual(m.cap);
      perDay.push(rows.filter((x) => x.day === d).length);
      // New accounts: fewer calls in any minute than the passive-add threshold (calls are spread in windows).
      for (const u of NEW) {
        const perMinute = new Map<number, number>();
        for (const x of rows.filter((x) => x.day === d && x.userid === u)) {
          const minute = Math.floor(x.planned_at.getTime() / 60_000);
          perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
        }
        expect(Math.max(0, ...perMinute.values())).toBeLessThan(defaultAddRateSettings.newPassivePerMinute);
      }
    }

    // Every buyer still has exactly one call; the days: 280, then 200 while lim cools down (09:00 on day 5 is
    // after that day starts, so day 5 too), then 265 (lim back at 80 − 15), the rest on day 9 (lim first: the moved calls are
    // still its own, up to its cap).
    expect(rows).toHaveLength(LEADS);
    expect(new Set(rows.map((x) => x.phone)).size).toBe(LEADS);
    expect(perDay).toEqual([280, 200, 200, 200, 200, 265, 265, 265, 125]);
    const days = Array.from({ length: 9 }, (_, i) => localDay(at(i + 1, 12)));
    expect(days.map((d) => count(rows, d, "lim"))).toEqual([80, 0, 0, 0, 0, 65, 65, 65, 65]);
    expect(days.slice(0, 8).map((d) => count(rows, d, "v1"))).toEqual(Array(8).fill(100));
    expect(rows.filter((x) => x.userid === "ban")).toEqual([]);
    expect(
      rows
        .filter((x) => x.userid === "lim" && x.planned_at.getTime() >= restrictedFrom)
        .every((x) => x.planned_at.getTime() >= restrictedUntil),
    ).toBe(true);
    // Moved calls keep their window: every call inside the window it names, on its day.
    for (const x of rows) {
      const [from, to] = x.call_window.split("-") as [string, string];
      const hhmm = new Date(x.planned_at.getTime() + 8 * H).toISOString().slice(11, 16);
      expect(localDay(x.planned_at.getTime())).toBe(x.day);
      expect(hhmm >= from && hhmm < to, `${x.phone} at ${hhmm} in ${x.call_window}`).toBe(true);
    }
    // The campaign now says how many days it takes.
    expect((await w.api("GET", `/api/corps/${w.corpId}/call-campaigns/${id}`)).body.days).toBe(9);
  }, 600_000);
});
