import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

interface SendResult {
  send_list: { external_userid: string; userid: string; status: number; send_time?: number }[];
  next_cursor: string;
}

describe("mass messages (contract §4.6)", () => {
  it("waits for the member's confirmation, then delivers; the task and send results follow", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice", "孙悦");
    const b = await newCustomer(env, "alice", "钱多多");
    const client = env.client();
    const created = await client.request<{ msgid: string; fail_list: string[] }>(
      "POST",
      "/cgi-bin/externalcontact/add_msg_template",
      {
        body: {
          external_userid: [a.externalUserId, b.externalUserId, "wmUNKNOWN"],
          text: { content: "双十一会员专享" },
        },
      },
    );
    expect(created.msgid).toMatch(/^msg/);
    expect(created.fail_list).toEqual(["wmUNKNOWN"]);
    const result = () =>
      client.request<SendResult>("POST", "/cgi-bin/externalcontact/get_groupmsg_send_result", {
        body: { msgid: created.msgid, userid: "alice" },
      });
    expect((await result()).send_list.map((r) => r.status)).toEqual([0, 0]);
    const task = await client.request<{ task_list: { userid: string; status: number }[] }>(
      "POST",
      "/cgi-bin/externalcontact/get_groupmsg_task",
      {
        body: { msgid: created.msgid },
      },
    );
    expect(task.task_list).toEqual([{ userid: "alice", status: 0 }]);

    await env.people("confirm-mass", { msgid: created.msgid, userid: "alice" });
    expect((await result()).send_list.map((r) => r.status)).toEqual([1, 1]);
    const inbox = await env.control<{ received: { kind: string; text: string; sender: string }[] }>(
      "GET",
      `/corps/${CORP}/customers/${a.externalUserId}/messages`,
    );
    expect(inbox.received).toMatchObject([{ kind: "mass", text: "双十一会员专享", sender: "alice" }]);
    const list = await client.request<{
      group_msg_list: { msgid: string; create_time: unknown; create_type: number }[];
    }>("POST", "/cgi-bin/externalcontact/get_groupmsg_list_v2", {
      body: { chat_type: "single", start_time: env.world.now() - 3600, end_time: env.world.now() + 60 },
    });
    expect(list.group_msg_list).toMatchObject([{ msgid: created.msgid, create_type: 0 }]);
    expect(typeof list.group_msg_list[0]!.create_time).toBe("string");
  });

  it("the per-recipient quota (1 per day policy) surfaces as status 3 and is recorded", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/settings`, { massQuota: "day1", autoConfirmMass: true });
    const a = await newCustomer(env, "bob");
    const client = env.client();
    const send = async () => {
      const { msgid } = await client.request<{ msgid: string }>(
        "POST",
        "/cgi-bin/externalcontact/add_msg_template",
        {
          body: { sender: "bob", text: { content: "hello" } },
        },
      );
      const r = await client.request<SendResult>(
        "POST",
        "/cgi-bin/externalcontact/get_groupmsg_send_result",
        {
          body: { msgid, userid: "bob" },
        },
      );
      return r.send_list.find((x) => x.external_userid === a.externalUserId)!.status;
    };
    expect(await send()).toBe(1);
    expect(await send()).toBe(3);
    env.clock.advance(86_400_000);
    expect(await send()).toBe(1);
    const rules = await env.control<{ rule: string }[]>("GET", `/corps/${CORP}/rules`);
    expect(rules.filter((r) => r.rule === "mass_quota")).toHaveLength(1);
  });

  it("the monthly policy allows as many mass messages as the month has days", async () => {
    env = await boot();
    await seedMembers(env);
    await env.control("PATCH", `/corps/${CORP}/settings`, { autoConfirmMass: true });
    env.clock.set(Date.UTC(2026, 1, 1, 4)); // February 2026: 28 days
    const a = await newCustomer(env, "bob");
    const client = env.client();
    const statuses: number[] = [];
    for (let i = 0; i < 29; i++) {
      const { msgid } = await client.request<{ msgid: string }>(
        "POST",
        "/cgi-bin/externalcontact/add_msg_template",
        {
          body: { external_userid: [a.externalUserId], text: { content: `第${i + 1}条` } },
        },
      );
      const r = await client.request<SendResult>(
        "POST",
        "/cgi-bin/externalcontact/get_groupmsg_send_result",
        {
          body: { msgid, userid: "bob" },
        },
      );
      statuses.push(r.send_list[0]!.status);
    }
    expect(statuses.filter((s) => s === 1)).toHaveLength(28);
    expect(statuses.at(-1)).toBe(3);
  });

  it("answers 41048, 41064, 41047, remind 3 per 24 h (41094) and cancel (41093); a member who ignores sends nothing", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice");
    const client = env.client();
    const add = (body: Record<string, unknown>) =>
      client.request<{ msgid: string }>("POST", "/cgi-bin/externalcontact/add_msg_template", { body });
    expect(await errcodeOf(add({ external_userid: ["wmNOBODY"], text: { content: "x" } }))).toBe(41048);
    const link = { msgtype: "link", link: { title: "t", url: "https://example.com" } };
    expect(
      await errcodeOf(add({ external_userid: [a.externalUserId], attachments: Array(10).fill(link) })),
    ).toBe(41064);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/get_groupmsg_task", { body: { msgid: "msgNOPE" } }),
      ),
    ).toBe(41047);
    const { msgid } = await add({ external_userid: [a.externalUserId], text: { content: "x" } });
    const remind = () =>
      client.request("POST", "/cgi-bin/externalcontact/remind_groupmsg_send", { body: { msgid } });
    for (let i = 0; i < 3; i++) await remind();
    expect(await errcodeOf(remind())).toBe(41094);
    const reminders = await env.control<{ msgtype: string }[]>(
      "GET",
      `/corps/${CORP}/members/alice/app-messages`,
    );
    expect(reminders.filter((m) => m.msgtype === "mass_remind")).toHaveLength(3);
    await env.people("ignore-mass", { msgid, userid: "alice" });
    await client.request("POST", "/cgi-bin/externalcontact/cancel_groupmsg_send", { body: { msgid } });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/cancel_groupmsg_send", { body: { msgid } }),
      ),
    ).toBe(41093);
    const r = await client.request<SendResult>("POST", "/cgi-bin/externalcontact/get_groupmsg_send_result", {
      body: { msgid, userid: "alice" },
    });
    expect(r.send_list[0]!.status).toBe(0);
  });

  it("an API-created task has no creator: a creator filter does not match it; a group send lists sent groups only", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice", "孙悦");
    const client = env.client();
    const single = await client.request<{ msgid: string }>(
      "POST",
      "/cgi-bin/externalcontact/add_msg_template",
      {
        body: { external_userid: [a.externalUserId], sender: "alice", text: { content: "会员日" } },
      },
    );
    const list = (body: Record<string, unknown>) =>
      client.request<{ group_msg_list: { msgid: string; creator?: string }[] }>(
        "POST",
        "/cgi-bin/externalcontact/get_groupmsg_list_v2",
        { body: { start_time: env.world.now() - 60, end_time: env.world.now() + 60, ...body } },
      );
    const all = await list({ chat_type: "single" });
    expect(all.group_msg_list.map((m) => m.msgid)).toEqual([single.msgid]);
    expect(all.group_msg_list[0]!.creator).toBeUndefined();
    expect((await list({ chat_type: "single", creator: "alice" })).group_msg_list).toEqual([]);
    expect((await list({ chat_type: "single", filter_type: 0 })).group_msg_list).toHaveLength(1);

    const sent = await env.people<{ chatId: string }>("create-group", { owner: "alice" });
    const waiting = await env.people<{ chatId: string }>("create-group", { owner: "alice" });
    const g1 = await client.request<{ msgid: string }>("POST", "/cgi-bin/externalcontact/add_msg_template", {
      body: { chat_type: "group", sender: "alice", chat_id_list: [sent.chatId], text: { content: "群公告" } },
    });
    const g2 = await client.request<{ msgid: string }>("POST", "/cgi-bin/externalcontact/add_msg_template", {
      body: {
        chat_type: "group",
        sender: "alice",
        chat_id_list: [waiting.chatId],
        text: { content: "群公告" },
      },
    });
    await env.people("confirm-mass", { msgid: g1.msgid, userid: "alice" });
    const results = (msgid: string) =>
      client.request<{ send_list: { chat_id: string; status: number }[] }>(
        "POST",
        "/cgi-bin/externalcontact/get_groupmsg_send_result",
        { body: { msgid, userid: "alice" } },
      );
    expect((await results(g1.msgid)).send_list).toMatchObject([{ chat_id: sent.chatId, status: 1 }]);
    expect((await results(g2.msgid)).send_list).toEqual([]);
  });
});
