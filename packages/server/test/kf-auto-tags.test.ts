// 微信客服 as an auto-tagging message source, against the WeCom emulator with the session archive off: a customer
// writing a keyword to a kf account is tagged in Siyu and in WeCom within seconds (kf_msg_or_event → sync_msg with
// the Token and the stored cursor → keyword rules), with the reason on the timeline; the same callback twice, a
// pull that starts again from an old cursor, or a pull that crashes before saving its cursor stores and tags nothing
// twice and loses nothing; 退订 sent through kf opts out.
import { DEMO_AES_KEY, DEMO_TOKEN } from "@siyu/emulator";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { kfCursorSource } from "../src/domains/kf/kf.puller.ts";
import { type AutoTagWorld, startAutoTagWorld } from "./auto-tags-world.ts";
import { postCallback } from "./callbacks.ts";

let w: AutoTagWorld;
let relations: { external_userid: string; userid: string }[];
let openKfid: string;
let lipstick: string;
beforeAll(async () => {
  w = await startAutoTagWorld(30, 300, "off");
  relations = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select(["external_userid", "userid"])
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .orderBy("external_userid")
    .execute();
  ({ openKfid } = await w.people<{ openKfid: string }>("kf-create-account", {
    name: "咨询客服",
    servicers: [relations[0]!.userid],
  }));
  lipstick = await w.tag("口红兴趣");
  const rule = await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "keyword",
    name: "口红关键词",
    addTags: [lipstick],
    config: { keywords: ["口红"] },
  });
  expect(rule.status).toBe(200);
}, 60_000);
afterAll(() => w.stop());

const kfMessages = (externalUserId: string) =>
  w.siyu.ctx.db
    .selectFrom("chat_messages")
    .select(["msgid", "text", "kind", "from_customer", "userid"])
    .where("corp_id", "=", w.corpId)
    .where("source", "=", "kf")
    .where("external_userid", "=", externalUserId)
    .orderBy("sent_at")
    .execute();

const marked = (externalUserId: string) =>
  w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .select(["kind", "detail"])
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", externalUserId)
    .where("kind", "=", "tags.marked")
    .execute();

const ruleActions = (externalUserId: string) =>
  w.siyu.ctx.db
    .selectFrom("rule_tag_actions")
    .select(["id", "userid", "status"])
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", externalUserId)
    .execute();

/** Waits until no kf pull is due any more (every callback so far has been pulled). */
async function pullsSettled() {
  await w.settle();
  await w.until(async () => {
    const due = await w.siyu.ctx.db.selectFrom("kf_pull_requests").select("open_kfid").execute();
    return due.length === 0;
  });
  await w.siyu.kfPuller?.drain();
  await w.siyu.ruleWorker?.drain();
}

it("a customer who writes a keyword to a kf account is tagged in Siyu and in WeCom within seconds, explained on the timeline", async () => {
  const { external_userid: customer, userid } = relations[0]!;
  const started = Date.now();
  await w.people("kf-customer-enters", { openKfid, externalUserId: customer, scene: "官网" });
  const said = await w.people<{ msgid: string }>("kf-customer-message", {
    openKfid,
    externalUserId: customer,
    text: "你好，这款口红还有货吗？",
  });
  // The servicer's answer (origin 5) also says the keyword; it is not the customer speaking.
  await w.people("kf-servicer-message", { openKfid, externalUserId: customer, userid, text: "口红有货的" });

  const tags = await w.until(async () => {
    const t = await w.siyuTags(customer, userid);
    return t.some((x) => x.tag_id === lipstick) ? t : undefined;
  });
  expect((Date.now() - started) / 1000).toBeLessThan(10);
  expect(tags.find((t) => t.tag_id === lipstick)).toMatchObject({ source: "rule" });
  expect(await w.wecomTags(customer, userid)).toContain(lipstick);
  expect(await marked(customer)).toContainEqual({
    kind: "tags.marked",
    detail: expect.objectContaining({
      add: [lipstick],
      source: "rule",
      rule: "口红关键词",
      reason: 'said "口红"',
    }),
  });

  await pullsSettled();
  // Only what the customer wrote is stored, under the kf msgid; the enter_session event and the reply are not.
  expect(await kfMessages(customer)).toEqual([
    {
      msgid: said.msgid,
      text: "你好，这款口红还有货吗？",
      kind: "text",
      from_customer: true,
      userid: null,
    },
  ]);
  const cursor = await w.siyu.ctx.db
    .selectFrom("message_cursors")
    .select("cursor")
    .where("corp_id", "=", w.corpId)
    .where("source", "=", kfCursorSource(openKfid))
    .executeTakeFirstOrThrow();
  expect(cursor.cursor).not.toBe("");
});

