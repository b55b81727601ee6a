import { afterEach, describe, expect, it } from "vitest";
import { boot, CORP, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

async function upload(env: Booted, path: string, data: Buffer, filename = "a.png") {
  const token = await env.client().getToken();
  const form = new FormData();
  form.append("media", new Blob([new Uint8Array(data)], { type: "image/png" }), filename);
  const res = await fetch(`${env.emu.url}/cgi-bin/${path}&access_token=${token}`, {
    method: "POST",
    body: form,
  });
  return (await res.json()) as Record<string, unknown>;
}

describe("media (addendum §6)", () => {
  it("uploads temporary media (created_at string) and attachments (created_at int), and serves them back", async () => {
    env = await boot();
    const png = Buffer.from("\x89PNG fake image bytes");
    const up = await upload(env, "media/upload?type=image", png);
    expect(up).toMatchObject({ errcode: 0, type: "image" });
    expect(typeof up.created_at).toBe("string");
    const att = await upload(env, "media/upload_attachment?media_type=image&attachment_type=1", png);
    expect(typeof att.created_at).toBe("number");
    const token = await env.client().getToken();
    const got = await fetch(`${env.emu.url}/cgi-bin/media/get?access_token=${token}&media_id=${up.media_id}`);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(png);
    expect((await upload(env, "media/upload?type=gif", png)).errcode).toBe(40004);
    expect((await upload(env, "media/upload?type=image", Buffer.from("tiny"))).errcode).toBe(40006);
    expect(
      (await upload(env, "media/upload_attachment?media_type=file&attachment_type=1", png)).errcode,
    ).toBe(40004);
    env.clock.advance(3 * 86_400_000 + 1000);
    const expired = await fetch(
      `${env.emu.url}/cgi-bin/media/get?access_token=${await env.client().getToken()}&media_id=${up.media_id}`,
    );
    expect(((await expired.json()) as { errcode: number }).errcode).toBe(40007);
  });
});

describe("moments (contract §4.7)", () => {
  it("creates a task, members publish in the client, and the queries follow", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice");
    const img = await upload(
      env,
      "media/upload_attachment?media_type=image&attachment_type=1",
      Buffer.from("image-bytes-123"),
    );
    const client = env.client();
    const { jobid } = await client.request<{ jobid: string }>(
      "POST",
      "/cgi-bin/externalcontact/add_moment_task",
      {
        body: {
          text: { content: "新品上市" },
          attachments: [{ msgtype: "image", image: { media_id: img.media_id } }],
          visible_range: { sender_list: { user_list: ["alice", "ghost"] } },
        },
      },
    );
    const job = await client.request<{
      status: number;
      result: { moment_id: string; invalid_sender_list: { user_list: string[] } };
    }>("GET", "/cgi-bin/externalcontact/get_moment_task_result", { query: { jobid } });
    expect(job.status).toBe(3);
    expect(job.result.invalid_sender_list.user_list).toEqual(["ghost"]);
    const momentId = job.result.moment_id;
    expect(momentId).toMatch(/^mom/);
    const task = () =>
      client.request<{ task_list: { userid: string; publish_status: number }[] }>(
        "POST",
        "/cgi-bin/externalcontact/get_moment_task",
        {
          body: { moment_id: momentId },
        },
      );
    expect((await task()).task_list).toEqual([{ userid: "alice", publish_status: 0 }]);
    const sendResult = () =>
      client.request<{ customer_list: { external_userid: string }[] }>(
        "POST",
        "/cgi-bin/externalcontact/get_moment_send_result",
        {
          body: { moment_id: momentId, userid: "alice" },
        },
      );
    expect(await errcodeOf(sendResult())).toBe(41062);
    await env.people("publish-moment", { momentId, userid: "alice" });
    expect((await task()).task_list).toEqual([{ userid: "alice", publish_status: 1 }]);
    expect((await sendResult()).customer_list).toEqual([{ external_userid: a.externalUserId }]);
    await env.people("comment-moment", {
      momentId,
      userid: "alice",
      externalUserId: a.externalUserId,
      like: true,
    });
    const comments = await client.request<{ like_list: unknown[]; comment_list: unknown[] }>(
      "POST",
      "/cgi-bin/externalcontact/get_moment_comments",
      {
        body: { moment_id: momentId, userid: "alice" },
      },
    );
    expect(comments.like_list).toHaveLength(1);
    expect(comments.comment_list).toEqual([]);
    const list = await client.request<{
      moment_list: { moment_id: string; create_time: unknown; image: unknown[] }[];
    }>("POST", "/cgi-bin/externalcontact/get_moment_list", {
      body: { start_time: env.world.now() - 60, end_time: env.world.now() + 60 },
    });
    expect(list.moment_list[0]).toMatchObject({ moment_id: momentId, image: [{ media_id: img.media_id }] });
    expect(typeof list.moment_list[0]!.create_time).toBe("string");
    expect(
      await errcodeOf(client.request("POST", "/cgi-bin/externalcontact/get_moment_task", { body: {} })),
    ).toBe(41059);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/get_moment_task", { body: { moment_id: "momX" } }),
      ),
    ).toBe(41060);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/get_moment_customer_list", {
          body: { moment_id: momentId, userid: "bob" },
        }),
      ),
    ).toBe(41061);
  });

  it("limits attachments: ≤9 images, 1 video or 1 link, no mixing, media from upload_attachment", async () => {
    env = await boot();
    await seedMembers(env);
    const img = await upload(
      env,
      "media/upload_attachment?media_type=image&attachment_type=1",
      Buffer.from("image-bytes-123"),
    );
    const client = env.client();
    const add = (attachments: unknown[]) =>
      errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/add_moment_task", { body: { attachments } }),
      );
    const image = { msgtype: "image", image: { media_id: img.media_id } };
    expect(await add(Array(10).fill(image))).toBe(41064);
    expect(
      await add([image, { msgtype: "link", link: { url: "https://e.com", media_id: img.media_id } }]),
    ).toBe(41065);
    expect(await add([{ msgtype: "image", image: { media_id: "unknown" } }])).toBe(40007);
    expect(await add([])).toBe(40058);
    expect(await add(Array(9).fill(image))).toBe(0);
  });
});

