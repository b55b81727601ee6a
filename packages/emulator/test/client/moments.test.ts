// @siyu/wecom's moment endpoints (contract §4.7) against the emulator: create a task with a tag-limited audience,
// read the job, members publish in the client (people action), the per-member status, audience, send result,
// likes and comments follow; cancel; and the list's string create_time comes back as a number.
import { WeComApiError } from "@siyu/wecom";
import { afterEach, expect, it } from "vitest";
import { type Booted, bootEmulator, CORP } from "./setup.ts";

let env: Booted | undefined;
afterEach(async () => {
  await env?.emu.close();
  env = undefined;
});

const errcode = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WeComApiError);
  return (err as WeComApiError).errcode;
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

it("creates, publishes, reports and cancels moments with a tag-limited audience", async () => {
  env = await bootEmulator();
  const booted = env;
  for (const userid of ["alice", "bob"]) await booted.control("POST", `/corps/${CORP}/members`, { userid });
  const people = <T>(action: string, body: unknown) =>
    booted.control<T>("POST", `/corps/${CORP}/people/${action}`, body);
  const add = (userid: string) =>
    people<{ externalUserId: string }>("add-customer", { userid }).then((r) => r.externalUserId);
  const client = booted.client();
  const vip = await add("alice");
  const other = await add("alice");
  const tag = (await client.corpTags.add({ group_name: "等级", tag: [{ name: "VIP" }] })).tag_group.tag[0]!
    .id;
  await client.corpTags.markTag({ userid: "alice", external_userid: vip, add_tag: [tag] });

  const cover = await client.media.uploadAttachment("image", 1, {
    filename: "a.png",
    contentType: "image/png",
    data: new TextEncoder().encode("png image bytes"),
  });
  const { jobid } = await client.moments.addTask({
    text: { content: "新品上市" },
    attachments: [{ msgtype: "image", image: { media_id: cover.media_id } }],
    visible_range: {
      sender_list: { user_list: ["alice", "ghost"] },
      external_contact_list: { tag_list: [tag] },
    },
  });
  const job = await client.moments.taskResult(jobid);
  expect(job.status).toBe(3);
  expect(job.result?.invalid_sender_list?.user_list).toEqual(["ghost"]);
  const momentId = job.result!.moment_id!;

  expect(await collect(client.moments.tasks(momentId))).toEqual([{ userid: "alice", publish_status: 0 }]);
  expect(await collect(client.moments.customers(momentId, "alice"))).toEqual([
    { userid: "alice", external_userid: vip },
  ]);
  expect(await errcode(collect(client.moments.sendResult(momentId, "alice")))).toBe(41062);

  await people("publish-moment", { momentId, userid: "alice" });
  expect(await collect(client.moments.tasks(momentId))).toEqual([{ userid: "alice", publish_status: 1 }]);
  expect(await collect(client.moments.sendResult(momentId, "alice"))).toEqual([{ external_userid: vip }]);

  await people("comment-moment", { momentId, userid: "alice", externalUserId: vip, like: true });
  await people("comment-moment", { momentId, userid: "alice", externalUserId: vip });
  // A customer without the tag never saw the post, so cannot like it.
  await expect(
    people("comment-moment", { momentId, userid: "alice", externalUserId: other, like: true }),
  ).rejects.toThrow(/cannot see/);
  const comments = await client.moments.comments(momentId, "alice");
  expect(comments.like_list).toEqual([{ external_userid: vip, create_time: expect.any(Number) }]);
  expect(comments.comment_list.map((c) => c.external_userid)).toEqual([vip]);
  expect(await errcode(client.moments.comments(momentId, "bob"))).toBe(41061);

  const now = Math.floor(booted.clock.now() / 1000);
  const listed = await collect(client.moments.list({ startTime: now - 60, endTime: now + 60 }));
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({
    moment_id: momentId,
    visible_type: 0,
    image: [{ media_id: cover.media_id }],
  });
  expect(listed[0]!.create_time).toBe(now);

  await client.moments.cancel(momentId);
  await expect(people("publish-moment", { momentId, userid: "alice" })).rejects.toThrow(/cancelled/);
  expect(await errcode(client.moments.cancel("momUnknown"))).toBe(41060);
});
