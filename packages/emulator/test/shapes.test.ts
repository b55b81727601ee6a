// The emulator answers in the shapes of the official samples (test/samples): every key of the sample is
// present (unless listed as conditional) with the same JSON type — strings where the sample has strings.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
const ids: Record<string, string> = {};

const kind = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

function diffShape(
  sample: unknown,
  actual: unknown,
  path: string,
  optional: Set<string>,
  out: string[],
): void {
  if (kind(sample) !== kind(actual)) {
    out.push(`${path || "<root>"}: expected ${kind(sample)}, got ${kind(actual)}`);
    return;
  }
  if (Array.isArray(sample)) {
    const items = actual as unknown[];
    if (sample.length > 0)
      for (const item of items.slice(0, 3)) diffShape(sample[0], item, `${path}[]`, optional, out);
    return;
  }
  if (kind(sample) !== "object") return;
  const a = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(sample as Record<string, unknown>)) {
    const p = path ? `${path}.${key}` : key;
    if (!(key in a)) {
      if (!optional.has(p)) out.push(`${p}: missing`);
      continue;
    }
    diffShape(value, a[key], p, optional, out);
  }
}

function sample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./samples/${name}.response.json`, import.meta.url), "utf8"));
}

beforeAll(async () => {
  env = await boot();
  await seedMembers(env);
  const client = env.client();
  const a = await newCustomer(env, "alice", "郑爽");
  ids.customer = a.externalUserId;
  const tag = await client.request<{ tag_group: { tag: { id: string }[] } }>(
    "POST",
    "/cgi-bin/externalcontact/add_corp_tag",
    {
      body: { group_name: "等级", tag: [{ name: "金卡" }] },
    },
  );
  await client.request("POST", "/cgi-bin/externalcontact/mark_tag", {
    body: { userid: "alice", external_userid: a.externalUserId, add_tag: [tag.tag_group.tag[0]!.id] },
  });
  ids.way = (
    await client.request<{ config_id: string }>("POST", "/cgi-bin/externalcontact/add_contact_way", {
      body: { type: 1, scene: 2, user: ["alice"], state: "s" },
    })
  ).config_id;
  ids.chat = (
    await env.people<{ chatId: string }>("create-group", {
      owner: "alice",
      name: "群",
      externalUserIds: [a.externalUserId],
    })
  ).chatId;
  await env.people("join-group", { chatId: ids.chat });
  const mass = await client.request<{ msgid: string }>("POST", "/cgi-bin/externalcontact/add_msg_template", {
    body: { sender: "alice", text: { content: "hi" } },
  });
  ids.msgid = mass.msgid;
  await env.people("confirm-mass", { msgid: mass.msgid, userid: "alice" });
  const job = await client.request<{ jobid: string }>("POST", "/cgi-bin/externalcontact/add_moment_task", {
    body: { text: { content: "新品" }, visible_range: { sender_list: { user_list: ["alice"] } } },
  });
  const result = await client.request<{ result: { moment_id: string } }>(
    "GET",
    "/cgi-bin/externalcontact/get_moment_task_result",
    {
      query: { jobid: job.jobid },
    },
  );
  ids.moment = result.result.moment_id;
  await env.people("publish-moment", { momentId: ids.moment, userid: "alice" });
  await env.people("comment-moment", {
    momentId: ids.moment,
    userid: "alice",
    externalUserId: a.externalUserId,
  });
  await env.people("comment-moment", {
    momentId: ids.moment,
    userid: "alice",
    externalUserId: a.externalUserId,
    like: true,
  });
  await client.request("POST", "/cgi-bin/externalcontact/transfer_customer", {
    body: { handover_userid: "alice", takeover_userid: "bob", external_userid: [a.externalUserId] },
  });
  const b = await newCustomer(env, "carol");
  ids.carolCustomer = b.externalUserId;
  await env.people("customer-message", { userid: "carol", externalUserId: b.externalUserId, text: "在吗" });
  await env.people("member-message", { userid: "carol", externalUserId: b.externalUserId, text: "在" });
  await env.people("member-resigns", { userid: "carol" });
  ids.link = (
    await client.request<{ link: { link_id: string } }>(
      "POST",
      "/cgi-bin/externalcontact/customer_acquisition/create_link",
      {
        body: { link_name: "投放", range: { user_list: ["bob"] } },
      },
    )
  ).link.link_id;
  await env.people("open-acquisition-link", { linkId: ids.link, customerChannel: "ch1" });
  ids.kf = (
    await env.people<{ openKfid: string }>("kf-create-account", { name: "客服", servicers: ["alice"] })
  ).openKfid;
  await env.people("kf-customer-enters", { openKfid: ids.kf, externalUserId: a.externalUserId });
  await env.people("kf-customer-message", { openKfid: ids.kf, externalUserId: a.externalUserId, text: "hi" });
  await env.people("kf-servicer-message", {
    openKfid: ids.kf,
    externalUserId: a.externalUserId,
    userid: "alice",
    text: "hello",
  });
});
afterAll(async () => env?.emu.close());

const now = () => env.world.now();
const cases: [string, "GET" | "POST", () => { query?: Record<string, string>; body?: unknown }, string[]][] =
  [
    [
      "externalcontact/get",
      "GET",
      () => ({ query: { external_userid: ids.customer! } }),
      [
        "external_contact.position",
        "external_contact.corp_name",
        "external_contact.corp_full_name",
        "external_contact.external_profile",
        "follow_user[].state",
      ],
    ],
    ["externalcontact/list", "GET", () => ({ query: { userid: "alice" } }), []],
    ["externalcontact/get_follow_user_list", "GET", () => ({}), []],
    [
      "externalcontact/batch/get_by_user",
      "POST",
      () => ({ body: { userid_list: ["alice"] } }),
      [
        "external_contact_list[].external_contact.position",
        "external_contact_list[].external_contact.corp_name",
        "external_contact_list[].external_contact.corp_full_name",
        "external_contact_list[].external_contact.external_profile",
      ],
    ],
    ["externalcontact/get_corp_tag_list", "POST", () => ({ body: {} }), []],
    [
      "externalcontact/get_contact_way",
      "POST",
      () => ({ body: { config_id: ids.way } }),
      ["contact_way.conclusions"],
    ],
    ["externalcontact/groupchat/list", "POST", () => ({ body: { limit: 10 } }), []],
    [
      "externalcontact/groupchat/get",
      "POST",
      () => ({ body: { chat_id: ids.chat, need_name: 1 } }),
      ["group_chat.member_list[].invitor", "group_chat.member_list[].unionid"],
    ],
    [
      "externalcontact/get_groupmsg_list_v2",
      "POST",
      () => ({ body: { chat_type: "single", start_time: now() - 60, end_time: now() + 60 } }),
      ["group_msg_list[].creator", "group_msg_list[].attachments[].image.pic_url"],
    ],
    ["externalcontact/get_groupmsg_task", "POST", () => ({ body: { msgid: ids.msgid } }), []],
    [
      "externalcontact/get_groupmsg_send_result",
      "POST",
      () => ({ body: { msgid: ids.msgid, userid: "alice" } }),
      ["send_list[].chat_id"],
    ],
    [
      "externalcontact/get_moment_list",
      "POST",
      () => ({ body: { start_time: now() - 60, end_time: now() + 60 } }),
      [
        "moment_list[].creator",
        "moment_list[].image",
        "moment_list[].video",
        "moment_list[].link",
        "moment_list[].location",
      ],
    ],
    ["externalcontact/get_moment_task", "POST", () => ({ body: { moment_id: ids.moment } }), []],
    [
      "externalcontact/get_moment_customer_list",
      "POST",
      () => ({ body: { moment_id: ids.moment, userid: "alice" } }),
      [],
    ],
    [
      "externalcontact/get_moment_send_result",
      "POST",
      () => ({ body: { moment_id: ids.moment, userid: "alice" } }),
      [],
    ],
    [
      "externalcontact/get_moment_comments",
      "POST",
      () => ({ body: { moment_id: ids.moment, userid: "alice" } }),
      [],
    ],
    [
      "externalcontact/transfer_result",
      "POST",
      () => ({ body: { handover_userid: "alice", takeover_userid: "bob" } }),
      [],
    ],
    ["externalcontact/get_unassigned_list", "POST", () => ({ body: {} }), []],
    [
      "externalcontact/get_user_behavior_data",
      "POST",
      () => ({ body: { userid: ["carol"], start_time: now() - 86_400, end_time: now() } }),
      ["behavior_data[].reply_percentage", "behavior_data[].avg_reply_time"],
    ],
    [
      "externalcontact/groupchat/statistic",
      "POST",
      () => ({ body: { day_begin_time: now() - 86_400, owner_filter: { userid_list: ["alice"] } } }),
      [],
    ],
    [
      "externalcontact/groupchat/statistic_group_by_day",
      "POST",
      () => ({ body: { day_begin_time: now() - 86_400 } }),
      [],
    ],
    ["department/simplelist", "GET", () => ({}), []],
    ["department/list", "GET", () => ({ query: { id: "1" } }), []],
    ["user/simplelist", "GET", () => ({ query: { department_id: "2" } }), []],
    [
      "user/get",
      "GET",
      () => ({ query: { userid: "alice" } }),
      [
        "mobile",
        "gender",
        "email",
        "avatar",
        "thumb_avatar",
        "address",
        "qr_code",
        "external_profile.wechat_channels",
      ],
    ],
    ["externalcontact/customer_acquisition/customer", "POST", () => ({ body: { link_id: ids.link } }), []],
    ["externalcontact/customer_acquisition/list_link", "POST", () => ({ body: {} }), []],
    ["externalcontact/customer_acquisition_quota", "GET", () => ({}), []],
    [
      "kf/sync_msg",
      "POST",
      () => ({ body: { open_kfid: ids.kf, cursor: "" } }),
      ["msg_list[].external_userid", "msg_list[].servicer_userid"],
    ],
    ["kf/account/list", "POST", () => ({ body: {} }), []],
    ["kf/servicer/list", "GET", () => ({ query: { open_kfid: ids.kf! } }), []],
    [
      "kf/customer/batchget",
      "POST",
      () => ({ body: { external_userid_list: [ids.customer, "wmNOPE"], need_enter_session_context: 1 } }),
      ["customer_list[].enter_session_context.wechat_channels"],
    ],
    ["ticket/get", "GET", () => ({ query: { type: "agent_config" } }), []],
  ];

describe("response shapes match the official samples", () => {
  it.each(cases)("%s", async (path, method, args, optional) => {
    const actual = await env.client().request(method, `/cgi-bin/${path}`, args());
    const out: string[] = [];
    diffShape(sample(path), actual, "", new Set(optional), out);
    expect(out).toEqual([]);
  });

  it("gettoken, add_* and message/send", async () => {
    const client = env.client();
    const out: string[] = [];
    const check = (name: string, actual: unknown, optional: string[] = []) =>
      diffShape(sample(name), actual, "", new Set(optional), out);
    check(
      "gettoken",
      await (
        await fetch(`${env.emu.url}/cgi-bin/gettoken?corpid=wwemulatortest01&corpsecret=secret-one`)
      ).json(),
    );
    check(
      "externalcontact/add_corp_tag",
      await client.request("POST", "/cgi-bin/externalcontact/add_corp_tag", {
        body: { group_name: "g2", tag: [{ name: "t" }] },
      }),
    );
    check(
      "externalcontact/add_contact_way",
      await client.request("POST", "/cgi-bin/externalcontact/add_contact_way", {
        body: { type: 1, scene: 2, user: ["bob"] },
      }),
    );
    check(
      "externalcontact/groupchat/add_join_way",
      await client.request("POST", "/cgi-bin/externalcontact/groupchat/add_join_way", {
        body: { scene: 2, chat_id_list: [ids.chat] },
      }),
    );
    check(
      "externalcontact/add_msg_template",
      await client.request("POST", "/cgi-bin/externalcontact/add_msg_template", {
        body: { external_userid: [ids.customer, "wmX"], text: { content: "x" } },
      }),
    );
    check(
      "externalcontact/add_moment_task",
      await client.request("POST", "/cgi-bin/externalcontact/add_moment_task", {
        body: { text: { content: "x" } },
      }),
    );
    check(
      "externalcontact/transfer_customer",
      await client.request("POST", "/cgi-bin/externalcontact/transfer_customer", {
        body: { handover_userid: "bob", takeover_userid: "alice", external_userid: ["wmNOPE", "wmNOPE2"] },
      }),
    );
    check(
      "externalcontact/groupchat/onjob_transfer",
      await client.request("POST", "/cgi-bin/externalcontact/groupchat/onjob_transfer", {
        body: { chat_id_list: ["wrNOPE"], new_owner: "bob" },
      }),
    );
    check(
      "externalcontact/group_welcome_template/add",
      await client.request("POST", "/cgi-bin/externalcontact/group_welcome_template/add", {
        body: { text: { content: "欢迎" } },
      }),
    );
    check(
      "message/send",
      await client.request("POST", "/cgi-bin/message/send", {
        body: { touser: "alice|nobody", agentid: 1000002, msgtype: "text", text: { content: "x" } },
      }),
      ["response_code"],
    );
    expect(out).toEqual([]);
  });
});