describe("statistics, directory and app messages", () => {
  it("aggregates member behaviour per day from people actions", async () => {
    env = await boot();
    await seedMembers(env);
    const a = await newCustomer(env, "alice");
    await newCustomer(env, "bob");
    await env.people("customer-message", { userid: "alice", externalUserId: a.externalUserId, text: "在吗" });
    env.clock.advance(120_000);
    await env.people("member-message", { userid: "alice", externalUserId: a.externalUserId, text: "在的" });
    const now = env.world.now();
    const data = await env
      .client()
      .request<{ behavior_data: Record<string, number>[] }>(
        "POST",
        "/cgi-bin/externalcontact/get_user_behavior_data",
        { body: { userid: ["alice", "bob"], start_time: now - 86_400, end_time: now } },
      );
    expect(data.behavior_data).toHaveLength(2);
    expect(data.behavior_data[1]).toMatchObject({
      new_contact_cnt: 2,
      new_apply_cnt: 2,
      chat_cnt: 1,
      message_cnt: 1,
      reply_percentage: 100,
      avg_reply_time: 2,
    });
    expect(
      await errcodeOf(
        env.client().request("POST", "/cgi-bin/externalcontact/get_user_behavior_data", {
          body: { userid: ["alice"], start_time: now - 40 * 86_400, end_time: now },
        }),
      ),
    ).toBe(40058);
  });

  it("reads departments and users, and refuses user/list_id to an app token", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const depts = await client.request<{ department_id: { id: number; parentid: number }[] }>(
      "GET",
      "/cgi-bin/department/simplelist",
    );
    expect(depts.department_id.map((d) => d.id).sort()).toEqual([1, 2, 3]);
    const users = await client.request<{ userlist: { userid: string }[] }>(
      "GET",
      "/cgi-bin/user/simplelist",
      {
        query: { department_id: 1, fetch_child: 1 },
      },
    );
    expect(users.userlist.map((u) => u.userid)).toEqual(["alice", "bob", "carol"]);
    const user = await client.request<Record<string, unknown>>("GET", "/cgi-bin/user/get", {
      query: { userid: "bob" },
    });
    expect(user).toMatchObject({ userid: "bob", name: "李强", department: [2], status: 1 });
    expect(user.mobile).toBeUndefined();
    expect(await errcodeOf(client.request("GET", "/cgi-bin/user/get", { query: { userid: "ghost" } }))).toBe(
      60111,
    );
    expect(await errcodeOf(client.request("POST", "/cgi-bin/user/list_id", { body: {} }))).toBe(48002);
  });

  it("delivers app messages to member inboxes, reporting invalid users and dropping over 30/min", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const send = (body: Record<string, unknown>) =>
      client.request<{ invaliduser: string; msgid: string }>("POST", "/cgi-bin/message/send", {
        body: { agentid: 1000002, ...body },
      });
    const res = await send({
      touser: "alice|Ghost",
      msgtype: "text",
      text: { content: "您有 3 位客户待跟进" },
    });
    expect(res.invaliduser).toBe("ghost");
    const inbox = await env.control<{ msgtype: string; content: { content: string } }[]>(
      "GET",
      `/corps/${CORP}/members/alice/app-messages`,
    );
    expect(inbox).toMatchObject([{ msgtype: "text", content: { content: "您有 3 位客户待跟进" } }]);
    expect(await errcodeOf(send({ touser: "ghost", msgtype: "text", text: { content: "x" } }))).toBe(81013);
    expect(await errcodeOf(send({ msgtype: "text", text: { content: "x" } }))).toBe(82001);
    expect(await errcodeOf(send({ touser: "bob", msgtype: "text", text: { content: "" } }))).toBe(44004);
    for (let i = 0; i < 31; i++)
      await send({ touser: "carol", msgtype: "text", text: { content: `任务 ${i}` } });
    const carol = await env.control<unknown[]>("GET", `/corps/${CORP}/members/carol/app-messages`);
    expect(carol).toHaveLength(30);
  });
});
