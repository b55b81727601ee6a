// Auto-tagging end to end against the WeCom emulator: a customer's chat message with a keyword (through the
// session-archive feed) tags them in Siyu and in WeCom within seconds; opening a tracked link tags them and
// alerts the member (alert row + WeCom app message); the archive-bridge endpoint ignores replays; rules are
// validated field by field; another corp's rules never apply.
import { afterAll, beforeAll, expect, it } from "vitest";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { type AutoTagWorld, startAutoTagWorld } from "./auto-tags-world.ts";

let w: AutoTagWorld;
let relations: { external_userid: string; userid: string }[];
beforeAll(async () => {
  w = await startAutoTagWorld(60);
  relations = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select(["external_userid", "userid"])
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .orderBy("external_userid")
    .execute();
}, 60_000);
afterAll(() => w.stop());

it("a customer who writes a keyword is tagged in Siyu and in WeCom within seconds, with the reason on the timeline", async () => {
  const beauty = await w.tag("美妆兴趣");
  const rule = await w.api<{ id: string }>("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "keyword",
    name: "美妆关键词",
    addTags: [beauty],
    config: { keywords: ["口红", "ＳＫ－ＩＩ", "粉底液"] },
  });
  expect(rule.status).toBe(200);
  const { external_userid: customer, userid } = relations[0]!;
  const other = relations.find((r) => r.external_userid !== customer)!;

  const started = Date.now();
  // Half-width and lower case in the message, full-width upper case in the rule.
  await w.people("customer-message", {
    userid,
    externalUserId: customer,
    text: "你好，sk-ii神仙水还有货吗？",
  });
  await w.people("customer-message", {
    userid: other.userid,
    externalUserId: other.external_userid,
    text: "快递到哪了",
  });
  const tags = await w.until(async () => {
    const t = await w.siyuTags(customer, userid);
    return t.some((x) => x.tag_id === beauty) ? t : undefined;
  });
  const seconds = (Date.now() - started) / 1000;
  expect(seconds).toBeLessThan(10);
  expect(tags.find((t) => t.tag_id === beauty)).toMatchObject({ source: "rule" });
  expect(await w.wecomTags(customer, userid)).toContain(beauty);

  const timeline = await w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .select(["kind", "detail"])
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", customer)
    .where("kind", "=", "tags.marked")
    .execute();
  expect(timeline.map((t) => t.detail)).toContainEqual(
    expect.objectContaining({
      add: [beauty],
      source: "rule",
      rule: "美妆关键词",
      reason: 'said "ＳＫ－ＩＩ"',
    }),
  );
  // The message without a keyword tagged nobody.
  await w.siyu.ruleWorker?.drain();
  expect((await w.siyuTags(other.external_userid, other.userid)).map((t) => t.tag_id)).not.toContain(beauty);
  // The customer profile API shows the explanation too.
  const rules = await w.api<{ rules: { id: string; applied: number }[] }>(
    "GET",
    `/api/corps/${w.corpId}/tag-rules`,
  );
  expect(rules.body.rules.find((r) => r.id === rule.body.id)?.applied).toBe(1);
});

