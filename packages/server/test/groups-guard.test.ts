// Anti-harassment (防骚扰, G3) against the emulator and its archive feed: a customer posting a link outside the
// whitelist twice is blacklisted and the owner gets a removal task (WeCom has no removal API; the owner's manual
// removal closes it), and coming back through the group code or a store's group join way is refused (not
// counted, logged, removal task); whitelisted domains, mini-programs and senders pass, as do members of the
// corp; flooding and ad keywords are caught; bad rules are refused field by field; another corp sees nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorArchiveAdapter, pullArchivePage } from "../src/domains/auto-tags/archive.ts";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { localTime } from "../src/domains/live-codes/routing.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

const START = Date.UTC(2026, 10, 20, 2, 0);
const MINI = "wx1234567890abcdef";
let w: LcWorld;
let chatA = "";
let chatB = "";
let code: { id: string; configId: string };
let ruleId = "";

beforeAll(async () => {
  w = await startLcWorld({ members: ["owner1"], clock: { now: () => (w ? w.emuClock.now() : START) } });
  w.emuClock.freeze(START);
  chatA = (await w.people<{ chatId: string }>("create-group", { owner: "owner1", name: "会员群" })).chatId;
  chatB = (await w.people<{ chatId: string }>("create-group", { owner: "owner1", name: "闲聊群" })).chatId;
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  code = (await w.api("POST", `/api/corps/${w.corpId}/group-codes`, { name: "会员群码", chatIds: [chatA] }))
    .body;
});
afterAll(() => w.stop());

const seconds = (n: number) => w.emuClock.advance(n * 1000);
const say = (chatId: string, from: string, m: Record<string, unknown>) =>
  w.people("group-message", { chatId, from, ...m });
async function pull() {
  while ((await pullArchivePage(w.siyu.ctx, emulatorArchiveAdapter, w.corpId)) > 0) {}
}
const events = async () => (await w.api("GET", `/api/corps/${w.corpId}/group-guard/events`)).body.items;
const joinByCode = async (externalUserId?: string, name?: string) =>
  (
    await w.people<{ externalUserId: string }>("join-group", {
      configId: code.configId,
      ...(externalUserId ? { externalUserId } : { customer: { name } }),
    })
  ).externalUserId;

