import { WeComClient } from "@siyu/wecom";
import { afterEach, describe, expect, it } from "vitest";
import { callbackTarget } from "./callback-target.ts";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

describe("visible ranges, permissions and corp-wide limits", () => {
  it("an app sees only members in its visible range (60011) and needs customer-contact permission (48002)", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("POST", `/corps/${CORP}/apps`, {
      secret: "north",
      agentId: 1000009,
      visibleDepartments: [3],
    });
    const north = new WeComClient({
      baseUrl: env.emu.url,
      corpId: CORP,
      secret: "north",
      rateLimit: false,
      retry: { attempts: 1, baseDelayMs: 1 },
    });
    const followers = await north.request<{ follow_user: string[] }>(
      "GET",
      "/cgi-bin/externalcontact/get_follow_user_list",
    );
    expect(followers.follow_user).toEqual(["carol"]);
    expect(await errcodeOf(north.request("GET", "/cgi-bin/user/get", { query: { userid: "alice" } }))).toBe(
      60011,
    );
    expect(
      await errcodeOf(north.request("GET", "/cgi-bin/externalcontact/list", { query: { userid: "alice" } })),
    ).toBe(60011);
    await env.control("PATCH", `/corps/${CORP}/apps/1000009`, { customerContact: false });
    expect(await errcodeOf(north.request("GET", "/cgi-bin/externalcontact/get_follow_user_list"))).toBe(
      48002,
    );
    expect(await north.request("GET", "/cgi-bin/user/get", { query: { userid: "carol" } })).toMatchObject({
      userid: "carol",
    });
  });

  it("groupchat/list without owner_filter answers 81017 once the app sees more than 1,000 members", async () => {
    env = await boot();
    for (let i = 0; i < 1001; i++) env.world.addMember(env.corp, { userid: `staff${i}` });
    const client = env.client();
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/groupchat/list", { body: { limit: 10 } }),
      ),
    ).toBe(81017);
    const filtered = await client.request<{ group_chat_list: unknown[] }>(
      "POST",
      "/cgi-bin/externalcontact/groupchat/list",
      {
        body: { limit: 10, owner_filter: { userid_list: ["staff1"] } },
      },
    );
    expect(filtered.group_chat_list).toEqual([]);
  });

  it("group mass sends go to the sender's groups and count against each group's quota", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/settings`, { massQuota: "day1", autoConfirmMass: true });
    const a = await newCustomer(env, "alice");
    const { chatId } = await env.people<{ chatId: string }>("create-group", {
      owner: "alice",
      externalUserIds: [a.externalUserId],
    });
    await env.people<{ chatId: string }>("create-group", { owner: "bob" });
    const client = env.client();
    const send = async () => {
      const { msgid, fail_list } = await client.request<{ msgid: string; fail_list: string[] }>(
        "POST",
        "/cgi-bin/externalcontact/add_msg_template",
        {
          body: { chat_type: "group", sender: "alice", text: { content: "群发" } },
        },
      );
      expect(fail_list).toEqual([]);
      return client.request<{ send_list: { chat_id: string; status: number }[] }>(
        "POST",
        "/cgi-bin/externalcontact/get_groupmsg_send_result",
        {
          body: { msgid, userid: "alice" },
        },
      );
    };
    expect((await send()).send_list).toEqual([
      { chat_id: chatId, userid: "alice", status: 1, send_time: env.world.now() },
    ]);
    expect((await send()).send_list[0]!.status).toBe(3);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/add_msg_template", {
          body: { chat_type: "group", text: { content: "x" } },
        }),
      ),
    ).toBe(40058);
    env.clock.advance(86_400_000); // statistics cover whole past days only
    const stats = await client.request<{
      total: number;
      items: { owner: string; data: { chat_total: number; member_total: number } }[];
    }>("POST", "/cgi-bin/externalcontact/groupchat/statistic", {
      body: { day_begin_time: env.world.now() - 86_400 },
    });
    expect(stats.items.find((i) => i.owner === "alice")?.data).toMatchObject({
      chat_total: 1,
      member_total: 2,
    });
    expect(stats.total).toBe(2);
  });

  it("directory edits fire change_contact only to apps that take contact events", async () => {
    const target = await callbackTarget();
    try {
      env = await boot();
      await seedMembers(env);
      await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { callbackUrl: target.url });
      await env.people("admin-creates-member", { userid: "dave", name: "周杰", department: [2] });
      await env.control("POST", "/callbacks/flush");
      expect(target.received).toHaveLength(0);
      await env.control("PATCH", `/corps/${CORP}/apps/1000002`, { contactEvents: true });
      await env.people("admin-updates-member", { userid: "dave", department: [3] });
      await env.people("admin-deletes-member", { userid: "dave" });
      await env.people("admin-creates-department", { name: "杭州一店", id: 9, parentId: 1 });
      await env.control("POST", "/callbacks/flush");
      const deliveries = await env.control<{ event: string; changeType: string }[]>(
        "GET",
        `/deliveries?corpId=${CORP}`,
      );
      expect(deliveries.map((d) => `${d.event}/${d.changeType}`)).toEqual([
        "change_contact/update_user",
        "change_contact/delete_user",
        "change_contact/create_party",
      ]);
      expect(
        await errcodeOf(env.client().request("GET", "/cgi-bin/user/get", { query: { userid: "dave" } })),
      ).toBe(60111);
    } finally {
      await target.close();
    }
  });
});