it("a customer who opens a tracked link is tagged, and the member is alerted in Siyu and by WeCom app message", async () => {
  const hot = await w.tag("双11意向");
  const url = "https://shop.example.com/d11?from=wecom";
  const rule = await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "link",
    name: "双11会场",
    addTags: [hot],
    config: { url, title: "双11主会场" },
  });
  expect(rule.status).toBe(200);
  const { external_userid: customer, userid } = relations[1]!;
  const wrapped = await w.api<{ text: string; links: { url: string; tracked: string }[] }>(
    "POST",
    `/api/corps/${w.corpId}/tracked-links/wrap`,
    { text: `双11会场开启：${url} 快来看看`, externalUserId: customer, userid },
  );
  expect(wrapped.status).toBe(200);
  const tracked = wrapped.body.links[0]!.tracked;
  expect(wrapped.body.text).toBe(`双11会场开启：${tracked} 快来看看`);
  expect(tracked).toMatch(/\/l\/[\w-]+$/);
  // Wrapping again for the same customer and member gives the same token.
  const again = await w.api<{ links: { tracked: string }[] }>(
    "POST",
    `/api/corps/${w.corpId}/tracked-links/wrap`,
    {
      text: url,
      externalUserId: customer,
      userid,
    },
  );
  expect(again.body.links[0]!.tracked).toBe(tracked);

  // The customer opens it (the emulator records it; the browser follows the link to Siyu).
  await w.people("open-link", { externalUserId: customer, url: tracked, userid });
  const res = await fetch(tracked, { redirect: "manual", headers: { "user-agent": "Mozilla/5.0 WeChat" } });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(url);

  await w.until(async () => (await w.siyuTags(customer, userid)).some((t) => t.tag_id === hot));
  expect(await w.wecomTags(customer, userid)).toContain(hot);
  const alerts = await w.api<{
    alerts: { userid: string; kind: string; externalUserId: string; text: string }[];
  }>("GET", `/api/corps/${w.corpId}/staff-alerts`);
  expect(alerts.body.alerts).toHaveLength(1);
  expect(alerts.body.alerts[0]).toMatchObject({ userid, kind: "link.opened", externalUserId: customer });
  expect(alerts.body.alerts[0]!.text).toContain("双11主会场");
  const appMessages = await w.until(async () => {
    const m = await w.control<{ messages?: unknown[] } | unknown[]>(
      "GET",
      `/_emulator/corps/${w.corpId}/members/${userid}/app-messages`,
    );
    const list = (Array.isArray(m) ? m : (m.messages ?? [])) as unknown[];
    return list.some((x) => JSON.stringify(x).includes("双11主会场")) ? list : undefined;
  });
  expect(appMessages.length).toBeGreaterThan(0);

  // A reload a minute later records the open but does not alert again.
  const second = await fetch(tracked, { redirect: "manual" });
  expect(second.status).toBe(302);
  const after = await w.api<{ alerts: unknown[] }>("GET", `/api/corps/${w.corpId}/staff-alerts`);
  expect(after.body.alerts).toHaveLength(1);
  const links = await w.api<{ links: { url: string; opens: number; openers: number }[] }>(
    "GET",
    `/api/corps/${w.corpId}/tracked-links`,
  );
  expect(links.body.links.find((l) => l.url === url)).toMatchObject({ opens: 2, openers: 1 });

  const unknown = await fetch(`${w.siyu.url}/l/nope`, { redirect: "manual" });
  expect(unknown.status).toBe(404);
});

