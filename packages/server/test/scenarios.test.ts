// Scenario triggers against the emulator with a frozen clock: coupons and subscriptions imported from a CSV and
// the API (bad rows reported by row number, good rows kept, a repeat adds nothing), a coupon about to expire
// fires once 3 days before expiry (not for a used coupon, not again on the next scan) and the customer receives
// the line's message in the emulator; subscription expiry and renewal due; churn win-back after N days without a
// paid order; refusals by field; one corp cannot see another's scenarios.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { runDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { scanScenarios } from "../src/domains/scenarios/scenarios.scan.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China: the day the customers join.
const DAY0_10H = Date.parse("2026-11-23T02:00:00Z");
const china = (day: number, hhmm: string) =>
  DAY0_10H - 10 * HOUR + day * 24 * HOUR + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * 60_000;
const OTHER_CORP = "wwScenariosOther1";

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(DAY0_10H);
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: true,
  });
  await putCorp(ctx, {
    corpId: OTHER_CORP,
    name: "other",
    secret: "other-secret",
    token: "OtherToken",
    aesKey: "b3RoZXJDb3JwRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
    apiBase: w.emu.url,
  });
});
afterAll(() => w?.stop());

/** Calls the API with a fresh session (the clock moves by weeks here, past a session's life). */
async function api(
  method: string,
  path: string,
  body?: unknown,
  raw?: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of many shapes
): Promise<{ status: number; body: any }> {
  const headers = await adminSession(world().siyu.url);
  const res = await fetch(`${world().siyu.url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(raw !== undefined ? { "content-type": "text/csv" } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const corpBase = () => `/api/corps/${world().corpId}`;

/** Sets the clock, scans the scenarios (one candidate per page, to walk the pages), runs the journey scheduler and the dispatcher. */
async function at(day: number, hhmm: string): Promise<void> {
  world().emuClock.set(china(day, hhmm));
  while ((await scanScenarios(ctx, { page: 1 })) > 0) {}
  while ((await runDueJourneys(ctx)) > 0) {}
  while ((await dispatchOnce(ctx, channels)) > 0) {}
}

const texts = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string; text: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received
    .filter((m) => m.kind !== "welcome")
    .map((m) => m.text);

async function firings(scenarioId: string) {
  const r = await api("GET", `${corpBase()}/scenarios/${scenarioId}/firings`);
  expect(r.status).toBe(200);
  return r.body.items as { externalUserid: string; instance: string; reason: string; enrolled: boolean }[];
}

async function line(name: string, text: string): Promise<string> {
  const r = await api("POST", `${corpBase()}/journeys`, {
    name,
    steps: [{ timing: { kind: "hours", hours: 0 }, content: { text } }],
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

let a: string;
let b: string;
let c: string;
let d: string;

describe("imports", () => {
  it("adds the customers", async () => {
    const ids: string[] = [];
    for (const name of ["甲", "乙", "丙", "丁"]) {
      const r = await world().people<{ externalUserId: string }>("add-customer", {
        userid: "m1",
        customer: { name },
      });
      ids.push(r.externalUserId);
    }
    await world().settle();
    [a, b, c, d] = ids as [string, string, string, string];
    const known = await ctx.db
      .selectFrom("customers")
      .select("external_userid")
      .where("corp_id", "=", world().corpId)
      .execute();
    expect(known.map((k) => k.external_userid).sort()).toEqual([...ids].sort());
    expect(a && b && c && d).toBeTruthy();
    await ctx.db
      .updateTable("customers")
      .set({ unionid: "union-c" })
      .where("external_userid", "=", c)
      .execute();
    await ctx.db
      .updateTable("customers")
      .set({ unionid: "union-b" })
      .where("external_userid", "=", b)
      .execute();
  });

  const csv = () =>
    [
      "id,external_userid,unionid,name,value,issued_at,expires_at,used_at",
      `C1,${a},,满100减20,20,2026-11-01 10:00,2026-11-27 10:00,`,
      `C2,${b},,满50减5,5,2026-11-01 10:00,2026-11-27 10:00,2026-11-20 12:00`,
      "C3,,union-c,新人券,10,,2026-11-27 10:00,",
      `C4,${d},,坏券,abc,,2026-11-27 10:00,`,
      `C5,${d},,无期限,10,,,`,
    ].join("\n");

  it("imports coupons from a CSV: bad rows by row number, the good ones kept and bound", async () => {
    const r = await api("POST", `${corpBase()}/coupons/imports?source=shop`, undefined, csv());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "done", rowsTotal: 5, inserted: 3, badRows: 2, bound: 3 });
    expect(r.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [5, "value"],
      [6, "expiresAt"],
    ]);
    const held = await ctx.db
      .selectFrom("customer_coupons as k")
      .innerJoin("customers as c", "c.id", "k.customer_id")
      .select(["k.item_id", "c.external_userid", "k.bound_by", "k.value_cents"])
      .where("k.corp_id", "=", world().corpId)
      .orderBy("k.item_id")
      .execute();
    expect(held).toEqual([
      { item_id: "C1", external_userid: a, bound_by: "external_userid", value_cents: "2000" },
      { item_id: "C2", external_userid: b, bound_by: "external_userid", value_cents: "500" },
      { item_id: "C3", external_userid: c, bound_by: "unionid", value_cents: "1000" },
    ]);
  });

  it("adds nothing when the same file comes again", async () => {
    const r = await api("POST", `${corpBase()}/coupons/imports?source=shop`, undefined, csv());
    expect(r.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, badRows: 2 });
    const n = await ctx.db
      .selectFrom("customer_coupons")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it("refuses a file without the required columns", async () => {
    const r = await api("POST", `${corpBase()}/coupons/imports`, undefined, "id,name\nX,券");
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("SCENARIO_IMPORT_COLUMNS_MISSING");
    expect(r.body.error.details.map((x: { path: string }) => x.path)).toEqual(["/expiresAt"]);
  });

  it("stores subscriptions from the API, item by item, idempotently", async () => {
    const items = [
      {
        id: "S1",
        externalUserid: a,
        product: "年度会员",
        expiresAt: new Date(china(5, "10:00")).toISOString(),
      },
      {
        id: "S2",
        unionid: "union-b",
        product: "Python 入门课",
        expiresAt: new Date(china(-2, "10:00")).toISOString(),
      },
      {
        id: "S3",
        externalUserid: c,
        product: "Python 入门课",
        expiresAt: new Date(china(-2, "10:00")).toISOString(),
      },
      {
        id: "S4",
        externalUserid: c,
        product: "Python 入门课",
        expiresAt: new Date(china(363, "10:00")).toISOString(),
        renewalPrice: 19900,
      },
      { id: "S5", externalUserid: d, product: "年度会员", expiresAt: "next week" },
    ];
    const r = await api("POST", `${corpBase()}/subscriptions`, { source: "crm", items });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ inserted: 4, badRows: 1, bound: 4 });
    expect(r.body.rejected).toEqual([
      { index: 4, code: "bad_time", field: "expiresAt", reason: expect.stringContaining("next week") },
    ]);
    const again = await api("POST", `${corpBase()}/subscriptions`, {
      source: "crm",
      items: items.slice(0, 4),
    });
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, badRows: 0 });
  });
});

describe("coupon about to expire", () => {
  let id: string;

  it("refuses bad parameters and unknown references by field", async () => {
    const bad = await api("POST", `${corpBase()}/scenarios`, {
      name: "券过期",
      template: "coupon_expiring",
      params: { days: 0 },
      journeyId: "1",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((x: { path: string }) => x.path)).toContain("/params/days");
    const unknown = await api("POST", `${corpBase()}/scenarios`, {
      name: "券过期",
      template: "coupon_expiring",
      params: { days: 3 },
      journeyId: "999999",
      segmentId: "888888",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((x: { path: string }) => x.path)).toEqual([
      "/journeyId",
      "/segmentId",
    ]);
  });

  it("fires 3 days before expiry, once per coupon, not for a used one; the customer gets the line's message", async () => {
    const journeyId = await line("券即将过期", "您的优惠券 3 天后过期，记得使用");
    const created = await api("POST", `${corpBase()}/scenarios`, {
      name: "券过期提醒",
      template: "coupon_expiring",
      params: { days: 3 },
      journeyId,
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    // The coupons expire on day 4 at 10:00: four days ahead, nothing yet.
    await at(0, "10:00");
    expect(await firings(id)).toEqual([]);
    await at(1, "10:00");
    const fired = await firings(id);
    expect(fired.map((f) => [f.externalUserid, f.enrolled]).sort()).toEqual(
      [
        [a, true],
        [c, true],
      ].sort(),
    );
    expect(fired.find((f) => f.externalUserid === a)?.reason).toContain("满100减20");
    expect(await texts(a)).toEqual(["您的优惠券 3 天后过期，记得使用"]);
    expect(await texts(c)).toEqual(["您的优惠券 3 天后过期，记得使用"]);
    expect(await texts(b)).toEqual([]);
    // The next scans fire nobody again.
    await at(1, "10:05");
    await at(2, "10:00");
    expect(await firings(id)).toHaveLength(2);
    expect(await texts(a)).toHaveLength(1);
  });
});

describe("subscriptions", () => {
  it("fires the expiring one and the unrenewed expired one, not the renewed", async () => {
    const soon = await api("POST", `${corpBase()}/scenarios`, {
      name: "课程即将到期",
      template: "subscription_expiring",
      params: { days: 7 },
      journeyId: await line("到期提醒", "您的会员 7 天内到期"),
    });
    const renew = await api("POST", `${corpBase()}/scenarios`, {
      name: "续费提醒",
      template: "renewal_due",
      params: { days: 7 },
      journeyId: await line("续费", "课程已到期，续费享 8 折"),
    });
    await at(3, "11:00");
    const s = await firings(soon.body.id);
    expect(s.map((f) => [f.externalUserid, f.instance.split(":")[0]])).toEqual([[a, "subscription"]]);
    expect(s[0]?.reason).toContain("年度会员");
    const r = await firings(renew.body.id);
    expect(r.map((f) => f.externalUserid)).toEqual([b]);
    expect(r[0]?.reason).toContain("not renewed");
    expect(await texts(b)).toEqual(["课程已到期，续费享 8 折"]);
    expect((await texts(a)).at(-1)).toBe("您的会员 7 天内到期");
  });
});

describe("churn win-back", () => {
  it("fires after N days without a paid order, and not for a customer who ordered", async () => {
    const created = await api("POST", `${corpBase()}/scenarios`, {
      name: "流失召回",
      template: "churn_winback",
      params: { days: 30 },
      journeyId: await line("召回", "好久不见，送您一张回归券"),
    });
    const id = created.body.id;
    const order = await api("POST", "/api/orders", {
      corpId: world().corpId,
      orders: [
        {
          orderNo: "W-1",
          status: "paid",
          amountCents: 9900,
          orderedAt: new Date(china(10, "12:00")).toISOString(),
          unionid: "union-b",
        },
      ],
    });
    expect(order.body.bound).toBe(1);
    await at(29, "11:00");
    expect(await firings(id)).toEqual([]);
    await at(30, "11:00");
    expect((await firings(id)).map((f) => f.externalUserid).sort()).toEqual([a, c, d].sort());
    for (const e of [a, c, d]) expect((await texts(e)).at(-1)).toBe("好久不见，送您一张回归券");
    await at(31, "11:00");
    expect(await firings(id)).toHaveLength(3);
    // B's last order was on day 10: 30 days later B is idle too.
    await at(40, "12:01");
    const all = await firings(id);
    expect(all).toHaveLength(4);
    expect(all[0]).toMatchObject({ externalUserid: b, enrolled: true });
    expect(await texts(b)).toContain("好久不见，送您一张回归券");
  });
});

describe("audience", () => {
  it("fires only for the saved segment's members, once, with two scanners at once", async () => {
    world().emuClock.set(china(40, "12:30"));
    const seg = await api("POST", `${corpBase()}/segments`, { name: "买过", text: "orders>=1" });
    expect(seg.status).toBe(200);
    const created = await api("POST", `${corpBase()}/scenarios`, {
      name: "老客召回",
      template: "churn_winback",
      params: { days: 30 },
      segmentId: seg.body.id,
      journeyId: await line("老客召回", "老朋友专享回归礼"),
    });
    expect(created.body.segmentId).toBe(seg.body.id);
    const [x, y] = await Promise.all([scanScenarios(ctx), scanScenarios(ctx)]);
    expect(x + y).toBeGreaterThanOrEqual(1);
    await at(40, "12:35");
    // A, C and D never ordered: idle, but not in the segment.
    expect((await firings(created.body.id)).map((f) => f.externalUserid)).toEqual([b]);
  });
});

describe("leads and first orders", () => {
  it("fires for customers added after the scenario exists: through the live code, and any add", async () => {
    world().emuClock.set(china(41, "10:00"));
    const code = await api("POST", `${corpBase()}/live-codes`, {
      name: "海报 X",
      state: "poster-x",
      staff: [{ userid: "m1" }],
      strategy: "rotation",
    });
    expect(code.status).toBe(200);
    const byCode = await api("POST", `${corpBase()}/scenarios`, {
      name: "海报线索",
      template: "lead_captured",
      params: { liveCodeIds: [code.body.id] },
      journeyId: await line("海报新客", "感谢扫码，送您资料包"),
    });
    expect(byCode.status).toBe(201);
    const any = await api("POST", `${corpBase()}/scenarios`, {
      name: "所有新客",
      template: "lead_captured",
      params: {},
      journeyId: await line("新客", "欢迎"),
    });
    const first = await api("POST", `${corpBase()}/scenarios`, {
      name: "首单推动",
      template: "first_order",
      params: { hours: 24 },
      journeyId: await line("首单", "新人首单立减 20 元"),
    });
    await at(41, "10:00");
    // Customers added before the scenarios existed are not leads, nor first-order pushes.
    for (const s of [byCode, any, first]) expect(await firings(s.body.id)).toEqual([]);

    // A coupon for someone not yet a customer stays unbound until they are.
    const early = await api("POST", `${corpBase()}/coupons`, {
      items: [
        {
          id: "C9",
          unionid: "union-f",
          name: "回归券",
          expiresAt: new Date(china(43, "10:00")).toISOString(),
        },
      ],
    });
    expect(early.body).toMatchObject({ inserted: 1, bound: 0 });
    const e = await world().people<{ externalUserId: string }>("scan-contact-way", {
      configId: code.body.configId,
      customer: { name: "戊" },
    });
    const f = await world().people<{ externalUserId: string }>("add-customer", {
      userid: "m1",
      customer: { name: "己" },
    });
    await world().settle();
    await ctx.db
      .updateTable("customers")
      .set({ unionid: "union-f" })
      .where("external_userid", "=", f.externalUserId)
      .execute();
    await at(41, "10:05");
    const couponScenario = (await api("GET", `${corpBase()}/scenarios`)).body.items.find(
      (x: { name: string }) => x.name === "券过期提醒",
    );
    const coupons = await firings(couponScenario.id);
    expect(coupons[0]).toMatchObject({
      externalUserid: f.externalUserId,
      instance: expect.stringMatching(/^coupon:/),
    });
    expect(coupons[0]?.reason).toContain("回归券");
    const leads = await firings(byCode.body.id);
    expect(leads.map((x) => x.externalUserid)).toEqual([e.externalUserId]);
    expect(leads[0]?.reason).toContain("poster-x");
    expect((await firings(any.body.id)).map((x) => x.externalUserid).sort()).toEqual(
      [e.externalUserId, f.externalUserId].sort(),
    );
    await at(41, "10:10");
    expect(await firings(any.body.id)).toHaveLength(2);

    // E orders the same day; 24 hours after joining only F is pushed to a first order.
    await ctx.db
      .updateTable("customers")
      .set({ unionid: "union-e" })
      .where("external_userid", "=", e.externalUserId)
      .execute();
    const order = await api("POST", "/api/orders", {
      corpId: world().corpId,
      orders: [
        {
          orderNo: "E-1",
          status: "paid",
          amountCents: 2900,
          orderedAt: new Date(china(41, "12:00")).toISOString(),
          unionid: "union-e",
        },
      ],
    });
    expect(order.body.bound).toBe(1);
    await at(42, "09:59");
    expect(await firings(first.body.id)).toEqual([]);
    await at(42, "10:06");
    expect((await firings(first.body.id)).map((x) => x.externalUserid)).toEqual([f.externalUserId]);
    await at(42, "10:20");
    expect(await firings(first.body.id)).toHaveLength(1);
  });
});

describe("another corp", () => {
  it("sees none of the corp's scenarios and cannot point at its lines", async () => {
    const mine = await api("GET", `${corpBase()}/scenarios`);
    expect(mine.body.items).toHaveLength(8);
    // A and C, then F once bound.
    expect(mine.body.items.find((x: { name: string }) => x.name === "券过期提醒").firings).toBe(3);
    const id = mine.body.items[0].id;
    const list = await api("GET", `/api/corps/${OTHER_CORP}/scenarios`);
    expect(list.body.items).toEqual([]);
    const one = await api("GET", `/api/corps/${OTHER_CORP}/scenarios/${id}`);
    expect(one.status).toBe(404);
    expect(one.body.error.code).toBe("SCENARIO_NOT_FOUND");
    expect((await api("GET", `/api/corps/${OTHER_CORP}/scenarios/${id}/firings`)).status).toBe(404);
    const steal = await api("POST", `/api/corps/${OTHER_CORP}/scenarios`, {
      name: "x",
      template: "churn_winback",
      params: { days: 30 },
      journeyId: mine.body.items[0].journeyId,
    });
    expect(steal.status).toBe(400);
    expect(steal.body.error.details[0].path).toBe("/journeyId");
    // The other corp has imported no coupons or subscriptions: triggers on them have nothing to look at.
    for (const [template, what] of [
      ["coupon_expiring", "coupons"],
      ["renewal_due", "subscriptions"],
    ] as const) {
      const noData = await api("POST", `/api/corps/${OTHER_CORP}/scenarios`, {
        name: "x",
        template,
        params: { days: 3 },
        journeyId: mine.body.items[0].journeyId,
      });
      expect(noData.status).toBe(400);
      const details = noData.body.error.details as { path: string; message: string }[];
      expect(details.map((d) => d.path)).toEqual(["/journeyId", "/template"]);
      expect(details[1]?.message).toContain(`this corp has no ${what} yet`);
    }
  });
});