describe("anti-harassment", () => {
  let spammer = "";
  let friend = "";

  it("removes and blacklists a member posting a non-whitelisted link twice; whitelisted content passes", async () => {
    const rule = await w.api("POST", `/api/corps/${w.corpId}/group-guard/rules`, {
      name: "全群防广告",
      allowedDomains: ["Example.com", "https://shop.brand.cn/path"],
      allowedMiniPrograms: [MINI],
      adKeywords: ["加微信领红包"],
      allowedSenders: [],
    });
    expect(rule.status).toBe(200);
    expect(rule.body).toMatchObject({
      allowedDomains: ["example.com", "shop.brand.cn"],
      strikes: 2,
      chatIds: [],
    });
    ruleId = rule.body.id;

    spammer = await joinByCode(undefined, "广告哥");
    friend = await joinByCode(undefined, "好邻居");
    await w.settle();

    await say(chatA, friend, { text: "活动详情 https://m.example.com/a?b=1 看看" });
    seconds(5);
    await say(chatA, friend, {
      kind: "link",
      text: "",
      detail: { url: "https://shop.brand.cn/p/1", title: "新品" },
    });
    seconds(5);
    await say(chatA, friend, { kind: "weapp", detail: { appid: MINI, appName: "品牌商城", title: "下单" } });
    seconds(5);
    await say(chatA, "owner1", { text: "欢迎来 https://elsewhere.net 看看" }); // members of the corp pass
    seconds(5);
    await say(chatA, spammer, { text: "低价代购 http://spam.cn/x 速来" });
    await pull();
    let log = await events();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      memberId: spammer,
      kind: "link",
      action: "strike",
      ruleName: "全群防广告",
      groupName: "会员群",
      removalTaskId: null,
    });
    expect(log[0].evidence).toMatchObject({
      text: "低价代购 http://spam.cn/x 速来",
      strike: 1,
      strikesToRemove: 2,
    });
    expect(log[0].evidence.findings[0].evidence.urls).toEqual(["http://spam.cn/x"]);

    seconds(60);
    await say(chatA, spammer, { kind: "link", detail: { url: "https://bad.example.net/p", title: "赚钱" } });
    await pull();
    log = await events();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      memberId: spammer,
      kind: "link",
      action: "removal",
      removalStatus: "confirmed",
    });
    expect(log[0].evidence.detail).toEqual({ url: "https://bad.example.net/p", title: "赚钱" });
    const black = (await w.api("GET", `/api/corps/${w.corpId}/group-guard/blacklist`)).body.items;
    expect(black.map((b: { externalUserId: string }) => b.externalUserId)).toEqual([spammer]);
    const task = (await w.api("GET", `/api/corps/${w.corpId}/group-removals?reason=harassment`)).body
      .items[0];
    expect(task).toMatchObject({
      chatId: chatA,
      memberId: spammer,
      status: "confirmed",
      confirmedBy: `rule:${ruleId}`,
    });
    expect(task.instruction).toContain("移出");
    // The owner hears of it as a WeCom app message through the outbox.
    const notes = await w.siyu.ctx.db
      .selectFrom("outbox")
      .select(["recipient", "channel", "payload"])
      .where("corp_id", "=", w.corpId)
      .where("planner", "=", "group-guard")
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ recipient: "owner1", channel: "wecom.app_message" });
    expect(JSON.stringify(notes[0]!.payload)).toContain("全群防广告");

    // The owner removes them by hand; the del_member callback closes the task.
    await w.people("leave-group", { chatId: chatA, externalUserId: spammer, removed: true });
    await w.settle();
    const done = (await w.api("GET", `/api/corps/${w.corpId}/group-removals?reason=harassment`)).body
      .items[0];
    expect(done).toMatchObject({ id: task.id, status: "done", quitScene: 1 });
  });

  it("refuses the blacklisted member coming back through the group code", async () => {
    const before = (await w.api("GET", `/api/corps/${w.corpId}/group-codes/${code.id}`)).body.joinsTotal;
    await joinByCode(spammer);
    await w.settle();
    const after = (await w.api("GET", `/api/corps/${w.corpId}/group-codes/${code.id}`)).body.joinsTotal;
    expect(after).toBe(before);
    const log = await events();
    expect(log[0]).toMatchObject({
      memberId: spammer,
      kind: "rejoin",
      action: "rejoin",
      removalStatus: "confirmed",
    });
    expect(log[0].evidence.code).toMatchObject({ via: "group_code", id: code.id, name: "会员群码" });
    const open = (await w.api("GET", `/api/corps/${w.corpId}/group-removals?status=open`)).body.items;
    expect(open).toContainEqual(
      expect.objectContaining({ chatId: chatA, memberId: spammer, status: "confirmed" }),
    );
    // Someone not blacklisted joins and is counted as usual.
    await joinByCode(undefined, "新客户");
    await w.settle();
    expect((await w.api("GET", `/api/corps/${w.corpId}/group-codes/${code.id}`)).body.joinsTotal).toBe(
      after + 1,
    );
  });

  it("refuses the blacklisted member coming back through a store's group join way", async () => {
    const chatS = (
      await w.people<{ chatId: string }>("create-group", { owner: "owner1", name: "门店会员群" })
    ).chatId;
    await w.settle();
    // A store's staff must be known members: the first full sync reads the directory.
    await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
    const made = await w.api("POST", `/api/corps/${w.corpId}/stores`, {
      name: "人民广场店",
      city: "上海市",
      staff: ["owner1"],
      groups: [chatS],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const store = made.body;
    const day = localTime(w.emuClock.now(), 480).day;
    const storeJoins = async () => {
      const r = await w.api("GET", `/api/corps/${w.corpId}/stores/report?from=${day}&to=${day}`);
      expect(r.status).toBe(200);
      const row = r.body.stores.find((s: { storeId: string }) => String(s.storeId) === String(store.id));
      return row.joins as number;
    };
    const joinByStore = async (externalUserId?: string, name?: string) =>
      (
        await w.people<{ externalUserId: string }>("join-group", {
          configId: store.joinConfigId,
          ...(externalUserId ? { externalUserId } : { customer: { name } }),
        })
      ).externalUserId;
    expect(await storeJoins()).toBe(0);

    await joinByStore(spammer);
    await w.settle();
    expect(await storeJoins()).toBe(0);
    const log = await events();
    expect(log[0]).toMatchObject({
      chatId: chatS,
      memberId: spammer,
      kind: "rejoin",
      action: "rejoin",
      removalStatus: "confirmed",
    });
    expect(log[0].evidence.code).toMatchObject({ via: "store_code", name: "人民广场店" });
    expect(String(log[0].evidence.code.id)).toBe(String(store.id));
    const open = (await w.api("GET", `/api/corps/${w.corpId}/group-removals?status=open`)).body.items;
    expect(open).toContainEqual(
      expect.objectContaining({ chatId: chatS, memberId: spammer, status: "confirmed" }),
    );

    // Someone not blacklisted joins the same way and is counted for the store as usual; nothing is logged.
    const n = log.length;
    await joinByStore(undefined, "门店新客");
    await w.settle();
    expect(await storeJoins()).toBe(1);
    expect(await events()).toHaveLength(n);
  });

  it("catches mini-programs outside the whitelist, ad keywords and flooding; whitelisted senders pass", async () => {
    const flood = await w.api("POST", `/api/corps/${w.corpId}/group-guard/rules`, {
      name: "闲聊群防刷屏",
      chatIds: [chatB],
      checkLinks: false,
      flood: { count: 3, seconds: 10 },
      strikes: 3,
      allowedSenders: [friend],
    });
    expect(flood.status).toBe(200);
    const chatty = (
      await w.people<{ externalUserId: string }>("join-group", { chatId: chatB, customer: { name: "话痨" } })
    ).externalUserId;
    await w.people("join-group", { chatId: chatB, externalUserId: friend });
    await w.settle();
    const n0 = (await events()).length;
    for (let i = 0; i < 4; i++) {
      await say(chatB, chatty, { text: `第${i}条` });
      await say(chatB, friend, { text: `我也说${i}` }); // whitelisted for the flood rule
      seconds(2);
    }
    await say(chatA, friend, { kind: "weapp", detail: { appid: "wxOtherApp00000001", appName: "别家商城" } });
    seconds(30);
    await say(chatB, chatty, { text: "加微信领红包啦" });
    await pull();
    const fresh = (await events()).slice(0, (await events()).length - n0);
    const summary = fresh.map((e: { memberId: string; kind: string; chatId: string }) => [
      e.memberId,
      e.kind,
      e.chatId,
    ]);
    expect(summary).toEqual([
      [chatty, "keyword", chatB],
      [friend, "mini_program", chatA],
      [chatty, "flood", chatB],
    ]);
    const floodEvent = fresh[2];
    expect(floodEvent.evidence.findings[0].evidence).toMatchObject({ messages: 3, seconds: 10 });
  });

  it("refuses bad rules with field-level messages and keeps what is stored", async () => {
    const bad = async (body: Record<string, unknown>) => {
      const r = await w.api("POST", `/api/corps/${w.corpId}/group-guard/rules`, { name: "坏规则", ...body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_FAILED");
      return r.body.error.details;
    };
    expect(await bad({ allowedDomains: ["not a domain"] })).toContainEqual({
      path: "/allowedDomains/0",
      message: "not a domain name; write it like example.com",
    });
    expect(await bad({ flood: { count: 1, seconds: 10 } })).toContainEqual({
      path: "/flood/count",
      message: "flooding needs at least 2 messages",
    });
    expect(await bad({ strikes: 0 })).toContainEqual({ path: "/strikes", message: "at least 1 violation" });
    expect(await bad({ checkLinks: false })).toContainEqual({
      path: "/checkLinks",
      message: "the rule checks nothing: turn on links, add keywords, set flooding or block contact cards",
    });
    expect(await bad({ chatIds: ["wrNotOurs"] })).toContainEqual({
      path: "/chatIds/0",
      message: "wrNotOurs is not a group of this corp",
    });
    const put = await w.api("PUT", `/api/corps/${w.corpId}/group-guard/rules/${ruleId}`, {
      name: "x",
      strikes: 11,
    });
    expect(put.body.error.details).toContainEqual({ path: "/strikes", message: "at most 10 violations" });
    const rules = (await w.api("GET", `/api/corps/${w.corpId}/group-guard/rules`)).body.items;
    expect(rules.map((r: { name: string }) => r.name)).toEqual(["全群防广告", "闲聊群防刷屏"]);
  });

  it("keeps each corp's rules, events and blacklist to itself", async () => {
    const other = "/api/corps/wwSomeOtherCorp/group-guard";
    expect((await w.api("GET", `${other}/rules`)).body.items).toEqual([]);
    expect((await w.api("GET", `${other}/events`)).body.items).toEqual([]);
    expect((await w.api("GET", `${other}/blacklist`)).body.items).toEqual([]);
    const put = await w.api("PUT", `${other}/rules/${ruleId}`, { name: "劫持", adKeywords: ["x"] });
    expect(put.status).toBe(404);
    expect((await w.api("DELETE", `${other}/rules/${ruleId}`)).status).toBe(404);
    expect((await w.api("DELETE", `${other}/blacklist/${spammer}`)).body.removed).toBe(false);
    expect((await w.api("GET", `/api/corps/${w.corpId}/group-guard/blacklist`)).body.items).toHaveLength(1);
  });
});
