// Auto-tagging from imports: the WeCom live-viewer fixture (watch minutes, comments, speaking → interest tags,
// plus an activity participation each), activity rules, and order rules evaluated when orders are bound.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { afterOrdersBound } from "../src/domains/auto-tags/auto-tags.reactions.ts";
import { type AutoTagWorld, startAutoTagWorld } from "./auto-tags-world.ts";

// The shared fixture (企业微信 直播 观看明细, UTF-8 without BOM), copied unchanged.
const fixture = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures/live/wecom-live-viewers.csv"),
  "utf8",
);

let w: AutoTagWorld;
let member: string;
beforeAll(async () => {
  w = await startAutoTagWorld(20);
  const rel = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select("userid")
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  member = rel.userid;
}, 60_000);
afterAll(() => w.stop());

const hasTag = async (externalUserId: string, tag: string) =>
  (await w.siyuTags(externalUserId, member)).some((t) => t.tag_id === tag);

it("imports the live-viewer fixture: participations per customer, interest tags by thresholds, rows it could not use", async () => {
  // The fixture's customers become customers of one member (the emulator adds them; callbacks reach Siyu).
  const lines = fixture.trim().split("\n").slice(1);
  const customers = [...new Set(lines.map((l) => l.split(",")[5]!).filter(Boolean))];
  const unknownCustomer = customers.at(-1)!; // left out of WeCom on purpose
  for (const id of customers.slice(0, -1))
    await w.people("add-customer", { userid: member, externalUserId: id });
  await w.settle();

  const engaged = await w.tag("直播高意向");
  const talker = await w.tag("直播互动");
  const viewer = await w.tag("直播观众");
  const low = await w.tag("低意向");
  const post = (body: unknown) => w.api<{ id: string }>("POST", `/api/corps/${w.corpId}/tag-rules`, body);
  expect(
    (
      await post({
        kind: "live",
        name: "看满40分钟",
        addTags: [engaged],
        removeTags: [low],
        config: { minWatchMinutes: 40 },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await post({
        kind: "live",
        name: "评论或连麦",
        addTags: [talker],
        config: { minWatchMinutes: 0, commented: true },
      })
    ).status,
  ).toBe(200);
  expect(
    (await post({ kind: "activity", name: "任一直播", addTags: [viewer], config: { activity: "live:*" } }))
      .status,
  ).toBe(200);
  // 小橙子 (4512 s) carries 低意向 before the import; the engaged rule removes it.
  const orange = "wmeiK7a3QAc0Xv3IEvB89Nl5J9uoHXmk";
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  await client.corpTags.markTag({ userid: member, external_userid: orange, add_tag: [low] });
  await w.siyu.ctx.db
    .insertInto("follow_tags")
    .values({ corp_id: w.corpId, external_userid: orange, userid: member, tag_id: low, source: "siyu" })
    .execute();

  const res = await w.api<{
    rows: number;
    participations: number;
    skipped: { row: number; reason: string }[];
    lives: { liveId: string; viewers: number }[];
  }>("POST", `/api/corps/${w.corpId}/live-imports`, { fileName: "wecom-live-viewers.csv", content: fixture });
  expect(res.status).toBe(200);
  expect(res.body.rows).toBe(24);
  // Staff rows (陈静 ×3, 李强, 张敏) and the customer WeCom never had are reported with their row numbers.
  const staffRows = lines.flatMap((l, i) => (l.split(",")[4] ? [i + 2] : []));
  expect(staffRows).toHaveLength(5);
  const unknownRow = lines.findIndex((l) => l.split(",")[5] === unknownCustomer) + 2;
  expect(res.body.skipped.map((s) => s.row)).toEqual([...staffRows, unknownRow].sort((a, b) => a - b));
  expect(res.body.skipped.find((s) => s.row === unknownRow)!.reason).toContain("not known");
  expect(res.body.participations).toBe(customers.length - 1);
  expect(res.body.lives).toEqual([
    { liveId: "lvqxwr3ktr1p5RfqDrGgTv6wFZ", title: "夏季新品发布·会员专场", viewers: customers.length - 1 },
  ]);

  const parts = await w.siyu.ctx.db
    .selectFrom("activity_participations")
    .selectAll()
    .where("corp_id", "=", w.corpId)
    .execute();
  expect(parts).toHaveLength(customers.length - 1);
  expect(parts.every((p) => p.activity === "live:lvqxwr3ktr1p5RfqDrGgTv6wFZ" && p.kind === "live")).toBe(
    true,
  );

  await w.until(async () => (await hasTag(orange, engaged)) && (await hasTag(orange, viewer)));
  await w.siyu.ruleWorker?.drain();
  // 小橙子: 75 min → engaged, 低意向 removed, in WeCom too; no comment → not 直播互动.
  expect(await hasTag(orange, low)).toBe(false);
  expect(await hasTag(orange, talker)).toBe(false);
  const wecom = await w.wecomTags(orange, member);
  expect(wecom).toContain(engaged);
  expect(wecom).not.toContain(low);
  // 晨曦: 10 min and commented → 直播互动 only.
  const dawn = "wmuk0Jf5OFzw82vOSv28svVZRrPvkX6z";
  expect(await hasTag(dawn, talker)).toBe(true);
  expect(await hasTag(dawn, engaged)).toBe(false);
  // Kevin (wmWvz7…): 3 min, spoke, no comment → neither threshold, still a viewer.
  const kevin = "wmWvz7wNj3hwghC9e0r5Eb4KZnGlrSRd";
  expect(await hasTag(kevin, engaged)).toBe(false);
  expect(await hasTag(kevin, talker)).toBe(false);
  expect(await hasTag(kevin, viewer)).toBe(true);

  const why = await w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .select("detail")
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", orange)
    .where("kind", "=", "tags.marked")
    .execute();
  expect(why.map((t) => t.detail)).toContainEqual(
    expect.objectContaining({
      add: [engaged],
      remove: [low],
      rule: "看满40分钟",
      reason: 'watched 75 min of "夏季新品发布·会员专场"',
    }),
  );

  const bad = await w.api<{ error: { code: string; details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/live-imports`,
    { content: "订单号,金额\n1,2\n" },
  );
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0]!.path).toBe("/content");
});

it("records other activities through the API and tags by activity rule; unknown customers are named by field", async () => {
  const checkin = await w.tag("打卡达人");
  await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "activity",
    name: "21天打卡",
    addTags: [checkin],
    config: { activity: "checkin:21days", kind: "checkin" },
  });
  const customer = (
    await w.siyu.ctx.db
      .selectFrom("follow_relations")
      .select("external_userid")
      .where("corp_id", "=", w.corpId)
      .where("userid", "=", member)
      .where("status", "=", "active")
      .executeTakeFirstOrThrow()
  ).external_userid;
  const res = await w.api("POST", `/api/corps/${w.corpId}/activity-participations`, {
    participations: [{ externalUserId: customer, activity: "checkin:21days", kind: "checkin" }],
  });
  expect(res.body).toMatchObject({ recorded: 1 });
  await w.until(() => hasTag(customer, checkin));
  const bad = await w.api<{ error: { details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/activity-participations`,
    { participations: [{ externalUserId: "wmNobody", activity: "checkin:21days", kind: "checkin" }] },
  );
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0]!.path).toBe("/participations/0/externalUserId");
});

it("order rules: amount, category and recency are evaluated when orders are bound", async () => {
  const big = await w.tag("美妆高消费");
  await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "order",
    name: "30天美妆满500",
    addTags: [big],
    config: { categories: ["美妆"], withinDays: 30, minTotalCents: 50_000 },
  });
  const customers = await w.siyu.ctx.db
    .selectFrom("customers as c")
    .innerJoin("follow_relations as f", (j) =>
      j.onRef("f.corp_id", "=", "c.corp_id").onRef("f.external_userid", "=", "c.external_userid"),
    )
    .select(["c.id", "c.external_userid"])
    .where("c.corp_id", "=", w.corpId)
    .where("f.userid", "=", member)
    .where("f.status", "=", "active")
    .orderBy("c.id")
    .limit(3)
    .execute();
  const [rich, old, pets] = customers;
  const day = 86_400_000;
  const order = (customerId: string, no: string, cents: number, categories: string[], daysAgo: number) => ({
    corp_id: w.corpId,
    source: "api",
    order_no: no,
    customer_id: customerId,
    amount_cents: cents,
    status: "paid" as const,
    categories,
    items: "[]",
    ordered_at: new Date(Date.now() - daysAgo * day),
  });
  await w.siyu.ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("orders")
      .values([
        order(rich!.id, "o1", 30_000, ["美妆"], 3),
        order(rich!.id, "o2", 25_000, ["美妆", "个护"], 10),
        order(old!.id, "o3", 90_000, ["美妆"], 60), // too long ago
        order(pets!.id, "o4", 90_000, ["宠物"], 1), // another category
      ])
      .execute();
    await afterOrdersBound(trx, w.corpId, [rich!.id, old!.id, pets!.id]);
  });
  await w.until(() => hasTag(rich!.external_userid, big));
  await w.siyu.ruleWorker?.drain();
  expect(await hasTag(old!.external_userid, big)).toBe(false);
  expect(await hasTag(pets!.external_userid, big)).toBe(false);
  expect(await w.wecomTags(rich!.external_userid, member)).toContain(big);
  const t = await w.siyu.ctx.db
    .selectFrom("follow_tags")
    .select("reason")
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", rich!.external_userid)
    .where("tag_id", "=", big)
    .executeTakeFirstOrThrow();
  expect(t.reason).toBe("30天美妆满500: 2 paid orders, ¥550.00 in total in 美妆 within 30 days");
});
