import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

interface GroupView {
  group_chat: {
    chat_id: string;
    owner: string;
    member_list: { userid: string; type: number; join_scene: number; state?: string; name?: string }[];
    member_version: string;
  };
}

describe("customer groups and join ways (contract §4.5)", () => {
  it("customers join through a join way; list/get show them with state and a changing member_version", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice", "周婷");
    const { chatId } = await env.people<{ chatId: string }>("create-group", {
      owner: "alice",
      name: "上海会员群",
      externalUserIds: [a.externalUserId],
    });
    expect(chatId).toMatch(/^wr/);
    const client = env.client();
    const way = await client.request<{ config_id: string }>(
      "POST",
      "/cgi-bin/externalcontact/groupchat/add_join_way",
      {
        body: {
          scene: 2,
          chat_id_list: [chatId],
          state: "poster-11",
          room_base_name: "上海会员群",
          room_base_id: 2,
        },
      },
    );
    const get = () =>
      client.request<GroupView>("POST", "/cgi-bin/externalcontact/groupchat/get", {
        body: { chat_id: chatId, need_name: 1 },
      });
    const before = (await get()).group_chat.member_version;
    const joined = await env.people<{ externalUserId: string }>("join-group", {
      configId: way.config_id,
      customer: { name: "吴昊" },
    });
    const after = await get();
    expect(after.group_chat.member_version).not.toBe(before);
    expect(after.group_chat.member_list.find((m) => m.userid === joined.externalUserId)).toMatchObject({
      type: 2,
      join_scene: 3,
      state: "poster-11",
      name: "吴昊",
    });
    const list = await client.request<{
      group_chat_list: { chat_id: string; status: number }[];
      next_cursor: string;
    }>("POST", "/cgi-bin/externalcontact/groupchat/list", { body: { limit: 10 } });
    expect(list).toMatchObject({ group_chat_list: [{ chat_id: chatId, status: 0 }], next_cursor: "" });
    const jw = await client.request<{ join_way: Record<string, unknown> }>(
      "POST",
      "/cgi-bin/externalcontact/groupchat/get_join_way",
      {
        body: { config_id: way.config_id },
      },
    );
    expect(jw.join_way).toMatchObject({
      scene: 2,
      chat_id_list: [chatId],
      state: "poster-11",
      auto_create_room: 1,
    });
  });

  it("a full group makes the join way open a new room (auto_create_room) with the configured size", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/settings`, { groupMaxMembers: 3 });
    const { chatId } = await env.people<{ chatId: string }>("create-group", { owner: "bob", name: "福利群" });
    const client = env.client();
    const way = await client.request<{ config_id: string }>(
      "POST",
      "/cgi-bin/externalcontact/groupchat/add_join_way",
      {
        body: { scene: 2, chat_id_list: [chatId], room_base_name: "福利群", room_base_id: 2 },
      },
    );
    await env.people("join-group", { configId: way.config_id });
    await env.people("join-group", { configId: way.config_id });
    const third = await env.people<{ chatId: string; createdGroup: boolean }>("join-group", {
      configId: way.config_id,
    });
    expect(third.createdGroup).toBe(true);
    expect(third.chatId).not.toBe(chatId);
    const room = await client.request<GroupView & { group_chat: { name: string } }>(
      "POST",
      "/cgi-bin/externalcontact/groupchat/get",
      {
        body: { chat_id: third.chatId },
      },
    );
    expect(room.group_chat.name).toBe("福利群2");
    expect(room.group_chat.owner).toBe("bob");
  });

  it("answers 41091 for more than 5 groups, 40050 for an unknown chat, 49008 once dismissed, 40058 without limit", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const chats: string[] = [];
    for (let i = 0; i < 6; i++)
      chats.push((await env.people<{ chatId: string }>("create-group", { owner: "alice" })).chatId);
    const add = (ids: string[]) =>
      errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/groupchat/add_join_way", {
          body: { scene: 2, chat_id_list: ids },
        }),
      );
    expect(await add(chats)).toBe(41091);
    expect(await add(["wrNOPE"])).toBe(40050);
    await env.people("dismiss-group", { chatId: chats[0] });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/groupchat/get", { body: { chat_id: chats[0] } }),
      ),
    ).toBe(49008);
    expect(
      await errcodeOf(client.request("POST", "/cgi-bin/externalcontact/groupchat/list", { body: {} })),
    ).toBe(40058);
  });

  it("pages groupchat/list and list_contact_way with opaque cursors", async () => {
    env = await boot();
    await seedMembers(env);
    for (let i = 0; i < 7; i++)
      await env.people("create-group", { owner: i % 2 ? "alice" : "bob", name: `群${i}` });
    const client = env.client();
    const seen: string[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const page: { group_chat_list: { chat_id: string }[]; next_cursor: string } = await client.request(
        "POST",
        "/cgi-bin/externalcontact/groupchat/list",
        { body: { limit: 3, cursor } },
      );
      seen.push(...page.group_chat_list.map((g) => g.chat_id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    const owned = await client.request<{ group_chat_list: unknown[] }>(
      "POST",
      "/cgi-bin/externalcontact/groupchat/list",
      {
        body: { limit: 100, owner_filter: { userid_list: ["alice"] } },
      },
    );
    expect(owned.group_chat_list).toHaveLength(3);

    for (let i = 0; i < 5; i++) {
      await client.request("POST", "/cgi-bin/externalcontact/add_contact_way", {
        body: { type: 1, scene: 2, user: ["carol"] },
      });
    }
    const first = await client.request<{ contact_way: unknown[]; next_cursor: string }>(
      "POST",
      "/cgi-bin/externalcontact/list_contact_way",
      {
        body: { limit: 2 },
      },
    );
    expect(first.contact_way).toHaveLength(2);
    const second = await client.request<{ contact_way: unknown[]; next_cursor: string }>(
      "POST",
      "/cgi-bin/externalcontact/list_contact_way",
      {
        body: { limit: 10, cursor: first.next_cursor },
      },
    );
    expect(second).toMatchObject({ next_cursor: "" });
    expect(second.contact_way).toHaveLength(3);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/list_contact_way", { body: { cursor: "garbage!" } }),
      ),
    ).toBe(40058);
  });
});