it("the archive-bridge endpoint stores messages once and runs the keyword rules on new ones only", async () => {
  const { external_userid: customer, userid } = relations[2]!;
  const message = {
    msgid: "bridge-1",
    from: customer,
    to: userid,
    text: "想买个口红",
    sentAt: new Date().toISOString(),
  };
  const first = await w.api("POST", `/api/corps/${w.corpId}/messages`, { messages: [message] });
  expect(first.body).toMatchObject({ accepted: 1, duplicates: 0, tagChanges: 1 });
  const replay = await w.api("POST", `/api/corps/${w.corpId}/messages`, { messages: [message] });
  expect(replay.body).toMatchObject({ accepted: 0, duplicates: 1, tagChanges: 0 });
  const bad = await w.api<{ error: { code: string; details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/messages`,
    { messages: [{ ...message, msgid: "", sentAt: "yesterday" }] },
  );
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d) => d.path).sort()).toEqual([
    "/messages/0/msgid",
    "/messages/0/sentAt",
  ]);
});

it("rejects bad rules field by field and keeps what was stored", async () => {
  const before = await w.api<{ rules: unknown[] }>("GET", `/api/corps/${w.corpId}/tag-rules`);
  const unknownTag = await w.api<{ error: { code: string; details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/tag-rules`,
    { kind: "keyword", name: "x", addTags: ["no-such-tag"], config: { keywords: ["a"] } },
  );
  expect(unknownTag.status).toBe(400);
  expect(unknownTag.body.error).toMatchObject({
    code: "VALIDATION_FAILED",
    details: [{ path: "/addTags/0" }],
  });
  const empty = await w.api<{ error: { details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/tag-rules`,
    {
      kind: "keyword",
      name: " ",
      addTags: [],
      config: { keywords: ["口红", "  "] },
    },
  );
  expect(empty.status).toBe(400);
  expect(empty.body.error.details.map((d) => d.path)).toEqual(
    expect.arrayContaining(["/name", "/config/keywords/1"]),
  );
  const noThreshold = await w.api<{ error: { details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/tag-rules`,
    { kind: "live", name: "直播", addTags: ["x"], config: {} },
  );
  expect(noThreshold.body.error.details.map((d) => d.path)).toContain("/config/minWatchMinutes");
  const tag = (
    await w.api<{ rules: { addTags: { id: string }[] }[] }>("GET", `/api/corps/${w.corpId}/tag-rules`)
  ).body.rules[0]!.addTags[0]!.id;
  const tooMany = await w.api<{ error: { details: { path: string; message: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/tag-rules`,
    {
      kind: "keyword",
      name: "太多",
      addTags: [tag],
      config: { keywords: Array.from({ length: 9_999 }, (_, i) => `词${i}`) },
    },
  );
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.error.details[0]).toMatchObject({ path: "/config/keywords" });
  expect(tooMany.body.error.details[0]!.message).toContain("10000");
  const after = await w.api<{ rules: unknown[] }>("GET", `/api/corps/${w.corpId}/tag-rules`);
  expect(after.body.rules).toEqual(before.body.rules);
});

it("another corp's rules never apply and cannot be read or changed", async () => {
  const otherCorp = "wwOtherCorp0000001";
  await putCorp(w.siyu.ctx, {
    corpId: otherCorp,
    name: "另一家",
    secret: "other-secret",
    token: "OtherToken",
    aesKey: "O".repeat(43),
    apiBase: w.emu.url,
  });
  const { external_userid: customer, userid } = relations[3]!;
  // The same ids and a keyword of the first corp's rule, sent to the other corp: nothing is queued there.
  const res = await w.api("POST", `/api/corps/${otherCorp}/messages`, {
    messages: [
      { msgid: "x-1", from: customer, to: userid, text: "口红 粉底液", sentAt: new Date().toISOString() },
    ],
  });
  expect(res.body).toMatchObject({ accepted: 1, tagChanges: 0 });
  const mine = await w.api<{ rules: { id: string }[] }>("GET", `/api/corps/${w.corpId}/tag-rules`);
  const theirs = await w.api<{ rules: unknown[] }>("GET", `/api/corps/${otherCorp}/tag-rules`);
  expect(mine.body.rules.length).toBeGreaterThan(0);
  expect(theirs.body.rules).toEqual([]);
  const id = mine.body.rules[0]!.id;
  const read = await w.api<{ error: { code: string } }>("GET", `/api/corps/${otherCorp}/tag-rules/${id}`);
  expect(read.body.error.code).toBe("RULE_NOT_FOUND");
  const del = await w.api<{ error: { code: string } }>("DELETE", `/api/corps/${otherCorp}/tag-rules/${id}`);
  expect(del.status).toBe(404);
  expect(
    (await w.api<{ rules: unknown[] }>("GET", `/api/corps/${w.corpId}/tag-rules`)).body.rules,
  ).toHaveLength(mine.body.rules.length);
  const alerts = await w.api<{ alerts: unknown[] }>("GET", `/api/corps/${otherCorp}/staff-alerts`);
  expect(alerts.body.alerts).toEqual([]);
});