it("the same callback twice, and a pull that starts again from an old cursor, store and tag nothing twice", async () => {
  const { external_userid: customer } = relations[0]!;
  await pullsSettled();
  const before = {
    messages: await kfMessages(customer),
    actions: await ruleActions(customer),
    marked: await marked(customer),
  };
  expect(before.messages).toHaveLength(1);
  expect(before.actions.length).toBeGreaterThan(0);

  const corp = { corpId: w.corpId, secret: "", token: DEMO_TOKEN, aesKey: DEMO_AES_KEY };
  const callback = (token: string, createTime: number) =>
    `<xml><ToUserName><![CDATA[${w.corpId}]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfid}]]></OpenKfId></xml>`;
  const createTime = Math.floor(Date.now() / 1000);
  for (let i = 0; i < 2; i++) {
    const res = await postCallback(w.siyu.url, corp, callback("replayed-token", createTime));
    expect(res.status).toBe(200);
  }
  const inbox = await w.siyu.ctx.db
    .selectFrom("inbox_events")
    .select("id")
    .where("corp_id", "=", w.corpId)
    .where("event_type", "=", "kf_msg_or_event/")
    .where("payload", "like", "%replayed-token%")
    .execute();
  expect(inbox).toHaveLength(1);
  await pullsSettled();

  // As if the cursor had been lost: the next callback's pull reads the last 3 days again (its Token is not one
  // WeCom issued, so the pull falls back to no Token).
  await w.siyu.ctx.db
    .updateTable("message_cursors")
    .set({ cursor: "" })
    .where("corp_id", "=", w.corpId)
    .where("source", "=", kfCursorSource(openKfid))
    .execute();
  await postCallback(w.siyu.url, corp, callback("another-token", createTime + 1));
  await pullsSettled();
  const cursor = await w.siyu.ctx.db
    .selectFrom("message_cursors")
    .select("cursor")
    .where("corp_id", "=", w.corpId)
    .where("source", "=", kfCursorSource(openKfid))
    .executeTakeFirstOrThrow();
  expect(cursor.cursor).not.toBe("");

  expect(await kfMessages(customer)).toEqual(before.messages);
  expect(await ruleActions(customer)).toEqual(before.actions);
  expect(await marked(customer)).toEqual(before.marked);
});

it("a pull that fails before its cursor is saved stores nothing, and its retry stores and tags once", async () => {
  const { external_userid: customer, userid } = relations[3]!;
  const db = w.siyu.ctx.db;
  // The crash: saving the kf cursor fails, after the page was pulled and ingested in the same transaction.
  await sql`create function kf_test_crash() returns trigger language plpgsql as $$
    begin raise exception 'crash before the kf cursor is saved'; end $$`.execute(db);
  await sql`create trigger kf_test_crash before update on message_cursors for each row
    when (new.source like 'kf:%') execute function kf_test_crash()`.execute(db);
  try {
    await w.people("kf-customer-message", { openKfid, externalUserId: customer, text: "口红什么色号好看" });
    const failed = await w.until(() =>
      db
        .selectFrom("kf_pull_requests")
        .select(["attempts", "last_error"])
        .where("open_kfid", "=", openKfid)
        .where("attempts", ">", 0)
        .executeTakeFirst(),
    );
    expect(failed.last_error).toContain("crash before the kf cursor is saved");
    expect(await kfMessages(customer)).toEqual([]);
    expect(await ruleActions(customer)).toEqual([]);
  } finally {
    await sql`drop trigger kf_test_crash on message_cursors`.execute(db);
    await sql`drop function kf_test_crash()`.execute(db);
  }
  // The retry (due after its backoff; brought forward here) pulls the same page again.
  await db
    .updateTable("kf_pull_requests")
    .set({ next_attempt_at: new Date(0) })
    .execute();
  w.siyu.kfPuller?.wake();
  await w.until(async () => (await w.siyuTags(customer, userid)).some((t) => t.tag_id === lipstick));
  await pullsSettled();
  expect((await kfMessages(customer)).map((m) => m.text)).toEqual(["口红什么色号好看"]);
  // One tag change per member who has the customer, and one timeline line each: nothing twice.
  const members = relations.filter((r) => r.external_userid === customer).map((r) => r.userid);
  expect((await ruleActions(customer)).map((a) => a.userid).sort()).toEqual(members.sort());
  expect(await marked(customer)).toHaveLength(members.length);
});

it("a customer who sends 退订 through kf is opted out of marketing", async () => {
  const { external_userid: customer } = relations[1]!;
  await w.people("kf-customer-message", { openKfid, externalUserId: customer, text: "退订" });
  const optOut = await w.until(() =>
    w.siyu.ctx.db
      .selectFrom("opt_outs")
      .select(["source", "detail"])
      .where("corp_id", "=", w.corpId)
      .where("external_userid", "=", customer)
      .executeTakeFirst(),
  );
  expect(optOut).toEqual({ source: "chat", detail: "退订" });
  const timeline = await w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .select("detail")
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", customer)
    .where("kind", "=", "customer.opted_out")
    .execute();
  expect(timeline.map((t) => t.detail)).toEqual([{ said: "退订", source: "chat" }]);
  // Another customer who only asks is not opted out.
  const { external_userid: other } = relations[2]!;
  await w.people("kf-customer-message", { openKfid, externalUserId: other, text: "怎么退订单？" });
  await pullsSettled();
  expect(await kfMessages(other)).toHaveLength(1);
  const otherOptOut = await w.siyu.ctx.db
    .selectFrom("opt_outs")
    .select("source")
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", other)
    .execute();
  expect(otherOptOut).toEqual([]);
});
