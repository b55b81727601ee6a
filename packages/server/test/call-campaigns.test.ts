// Outbound-call campaigns (A6) against the emulator: a corp with 60 staff (one restricted) and orders across
// categories → bucket counts, tiers, incentives ("100 − 10", not "300 − 30"), call windows and the 20-minute
// redial checked against hand-computed values; the schedule spread over capacity; the real-shaped call-centre
// export (GBK) imported, twice without change; A/B get the active SMS with the member's personal code, C the
// passive one; scanning that code adds the friend and the funnel attributes it; bad files are reported row by
// row with nothing applied; another corp sees nothing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { defaultCallSettings } from "../src/domains/call-campaigns/call-campaigns.settings.ts";
import { fitIncentive } from "../src/domains/call-campaigns/call-list.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2025-07-02 09:00 in China: the day of the call-centre fixture. */
const NOW = Date.parse("2025-07-02T01:00:00Z");
const chinaIso = (daysAgo: number, hh = 10) =>
  new Date(NOW - daysAgo * DAY + (hh - 9) * HOUR).toISOString().replace("Z", "+00:00");
const FIXTURE = fileURLToPath(
  new URL("../../../../shared/fixtures/imports/call-results.csv", import.meta.url),
);
const fixturePath = fs.existsSync(FIXTURE)
  ? FIXTURE
  : path.resolve("/work/shared/fixtures/imports/call-results.csv");

const MEMBERS = Array.from({ length: 60 }, (_, i) => `m${String(i + 1).padStart(2, "0")}`);

/** The 21 full numbers of the fixture, 3–7 days after their order (receiving): category, days ago, amounts. */
const RECEIVING: [string, string, number, number[], string?][] = [
  ["13900000700", "美妆", 3, [59]],
  ["13800000701", "美妆", 5, [60, 100], "U701"], // usual 80 → 满100减10, not 满300减30
  ["13800000702", "美妆", 4, [350]], // usual 350 → the physical gift (ranked first); mid tier
  ["13900000704", "猫粮", 4, [50]], // usual 50: 满100减10 is just within reach (2 × 50)
  ["13900000705", "数码", 6, [2999]], // high-net
  ["13900000706", "美妆", 3, [129], "U706"],
  ["13800000707", "猫粮", 7, [88]],
  ["13800000709", "美妆", 5, [199], "U709"],
  ["13900000710", "数码", 3, [899]],
  ["13800000711", "美妆", 6, [75]],
  ["13800000712", "猫粮", 5, [45]], // usual 45: no coupon within reach → 会员积分翻倍 (value-added)
  ["13800000714", "美妆", 4, [99]],
  ["13800000715", "美妆", 7, [150]],
  ["13900000716", "猫粮", 3, [66]],
  ["13800000717", "美妆", 6, [210]],
  ["13800000719", "数码", 5, [1599]],
  ["13800000720", "美妆", 4, [120]],
  ["13800000721", "猫粮", 6, [39]],
  ["13900000722", "猫粮", 3, [58]],
  ["13800000724", "美妆", 7, [300]],
  ["13900000725", "数码", 4, [4999]],
];

type Order = {
  orderNo: string;
  status: string;
  amountCents: number;
  orderedAt: string;
  phone: string;
  categories: string[];
  buyerName?: string;
  unionid?: string;
};
const orders: Order[] = [];
let seq = 0;
function order(phone: string, category: string, daysAgo: number, yuan: number, extra: Partial<Order> = {}) {
  orders.push({
    orderNo: `T${++seq}`,
    status: "paid",
    amountCents: yuan * 100,
    orderedAt: chinaIso(daysAgo),
    phone,
    categories: [category],
    ...extra,
  });
}

