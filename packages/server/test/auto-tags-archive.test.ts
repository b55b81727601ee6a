// The session-archive source: with the periodic pull an hour away, a msgaudit_notify callback makes Siyu pull the
// archive feed at once; the cursor (seq) is kept in the database and advances, so each message is stored once.
import { DEMO_AES_KEY, DEMO_CORP_ID, DEMO_SECRET, DEMO_TOKEN } from "@siyu/emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AutoTagWorld, startAutoTagWorld } from "./auto-tags-world.ts";
import { postCallback } from "./callbacks.ts";

let w: AutoTagWorld;
beforeAll(async () => {
  w = await startAutoTagWorld(20, 3_600_000);
}, 60_000);
afterAll(() => w.stop());

const corp = { corpId: DEMO_CORP_ID, secret: DEMO_SECRET, token: DEMO_TOKEN, aesKey: DEMO_AES_KEY };
// Distinct CreateTimes: two identical notifications in one second are one event to the inbox (as from WeCom).
let notifications = 0;
const notify = () =>
  postCallback(
    w.siyu.url,
    corp,
    `<xml><ToUserName><![CDATA[${DEMO_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000) + notifications++}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      `<Event><![CDATA[msgaudit_notify]]></Event><AgentID>1000002</AgentID></xml>`,
  );

const stored = (text: string) =>
  w.siyu.ctx.db
    .selectFrom("chat_messages")
    .select(["msgid", "external_userid", "userid", "from_customer"])
    .where("corp_id", "=", w.corpId)
    .where("text", "=", text)
    .execute();

async function lastSeq(): Promise<number> {
  const feed = await w.control<{ messages: { seq: number }[] }>(
    "GET",
    `/_emulator/corps/${w.corpId}/archive?seq=0&limit=100000`,
  );
  return feed.messages.at(-1)!.seq;
}

it("pulls on msgaudit_notify from a durable cursor, storing each message once", async () => {
  const rel = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select(["external_userid", "userid"])
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  await w.people("customer-message", {
    userid: rel.userid,
    externalUserId: rel.external_userid,
    text: "第一条消息",
  });
  await new Promise((r) => setTimeout(r, 700));
  expect(await stored("第一条消息")).toEqual([]); // nothing pulls without a notification

  expect((await notify()).status).toBe(200);
  const first = await w.until(async () => {
    const rows = await stored("第一条消息");
    return rows.length > 0 ? rows : undefined;
  }, 20_000);
  expect(first).toEqual([
    {
      msgid: expect.stringMatching(/^seq-\d+$/),
      external_userid: rel.external_userid,
      userid: rel.userid,
      from_customer: true,
    },
  ]);
  const cursor = async () =>
    (
      await w.siyu.ctx.db
        .selectFrom("message_cursors")
        .select("cursor")
        .where("corp_id", "=", w.corpId)
        .where("source", "=", "archive")
        .executeTakeFirstOrThrow()
    ).cursor;
  await w.until(async () => (await cursor()) === String(await lastSeq()), 20_000);

  await w.people("member-message", {
    userid: rel.userid,
    externalUserId: rel.external_userid,
    text: "第二条回复",
  });
  await notify();
  const second = await w.until(async () => {
    const rows = await stored("第二条回复");
    return rows.length > 0 ? rows : undefined;
  }, 20_000);
  expect(second[0]).toMatchObject({
    external_userid: rel.external_userid,
    userid: rel.userid,
    from_customer: false,
  });
  expect(await cursor()).toBe(String(await lastSeq()));
  // Pulled once each, although two notifications came.
  expect(await stored("第一条消息")).toHaveLength(1);
  const total = await w.siyu.ctx.db
    .selectFrom("chat_messages")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("corp_id", "=", w.corpId)
    .where("source", "=", "archive")
    .executeTakeFirstOrThrow();
  expect(Number(total.n)).toBe(await lastSeq());
});
