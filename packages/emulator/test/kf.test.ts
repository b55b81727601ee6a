import { decryptMessage } from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import { callbackTarget } from "./callback-target.ts";
import { boot, CORP, errcodeOf, seedMembers } from "./helpers.ts";

const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
let target: Awaited<ReturnType<typeof callbackTarget>> | undefined;
afterEach(async () => {
  await env?.emu.close();
  await target?.close();
  target = undefined;
});

interface Sync {
  next_cursor: string;
  has_more: number;
  msg_list: {
    msgid: string;
    origin: number;
    msgtype: string;
    event?: Record<string, unknown>;
    text?: { content: string };
  }[];
}

async function setup() {
  env = await boot();
  await seedMembers(env);
  const account = await env.people<{ openKfid: string }>("kf-create-account", {
    name: "悦享客服",
    servicers: ["alice"],
  });
  return { openKfid: account.openKfid, client: env.client() };
}

describe("微信客服 (addendum §4)", () => {
  it("enter_session fires kf_msg_or_event; sync_msg with its Token returns the welcome_code, usable once within 20 s", async () => {
    target = await callbackTarget();
    const { openKfid, client } = await setup();
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    const entered = await env.people<{ externalUserId: string; welcomeCode: string }>("kf-customer-enters", {
      openKfid,
      scene: "poster",
      sceneParam: "a=1",
    });
    await env.control("POST", "/callbacks/flush");
    const deliveries = await env.control<{ event: string }[]>("GET", `/deliveries?corpId=${CORP}`);
    expect(deliveries.map((d) => d.event)).toEqual(["kf_msg_or_event"]);
    const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(target.received[0]!.body)?.[1] ?? "";
    const xml = decryptMessage({ token: "Tok3n", encodingAesKey: AES_KEY, receiveId: CORP }, encrypted);
    expect(xml).toContain("<Event><![CDATA[kf_msg_or_event]]></Event>");
    expect(xml).toContain(`<OpenKfId><![CDATA[${openKfid}]]></OpenKfId>`);
    expect(xml).not.toContain("FromUserName");
    const token = /<Token><!\[CDATA\[(.*?)\]\]>/.exec(xml)?.[1] ?? "";
    expect(token).not.toBe("");
    const sync = await client.request<Sync>("POST", "/cgi-bin/kf/sync_msg", {
      body: { open_kfid: openKfid, token },
    });
    expect(sync.msg_list[0]).toMatchObject({
      origin: 4,
      msgtype: "event",
      event: {
        event_type: "enter_session",
        scene: "poster",
        scene_param: "a=1",
        welcome_code: entered.welcomeCode,
      },
    });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/kf/sync_msg", { body: { open_kfid: openKfid, token: "forged" } }),
      ),
    ).toBe(95007);
    const send = () =>
      client.request("POST", "/cgi-bin/kf/send_msg_on_event", {
        body: { code: entered.welcomeCode, msgtype: "text", text: { content: "您好，有什么可以帮您？" } },
      });
    await send();
    expect(await errcodeOf(send())).toBe(95007);
    const late = await env.people<{ welcomeCode: string }>("kf-customer-enters", {
      openKfid,
      customer: { name: "new" },
    });
    env.clock.advance(21_000);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/kf/send_msg_on_event", {
          body: { code: late.welcomeCode, msgtype: "text", text: { content: "x" } },
        }),
      ),
    ).toBe(95007);
  });

  it("send_msg: at most 5 per inbound message, within 48 h, only while the bot or nobody holds the session", async () => {
    const { openKfid, client } = await setup();
    const { externalUserId } = await env.people<{ externalUserId: string }>("kf-customer-enters", {
      openKfid,
    });
    await env.people("kf-customer-message", { openKfid, externalUserId, text: "退货怎么办" });
    const send = () =>
      client.request("POST", "/cgi-bin/kf/send_msg", {
        body: { touser: externalUserId, open_kfid: openKfid, msgtype: "text", text: { content: "请稍等" } },
      });
    for (let i = 0; i < 5; i++) await send();
    expect(await errcodeOf(send())).toBe(95001);
    await env.people("kf-customer-message", { openKfid, externalUserId, text: "在吗" });
    await send();
    env.clock.advance(49 * 3_600_000);
    expect(await errcodeOf(send())).toBe(95002);
    await env.people("kf-customer-message", { openKfid, externalUserId, text: "人工" });
    const trans = (body: Record<string, unknown>) =>
      client.request<{ msg_code?: string }>("POST", "/cgi-bin/kf/service_state/trans", {
        body: { open_kfid: openKfid, external_userid: externalUserId, ...body },
      });
    expect(await errcodeOf(trans({ service_state: 3, servicer_userid: "bob" }))).toBe(95014);
    const handed = await trans({ service_state: 3, servicer_userid: "alice" });
    expect(handed.msg_code).toBeTruthy();
    const state = await client.request("POST", "/cgi-bin/kf/service_state/get", {
      body: { open_kfid: openKfid, external_userid: externalUserId },
    });
    expect(state).toMatchObject({ service_state: 3, servicer_userid: "alice" });
    expect(await errcodeOf(send())).toBe(95018);
    expect(await errcodeOf(trans({ service_state: 1 }))).toBe(95016);
    await trans({ service_state: 4 });
    expect(await errcodeOf(trans({ service_state: 0 }))).toBe(95016);
    await env.people("kf-customer-message", { openKfid, externalUserId, text: "还在吗" });
    expect(
      await client.request("POST", "/cgi-bin/kf/service_state/get", {
        body: { open_kfid: openKfid, external_userid: externalUserId },
      }),
    ).toMatchObject({
      service_state: 0,
    });
  });

  it("sync_msg pages with has_more and a cursor, and leaves out what the app sent itself", async () => {
    const { openKfid, client } = await setup();
    const { externalUserId } = await env.people<{ externalUserId: string }>("kf-customer-enters", {
      openKfid,
    });
    for (const text of ["一", "二", "三"])
      await env.people("kf-customer-message", { openKfid, externalUserId, text });
    await client.request("POST", "/cgi-bin/kf/send_msg", {
      body: { touser: externalUserId, open_kfid: openKfid, msgtype: "text", text: { content: "bot" } },
    });
    const first = await client.request<Sync>("POST", "/cgi-bin/kf/sync_msg", {
      body: { open_kfid: openKfid, limit: 2 },
    });
    expect(first.has_more).toBe(1);
    const second = await client.request<Sync>("POST", "/cgi-bin/kf/sync_msg", {
      body: { open_kfid: openKfid, limit: 2, cursor: first.next_cursor },
    });
    expect(second.has_more).toBe(0);
    const all = [...first.msg_list, ...second.msg_list];
    expect(all.map((m) => m.text?.content ?? m.msgtype)).toEqual(["event", "一", "二", "三"]);
    expect(
      await errcodeOf(client.request("POST", "/cgi-bin/kf/sync_msg", { body: { open_kfid: "wkNOPE" } })),
    ).toBe(95004);
  });
});