beforeAll(async () => {
  w = await startLcWorld({ processor: false, clock: { now: () => (w ? w.emuClock.now() : NOW) } });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(NOW);
  const corp = `/_emulator/corps/${w.corpId}`;
  for (const userid of MEMBERS) await w.control("POST", `${corp}/members`, { userid, name: `员工${userid}` });
  // A friend already: the member added them (unionid U811 is on their order).
  await w.people("add-customer", { userid: "m01", customer: { name: "老朋友", unionid: "U811" } });
  await w.settle();
  await refreshAllMarked(ctx);
  await (await startSync(ctx, w.corpId, "full")).promise;
  // Mixed health: m31–m59 are old, corp- and personally verified accounts (cap 100); m01–m30 are new (cap 40).
  await ctx.db
    .insertInto("account_profiles")
    .values(
      MEMBERS.slice(30, 59).map((userid) => ({
        corp_id: world().corpId,
        userid,
        created_on: "2024-01-01",
        corp_verified: true,
        personal_verified: true,
        updated_at: new Date(NOW),
      })),
    )
    .execute();
  // m60's account is limited for 24 hours: it gets nobody while the cool-down lasts.
  await ctx.db
    .insertInto("sender_restrictions")
    .values({
      corp_id: w.corpId,
      userid: "m60",
      state: "limited",
      since: new Date(NOW - HOUR),
      until: new Date(NOW + 24 * HOUR),
      source: "manual",
      note: "test",
    })
    .execute();
  // An opted-out customer (no relation left) whose orders carry their unionid.
  await ctx.db
    .insertInto("customers")
    .values({ corp_id: w.corpId, external_userid: "wmOptedOut01", name: "退订者", unionid: "U812" })
    .execute();
  await ctx.db
    .insertInto("opt_outs")
    .values({
      corp_id: w.corpId,
      external_userid: "wmOptedOut01",
      source: "manual",
      detail: null,
      opted_out_at: new Date(NOW - DAY),
    })
    .execute();

  for (const [phone, cat, days, amounts, unionid] of RECEIVING) {
    // the first amount is the latest order; earlier ones 30 days before
    for (const [i, yuan] of amounts.entries())
      order(phone, cat, i === 0 ? days : 30 + i, yuan, unionid ? { unionid } : {});
  }
  // a VIP in the receiving period: 3000 six days ago and 3000 forty days ago
  order("13700000013", "美妆", 6, 3000);
  order("13700000013", "美妆", 40, 3000);
  // ordered today
  order("13700000001", "美妆", 0, 80);
  order("13700000002", "生鲜", 0, 120);
  // inside the repurchase cycle: beauty 20 d (7–60), electronics 200 d (180–365), pet food 45 d (30–60)
  order("13700000003", "美妆", 20, 350);
  order("13700000004", "数码", 200, 2999);
  order("13700000005", "猫粮", 45, 90);
  // dormant: beauty 90 d (> 60), pet food 70 d (> 60)
  order("13700000006", "美妆", 90, 150);
  order("13700000007", "猫粮", 70, 60);
  // registered, no paid order
  order("13700000008", "美妆", 2, 99, { status: "pending" });
  // between buckets: electronics 30 days ago, anything yesterday
  order("13700000009", "数码", 30, 1999);
  order("13700000010", "美妆", 1, 80);
  // excluded: already a friend, opted out, masked phone
  order("13700000011", "美妆", 5, 80, { unionid: "U811" });
  order("13700000012", "美妆", 5, 80, { unionid: "U812" });
  order("139****1234", "美妆", 5, 80);
  const r = await w.api("POST", "/api/orders", { corpId: w.corpId, source: "shop", orders });
  expect(r.status).toBe(200);
}, 120_000);
afterAll(() => w?.stop());

const base = () => `/api/corps/${world().corpId}`;

