import { afterEach, describe, expect, it } from "vitest";
import { callbackTarget } from "./callback-target.ts";
import { boot, CORP, errcodeOf, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
let target: Awaited<ReturnType<typeof callbackTarget>> | undefined;
afterEach(async () => {
  await env?.emu.close();
  await target?.close();
  target = undefined;
});

describe("获客助手 acquisition links (addendum §5)", () => {
  it("a customer opening a link with a channel is added with that state, spends quota, and is listed", async () => {
    target = await callbackTarget();
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
    const client = env.client();
    const created = await client.request<{ link: { link_id: string; url: string } }>(
      "POST",
      "/cgi-bin/externalcontact/customer_acquisition/create_link",
      { body: { link_name: "抖音投放", range: { user_list: ["alice"] } } },
    );
    expect(created.link.url).toContain(created.link.link_id);
    const opened = await env.people<{ externalUserId: string; balance: number }>("open-acquisition-link", {
      linkId: created.link.link_id,
      customerChannel: "douyin_ad_7",
      customer: { name: "冯雪" },
    });
    expect(opened.balance).toBe(99);
    const detail = await client.request<{ follow_user: { state: string; add_way: number }[] }>(
      "GET",
      "/cgi-bin/externalcontact/get",
      {
        query: { external_userid: opened.externalUserId },
      },
    );
    expect(detail.follow_user[0]).toMatchObject({ state: "douyin_ad_7", add_way: 16 });
    const list = await client.request<{
      customer_list: { external_userid: string; chat_status: number; state: string }[];
    }>("POST", "/cgi-bin/externalcontact/customer_acquisition/customer", {
      body: { link_id: created.link.link_id },
    });
    expect(list.customer_list).toEqual([
      { external_userid: opened.externalUserId, userid: "alice", chat_status: 0, state: "douyin_ad_7" },
    ]);
    await env.people("customer-message", {
      userid: "alice",
      externalUserId: opened.externalUserId,
      text: "你好",
    });
    const quota = await client.request<{ total: number; balance: number }>(
      "GET",
      "/cgi-bin/externalcontact/customer_acquisition_quota",
    );
    expect(quota).toMatchObject({ total: 1, balance: 99 });
    const now = env.world.now();
    const stats = await client.request("POST", "/cgi-bin/externalcontact/customer_acquisition/statistic", {
      body: { link_id: created.link.link_id, start_time: now - 3600, end_time: now },
    });
    expect(stats).toMatchObject({ click_link_customer_cnt: 1, new_customer_cnt: 1 });
    await env.control("POST", "/callbacks/flush");
    const events = await env.control<{ event: string; changeType: string }[]>(
      "GET",
      `/deliveries?corpId=${CORP}`,
    );
    expect(events.map((e) => `${e.event}/${e.changeType}`)).toEqual([
      "customer_acquisition/friend_request",
      "change_external_contact/add_external_contact",
      "customer_acquisition/customer_start_chat",
    ]);
    const archive = await env.control<{ messages: { seq: number; from: string; text: string }[] }>(
      "GET",
      `/corps/${CORP}/archive`,
    );
    expect(archive.messages).toMatchObject([{ seq: 1, from: opened.externalUserId, text: "你好" }]);
  });

  it("no quota, nobody added; an app sees only its own links", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const { link } = await client.request<{ link: { link_id: string } }>(
      "POST",
      "/cgi-bin/externalcontact/customer_acquisition/create_link",
      {
        body: { link_name: "x", range: { department_list: [2] } },
      },
    );
    env.corp.acquisitionQuota.balance = 0;
    await expect(env.people("open-acquisition-link", { linkId: link.link_id })).rejects.toThrow(/409/);
    await env.control("POST", `/corps/${CORP}/apps`, { secret: "second", agentId: 1000003 });
    const other = new (await import("@siyu/wecom")).WeComClient({
      baseUrl: env.emu.url,
      corpId: CORP,
      secret: "second",
      rateLimit: false,
    });
    const mine = await other.request<{ link_id_list: string[] }>(
      "POST",
      "/cgi-bin/externalcontact/customer_acquisition/list_link",
      { body: {} },
    );
    expect(mine.link_id_list).toEqual([]);
    expect(
      await errcodeOf(
        other.request("POST", "/cgi-bin/externalcontact/customer_acquisition/get", {
          body: { link_id: link.link_id },
        }),
      ),
    ).toBe(40058);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/customer_acquisition/create_link", {
          body: { link_name: "no range" },
        }),
      ),
    ).toBe(40058);
  });
});