async function upload(campaignId: string, bytes: Buffer, contentType = "text/csv") {
  const res = await fetch(`${world().siyu.url}${base()}/call-campaigns/${campaignId}/results`, {
    method: "POST",
    headers: { ...world().headers, "content-type": contentType },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: await res.json() };
}

describe("call lists", () => {
  it("puts buyers in the recency buckets, minus friends, opted-out and masked phones", async () => {
    const r = await world().api("GET", `${base()}/call-lists`);
    expect(r.status).toBe(200);
    const totals = Object.fromEntries(
      r.body.buckets.map((b: { bucket: string; total: number }) => [b.bucket, b.total]),
    );
    expect(totals).toEqual({
      registered_no_order: 1,
      ordered_today: 2,
      receiving: 22,
      repurchase_cycle: 3,
      dormant: 2,
    });
    const receiving = r.body.buckets.find((b: { bucket: string }) => b.bucket === "receiving");
    // tiers by total paid spend: ≥ 5000 VIP, ≥ 1000 high-net, ≥ 200 mid, else net
    expect(receiving.byTier).toEqual({ net: 14, mid: 4, high_net: 3, vip: 1 });
    expect(receiving.byCategory).toEqual({ beauty: 12, pet_food: 6, electronics: 4 });
    // 30 new accounts × 40 + 29 healthy ones × 100; the restricted one counts for nothing; m01 added a friend today
    expect(r.body.capacity).toMatchObject({ totalCap: 4100, totalRemaining: 4099, source: "account-health" });
    const cap = (u: string) => r.body.capacity.members.find((m: { userid: string }) => m.userid === u)?.cap;
    expect([cap("m01"), cap("m30"), cap("m31"), cap("m59")]).toEqual([40, 40, 100, 100]);
    const m60 = r.body.capacity.members.find((m: { userid: string }) => m.userid === "m60");
    expect(m60).toMatchObject({ restricted: true, cap: 0, remaining: 0 });
    expect(r.body.capacity.members).toHaveLength(60);
  });

  it("fits the incentive to the usual order amount (a 50–100 buyer gets 100 − 10, not 300 − 30)", () => {
    const coupons = defaultCallSettings.incentives.filter((i) => i.kind !== "physical_gift");
    expect(fitIncentive(8000, coupons, 2)?.name).toBe("满100减10");
    expect(fitIncentive(16000, coupons, 2)?.name).toBe("满300减30");
    // the physical gift outranks coupons once within reach; the value stays below the purchase
    expect(fitIncentive(16000, defaultCallSettings.incentives, 2)?.name).toBe("随单赠品小样");
    expect(fitIncentive(4500, defaultCallSettings.incentives, 2)?.name).toBe("会员积分翻倍");
    expect(fitIncentive(400, defaultCallSettings.incentives, 2)).toBeNull();
  });
});

let campaignId = "";
type Call = {
  phone: string;
  bucket: string;
  tier: string;
  category: string;
  incentive: string | null;
  window: string;
  plannedAt: string;
  redialAt: string;
  userid: string;
  day: string;
  scriptKey: string;
  script: { step: string; text: string }[];
  outcome: string | null;
  nextRedialAt: string | null;
  sms: string | null;
};
const calls = async (id: string, filter = "all"): Promise<Call[]> =>
  (await world().api("GET", `${base()}/call-campaigns/${id}/calls?filter=${filter}&limit=1000`)).body.items;
const china = (hhmm: string, day = "2025-07-02") => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

describe("call plan", () => {
  it("plans the receiving bucket: incentives, windows by category, the 20-minute redial", async () => {
    const r = await world().api("POST", `${base()}/call-campaigns`, {
      name: "6月下单3-7天回访",
      kind: "platform",
      brandName: "花漾",
      bucket: "receiving",
      startDay: "2025-07-02",
    });
    expect(r.status).toBe(200);
    campaignId = r.body.id;
    expect(r.body.total).toBe(22);
    expect(r.body.days).toBe(1);
    const list = await calls(campaignId);
    const by = new Map(list.map((c) => [c.phone, c]));
    expect(by.get("13800000701")).toMatchObject({ incentive: "满100减10", tier: "net", category: "beauty" });
    expect(by.get("13800000702")).toMatchObject({ incentive: "随单赠品小样", tier: "mid" });
    expect(by.get("13900000704")).toMatchObject({ incentive: "满100减10", category: "pet_food" });
    expect(by.get("13800000712")).toMatchObject({ incentive: "会员积分翻倍" });
    expect(by.get("13900000705")).toMatchObject({ tier: "high_net", category: "electronics" });
    expect(by.get("13700000013")).toMatchObject({ tier: "vip", scriptKey: "platform:receiving:vip" });
    // platform flow: wake-up → incentive → confirm surface → add, the opening for the receiving period
    expect(by.get("13700000013")?.script.map((s) => s.step)).toEqual([
      "wake_up",
      "incentive",
      "confirm_surface",
      "add",
    ]);
    expect(by.get("13700000013")?.script[0]?.text).toContain("这两天应该到了");
    expect(by.get("13700000013")?.script[1]?.text).toContain("VIP");
    // windows: beauty 11:30–12:30 / 18:30–19:30, pet food 11:00–12:00 / 15:00–17:00, electronics 16:00–18:00
    const windowsOf = (cat: string) => new Set(list.filter((c) => c.category === cat).map((c) => c.window));
    expect(windowsOf("beauty")).toEqual(new Set(["11:30-12:30", "18:30-19:30"]));
    expect(windowsOf("pet_food")).toEqual(new Set(["11:00-12:00", "15:00-17:00"]));
    expect(windowsOf("electronics")).toEqual(new Set(["16:00-18:00"]));
    // beauty alternates windows in freshness order: 6 each; electronics 4 calls spread over 120 minutes
    expect(list.filter((c) => c.window === "11:30-12:30")).toHaveLength(6);
    const elec = list
      .filter((c) => c.window === "16:00-18:00")
      .map((c) => c.plannedAt)
      .sort();
    expect(elec).toEqual([china("16:00"), china("16:30"), china("17:00"), china("17:30")]);
    // unanswered → again 20 minutes later, inside a window; 17:30 + 20 = 17:50 still inside 16:00–18:00
    for (const c of list)
      expect(Date.parse(c.redialAt) - Date.parse(c.plannedAt)).toBeGreaterThanOrEqual(20 * 60_000);
    const last = list.find((c) => c.plannedAt === china("17:30"));
    expect(last?.redialAt).toBe(china("17:50"));
    // one lead per member, the healthiest accounts (most room left) first; the restricted account gets nobody
    expect(new Set(list.map((c) => c.userid)).size).toBe(22);
    expect(list.every((c) => c.userid >= "m31" && c.userid <= "m59")).toBe(true);
    expect(list.some((c) => c.userid === "m60")).toBe(false);
  });

  it("spreads a list longer than a day's capacity over days, no member above its cap", async () => {
    const bulk: Order[] = [];
    for (let i = 0; i < 130; i++)
      bulk.push({
        orderNo: `D${i}`,
        status: "paid",
        amountCents: 9900,
        orderedAt: chinaIso(100 + (i % 50)),
        phone: `1360000${String(i).padStart(4, "0")}`,
        categories: ["美妆"],
      });
    expect(
      (await world().api("POST", "/api/orders", { corpId: world().corpId, source: "shop", orders: bulk }))
        .status,
    ).toBe(200);
    const r = await world().api("POST", `${base()}/call-campaigns`, {
      name: "沉睡唤醒",
      kind: "brand",
      brandName: "花漾",
      bucket: "dormant",
      userids: ["m01", "m02", "m03", "m60"],
    });
    expect(r.status).toBe(200);
    // 132 dormant (130 + 2); 3 new accounts × 40 = 120 a day while m60 cools down → 2 days, from tomorrow
    expect(r.body.total).toBe(132);
    expect(r.body.days).toBe(2);
    expect(r.body.capacity.perDay.map((d: { calls: number }) => d.calls)).toEqual([120, 12]);
    const list = await calls(r.body.id);
    const perMemberDay = new Map<string, number>();
    for (const c of list)
      perMemberDay.set(`${c.day}/${c.userid}`, (perMemberDay.get(`${c.day}/${c.userid}`) ?? 0) + 1);
    expect(Math.max(...perMemberDay.values())).toBe(40);
    // m60 is limited until 2025-07-03 09:00: nothing that day; its cool-down over, it takes a share on the 4th
    expect(perMemberDay.get("2025-07-03/m60")).toBeUndefined();
    expect(perMemberDay.get("2025-07-04/m60")).toBe(3);
    expect(new Set(list.map((c) => c.day))).toEqual(new Set(["2025-07-03", "2025-07-04"]));
    // 60 beauty calls in 11:30–12:30 on day one: a minute apart; the 12:29 call redials at 18:30 (12:49 is out)
    const noon = list
      .filter((c) => c.day === "2025-07-03" && c.window === "11:30-12:30")
      .map((c) => c.plannedAt);
    expect(noon).toHaveLength(60);
    const at1229 = list.find((c) => c.plannedAt === china("12:29", "2025-07-03"));
    expect(at1229?.redialAt).toBe(china("18:30", "2025-07-03"));
    const at1205 = list.find((c) => c.plannedAt === china("12:05", "2025-07-03"));
    expect(at1205?.redialAt).toBe(china("12:25", "2025-07-03"));
  });

  it("exports the plan as CSV and XLSX", async () => {
    const csv = await fetch(`${world().siyu.url}${base()}/call-campaigns/${campaignId}/export?format=csv`, {
      headers: world().headers,
    });
    expect(csv.status).toBe(200);
    const text = (await csv.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toContain("手机号");
    expect(lines[0]).toContain("结果代码");
    expect(lines).toHaveLength(23);
    const xlsx = await fetch(`${world().siyu.url}${base()}/call-campaigns/${campaignId}/export?format=xlsx`, {
      headers: world().headers,
    });
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.readUInt32BE(0)).toBe(0x504b0304);
  });
});

describe("call results", () => {
  it("reports a bad file row by row and applies nothing", async () => {
    const bad = [
      "手机号,结果代码,通话备注",
      "13800000701,A,ok",
      "13800000702,X,?",
      "13811112222,A,unknown phone",
      "13900000704,C,",
    ].join("\n");
    const r = await upload(campaignId, Buffer.from(bad, "utf8"));
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("rejected");
    expect(r.body.issues.map((i: { row: number; code: string }) => [i.row, i.code])).toEqual([
      [3, "UNKNOWN_CODE"],
      [4, "UNKNOWN_PHONE"],
    ]);
    // GB18030 bytes declared as UTF-8: the lines that are not UTF-8 are named
    const gbk = iconv.encode("手机号,结果代码,通话备注\n13800000701,A,同意加微\n13800000702,C,\n", "gb18030");
    const g = await upload(campaignId, gbk, "text/csv; charset=utf-8");
    expect(g.body.status).toBe("rejected");
    expect(g.body.issues.map((i: { row: number; code: string }) => [i.row, i.code])).toEqual([
      [1, "NOT_UTF8"],
      [2, "NOT_UTF8"],
    ]);
    expect((await calls(campaignId)).filter((c) => c.outcome !== null)).toHaveLength(0);
    expect(
      await ctx.db.selectFrom("outbox").select("id").where("planner", "like", "call-campaign:%").execute(),
    ).toHaveLength(0);
  });

  it("imports the call centre's GBK export; a second import changes nothing", async () => {
    const bytes = fs.readFileSync(fixturePath);
    const first = await upload(campaignId, bytes);
    expect(first.body).toMatchObject({
      status: "applied",
      encoding: "gb18030",
      rowsTotal: 26,
      applied: 21,
      skipped: 5,
      errors: 0,
      smsPlanned: 10,
    });
    expect(first.body.issues.every((i: { code: string }) => i.code === "PHONE_MASKED")).toBe(true);
    const list = await calls(campaignId);
    const outcome = (p: string) => list.find((c) => c.phone === p)?.outcome;
    expect(["13800000701", "13900000706", "13800000707", "13800000715", "13800000720"].map(outcome)).toEqual(
      Array(5).fill("A"),
    );
    expect(outcome("13800000709")).toBe("B");
    expect(["13900000704", "13900000705", "13800000717", "13800000721"].map(outcome)).toEqual(
      Array(4).fill("C"),
    );
    expect(outcome("13900000716")).toBe("refused");
    expect(outcome("13900000700")).toBe("invalid_number");
    // redial 20 minutes after an unanswered call, inside the category's window, else when the next one opens
    const unanswered = await calls(campaignId, "unanswered");
    expect(unanswered).toHaveLength(7);
    const redial = (p: string) => unanswered.find((c) => c.phone === p)?.nextRedialAt;
    expect(redial("13800000702")).toBe(new Date("2025-07-02T12:09:08+08:00").toISOString()); // beauty, in 11:30–12:30
    expect(redial("13800000711")).toBe(china("18:30")); // 13:13 is outside: beauty's next window
    expect(redial("13900000722")).toBe(china("15:00")); // pet food
    expect(redial("13800000719")).toBe(china("16:00")); // electronics
    expect((await calls(campaignId, "refused")).map((c) => c.phone)).toEqual(["13900000716"]);

    const again = await upload(campaignId, bytes);
    expect(again.body).toMatchObject({ status: "applied", applied: 0, unchanged: 21, smsPlanned: 0 });
    expect(await calls(campaignId)).toEqual(list);
  });

  it("sends A/B the active SMS with a working personal code, C the passive one; a scan is attributed", async () => {
    while ((await dispatchOnce(ctx, channels)) > 0) {}
    const sms = await ctx.db
      .selectFrom("sms_messages")
      .selectAll()
      .where("corp_id", "=", world().corpId)
      .execute();
    const textTo = (p: string) => sms.find((s) => s.phone === p)?.text ?? "";
    expect(sms).toHaveLength(10);
    expect(textTo("13800000701")).toContain("专属顾问");
    expect(textTo("13800000701")).toContain("满100减10");
    expect(textTo("13800000709")).toContain("专属顾问");
    expect(textTo("13900000704")).not.toContain("专属顾问");
    expect(textTo("13900000704")).toContain("需要时");
    // the link is the calling member's own code for this campaign
    const list = await calls(campaignId);
    const caller = list.find((c) => c.phone === "13800000701")?.userid as string;
    const code = await ctx.db
      .selectFrom("call_campaign_codes as cc")
      .innerJoin("live_codes as l", "l.id", "cc.live_code_id")
      .select(["l.config_id", "l.qr_code", "l.state"])
      .where("cc.campaign_id", "=", campaignId)
      .where("cc.userid", "=", caller)
      .executeTakeFirstOrThrow();
    expect(code.qr_code).toBeTruthy();
    expect(textTo("13800000701")).toContain(code.qr_code as string);
    // the customer scans it: added to the member who called, attributed to the campaign and this call
    const scan = await world().people<{ userid: string }>("scan-contact-way", {
      configId: code.config_id,
      customer: { name: "张娟", unionid: "U701" },
    });
    expect(scan.userid).toBe(caller);
    await world().settle();
    await refreshAllMarked(ctx);
    const f = await world().api("GET", `${base()}/call-campaigns/${campaignId}/funnel`);
    expect(f.status).toBe(200);
    expect(f.body.total).toMatchObject({
      planned: 22,
      called: 21,
      connected: 10,
      a: 5,
      b: 1,
      c: 4,
      noAnswer: 7,
      refused: 1,
      smsSent: 10,
      added: 1,
    });
    expect(f.body.addedViaCodes).toBe(1);
    const beauty = f.body.byWindow.find(
      (x: { key: string }) => x.key === list.find((c) => c.phone === "13800000701")?.window,
    );
    expect(beauty.added).toBe(1);
    expect(f.body.byBucket).toEqual([expect.objectContaining({ key: "receiving", added: 1 })]);
    expect(f.body.byScript.map((x: { key: string }) => x.key)).toContain("platform:receiving:standard");
  });

  it("takes results as JSON rows too (a call centre's push), idempotent", async () => {
    const body = { results: [{ phone: "13800000702", code: "B", callId: "api-1", note: "换个微信号" }] };
    const r = await world().api("POST", `${base()}/call-campaigns/${campaignId}/results/rows`, body);
    expect(r.body).toMatchObject({ status: "applied", applied: 1, smsPlanned: 1 });
    const again = await world().api("POST", `${base()}/call-campaigns/${campaignId}/results/rows`, body);
    expect(again.body).toMatchObject({ applied: 0, unchanged: 1, smsPlanned: 0 });
    const bad = await world().api("POST", `${base()}/call-campaigns/${campaignId}/results/rows`, {
      results: [{ phone: "13800000702", code: "Z" }],
    });
    expect(bad.status).toBe(400);
  });
});

describe("settings", () => {
  it("edits category cycles and call windows; a bad window is refused field by field", async () => {
    const before = (await world().api("GET", `${base()}/call-settings`)).body.settings;
    const settings = structuredClone(before);
    const beauty = settings.categories.find((c: { key: string }) => c.key === "beauty");
    beauty.cycleDays = { min: 7, max: 15 };
    beauty.windows = [{ start: "10:00", end: "11:00" }];
    const bad = structuredClone(settings);
    bad.categories[0].windows = [{ start: "12:00", end: "11:00" }];
    const refused = await world().api("PUT", `${base()}/call-settings`, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual(
      expect.objectContaining({ path: "/categories/0/windows/0/end", message: "end must be after start" }),
    );
    expect((await world().api("PUT", `${base()}/call-settings`, settings)).status).toBe(200);
    // beauty bought 20 days ago is now past its cycle (7–15 days): dormant, no longer in the cycle
    const totals = Object.fromEntries(
      (await world().api("GET", `${base()}/call-lists`)).body.buckets.map(
        (b: { bucket: string; total: number }) => [b.bucket, b.total],
      ),
    );
    expect(totals).toMatchObject({ repurchase_cycle: 2, dormant: 133 });
    const r = await world().api("POST", `${base()}/call-campaigns`, {
      name: "当日下单",
      brandName: "花漾",
      bucket: "ordered_today",
      startDay: "2025-07-03",
    });
    expect(r.status).toBe(200);
    const list = await calls(r.body.id);
    expect(list.find((c) => c.phone === "13700000001")?.window).toBe("10:00-11:00");
    expect(list.find((c) => c.phone === "13700000002")?.window).toBe("16:00-18:00"); // fresh: unchanged
    const past = await world().api("POST", `${base()}/call-campaigns`, {
      name: "过去",
      brandName: "花漾",
      bucket: "ordered_today",
      startDay: "2025-07-01",
    });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([
      { path: "/startDay", message: "the start day has already passed" },
    ]);
  });
});

describe("corp isolation", () => {
  it("shows another corp nothing of this one's campaigns", async () => {
    await putCorp(ctx, {
      corpId: "wwOtherCorp000001",
      name: "other",
      secret: "s",
      token: "t",
      aesKey: "bGl2ZUNvZGVzRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN",
      apiBase: world().emu.url,
    });
    const other = "/api/corps/wwOtherCorp000001";
    expect((await world().api("GET", `${other}/call-campaigns`)).body.items).toEqual([]);
    for (const p of ["", "/calls", "/funnel", "/imports", "/export"]) {
      const r = await world().api("GET", `${other}/call-campaigns/${campaignId}${p}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("CALL_CAMPAIGN_NOT_FOUND");
    }
    const totals = (await world().api("GET", `${other}/call-lists`)).body.buckets.map(
      (b: { total: number }) => b.total,
    );
    expect(totals).toEqual([0, 0, 0, 0, 0]);
    const steal = await world().api("POST", `${other}/call-campaigns/${campaignId}/results/rows`, {
      results: [{ phone: "13800000701", code: "A" }],
    });
    expect(steal.status).toBe(404);
  });
});
