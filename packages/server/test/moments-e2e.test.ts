// Customer moments (客户朋友圈) end to end against the emulator: a post scheduled for later with tag visibility is
// published as a WeCom moment task at its time, members publish it in 企业微信, Siyu shows each member's status,
// customers like and comment, the worker pulls the interactions, and a moment auto-tag rule tags them in Siyu
// and in WeCom with the reason on the timeline. Then the refusals, with their field paths.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { type LcWorld, startLcWorld, waitFor } from "./live-codes-world.ts";

let offset = 0;
let w: LcWorld;
let base: string;
const customers: Record<string, string> = {};
let vipTag: string;
const imageIds: string[] = [];
let videoId: string;

beforeAll(async () => {
  w = await startLcWorld({ members: ["alice", "bob"], clock: { now: () => Date.now() + offset } });
  base = `/api/corps/${w.corpId}/moments`;
  const add = async (userid: string) =>
    (await w.people<{ externalUserId: string }>("add-customer", { userid })).externalUserId;
  customers.vip1 = await add("alice");
  customers.vip2 = await add("alice");
  customers.plain = await add("alice");
  customers.vipBob = await add("bob");
  await w.settle();
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  vipTag = await tag("会员", "VIP");
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  for (const [who, userid] of [
    ["vip1", "alice"],
    ["vip2", "alice"],
    ["vipBob", "bob"],
  ] as const) {
    await client.corpTags.markTag({ userid, external_userid: customers[who]!, add_tag: [vipTag] });
  }
  for (let i = 0; i < 10; i++) imageIds.push(await material(`p${i}.png`, "image/png", `png image ${i}`));
  videoId = await material("v.mp4", "video/mp4", "mp4 video bytes");
}, 60_000);
afterAll(() => w.stop());

async function tag(group: string, name: string): Promise<string> {
  const res = await w.api("POST", `/api/corps/${w.corpId}/tags`, { groupName: group, tags: [{ name }] });
  expect(res.status).toBe(200);
  return res.body.tags.find((t: { name: string }) => t.name === name).id;
}

async function material(name: string, contentType: string, content: string): Promise<string> {
  const res = await fetch(`${w.siyu.url}/api/corps/${w.corpId}/materials?name=${name}`, {
    method: "POST",
    headers: { ...w.headers, "content-type": contentType },
    body: content,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

const wecom = () => w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
const later = (ms: number) => new Date(Date.now() + offset + ms).toISOString();
const siyuTags = async (externalUserId: string, userid: string) =>
  (
    await w.siyu.ctx.db
      .selectFrom("follow_tags")
      .select("tag_id")
      .where("corp_id", "=", w.corpId)
      .where("external_userid", "=", externalUserId)
      .where("userid", "=", userid)
      .execute()
  ).map((t) => t.tag_id);
const wecomTags = async (externalUserId: string, userid: string) => {
  const got = await (await wecom()).externalContact.getAll(externalUserId);
  return (got.follow_user.find((f) => f.userid === userid)?.tags ?? []).flatMap((t) => t.tag_id ?? []);
};

it("publishes a scheduled post at its time, follows each member, pulls likes and comments, and tags by them", async () => {
  const liked = await tag("朋友圈", "朋友圈互动");
  const commented = await tag("朋友圈", "评论新品");
  const anyRule = await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "moment",
    name: "朋友圈任意互动",
    addTags: [liked],
    config: {},
  });
  expect(anyRule.status).toBe(200);

  const created = await w.api("POST", base, {
    text: "秋季新品上市，会员专享价",
    attachments: [
      { type: "image", materialId: imageIds[0] },
      { type: "image", materialId: imageIds[1] },
    ],
    senders: ["alice", "bob"],
    visibleTags: [vipTag],
    scheduledAt: later(3_600_000),
  });
  expect(created.status).toBe(200);
  const id = created.body.id as string;
  expect(created.body).toMatchObject({
    status: "scheduled",
    scheduled: true,
    visibleTags: [{ id: vipTag, name: "VIP" }],
    attachments: [
      { type: "image", name: "p0.png" },
      { type: "image", name: "p1.png" },
    ],
  });
  // A rule about this one moment: only comments count.
  const commentRule = await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "moment",
    name: "评论了新品朋友圈",
    addTags: [commented],
    config: { momentId: id, interaction: "comment" },
  });
  expect(commentRule.status).toBe(200);

  // Not before its time: WeCom has no moment yet.
  w.siyu.momentWorker!.wake();
  await w.siyu.momentWorker!.drain();
  const now = () => Math.floor(Date.now() / 1000);
  const wecomMoments = async () => {
    const out = [];
    for await (const m of (await wecom()).moments.list({ startTime: now() - 3600, endTime: now() + 60 }))
      out.push(m);
    return out;
  };
  expect(await wecomMoments()).toEqual([]);
  expect((await w.api("GET", `${base}/${id}`)).body.status).toBe("scheduled");

  offset += 3_600_000 + 1000;
  w.siyu.momentWorker!.wake();
  const published = await waitFor(async () => {
    const v = (await w.api("GET", `${base}/${id}`)).body;
    return v.status === "published" && v.members.length === 2 ? v : undefined;
  });
  expect(published.wecomMomentId).toMatch(/^mom/);
  expect(published.members).toEqual([
    expect.objectContaining({ userid: "alice", name: "员工alice", published: false }),
    expect.objectContaining({ userid: "bob", published: false }),
  ]);
  const [inWeCom] = await wecomMoments();
  expect(inWeCom).toMatchObject({ moment_id: published.wecomMomentId, visible_type: 0 });
  expect(inWeCom!.image).toHaveLength(2);
  expect(inWeCom!.text?.content).toBe("秋季新品上市，会员专享价");

  // Alice publishes in 企业微信; Siyu sees it on the next pull.
  const momentId = published.wecomMomentId as string;
  await w.people("publish-moment", { momentId, userid: "alice" });
  const refreshed = (await w.api("POST", `${base}/${id}/refresh`)).body;
  expect(
    refreshed.members.map((m: { userid: string; published: boolean }) => [m.userid, m.published]),
  ).toEqual([
    ["alice", true],
    ["bob", false],
  ]);
  expect(refreshed.counts).toMatchObject({ members: 2, membersPublished: 1 });

  // Customers with the VIP tag like and comment; one without it never saw the post.
  await w.people("comment-moment", { momentId, userid: "alice", externalUserId: customers.vip1, like: true });
  await w.people("comment-moment", { momentId, userid: "alice", externalUserId: customers.vip2 });
  await expect(
    w.people("comment-moment", { momentId, userid: "alice", externalUserId: customers.plain, like: true }),
  ).rejects.toThrow();

  // The worker pulls them when the moment's next look is due (10 minutes later).
  offset += 10 * 60_000 + 1000;
  w.siyu.momentWorker!.wake();
  const pulled = await waitFor(async () => {
    const v = (await w.api("GET", `${base}/${id}`)).body;
    return v.counts.likes + v.counts.comments === 2 ? v : undefined;
  });
  expect(pulled.counts).toMatchObject({ likes: 1, comments: 1, customers: 2 });
  expect(
    pulled.interactions.map((i: { externalUserId: string; kind: string; userid: string }) => [
      i.externalUserId,
      i.kind,
      i.userid,
    ]),
  ).toEqual(
    expect.arrayContaining([
      [customers.vip1, "like", "alice"],
      [customers.vip2, "comment", "alice"],
    ]),
  );
  expect(pulled.members.find((m: { userid: string }) => m.userid === "alice")).toMatchObject({
    likes: 1,
    comments: 1,
  });

  // The rules tag them in WeCom and in Siyu.
  await waitFor(async () => (await wecomTags(customers.vip2!, "alice")).includes(commented));
  await waitFor(async () => (await siyuTags(customers.vip1!, "alice")).includes(liked));
  await waitFor(async () => (await siyuTags(customers.vip2!, "alice")).includes(commented));
  expect(await wecomTags(customers.vip1!, "alice")).toContain(liked);
  expect(await wecomTags(customers.vip2!, "alice")).toContain(liked);
  expect(await wecomTags(customers.vip1!, "alice")).not.toContain(commented);
  expect(await siyuTags(customers.plain!, "alice")).not.toContain(liked);

  // The timeline says what happened and why the tag came.
  const timeline = await w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .select(["kind", "detail"])
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", customers.vip1!)
    .orderBy("id")
    .execute();
  expect(timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(["moment.liked", "tags.marked"]));
  const marked = timeline.find((t) => t.kind === "tags.marked" && t.detail.rule === "朋友圈任意互动");
  expect(marked?.detail.reason).toBe(`liked moment #${id} "秋季新品上市，会员专享价"`);

  // Pulling again finds nothing new and fires nothing twice.
  const actions = async () =>
    Number(
      (
        await w.siyu.ctx.db
          .selectFrom("rule_tag_actions")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("corp_id", "=", w.corpId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await actions();
  const again = (await w.api("POST", `${base}/${id}/refresh`)).body;
  expect(again.newInteractions).toBe(0);
  expect(again.counts).toMatchObject({ likes: 1, comments: 1 });
  expect(await actions()).toBe(before);

  // Cancelling stops members who have not published it yet.
  const cancelled = await w.api("POST", `${base}/${id}/cancel`);
  expect(cancelled.body.status).toBe("cancelled");
  await expect(w.people("publish-moment", { momentId, userid: "bob" })).rejects.toThrow(/cancelled/);
  const twice = await w.api("POST", `${base}/${id}/cancel`);
  expect(twice.status).toBe(409);
  expect(twice.body.error.code).toBe("MOMENT_NOT_CANCELLABLE");

  const list = (await w.api("GET", base)).body.items;
  expect(list[0]).toMatchObject({
    id,
    status: "cancelled",
    counts: { likes: 1, comments: 1, membersPublished: 1 },
  });
});

it("never publishes a scheduled post cancelled before its time", async () => {
  const created = await w.api("POST", base, { text: "取消的朋友圈", scheduledAt: later(60_000) });
  expect(created.status).toBe(200);
  expect((await w.api("POST", `${base}/${created.body.id}/cancel`)).body.status).toBe("cancelled");
  offset += 120_000;
  w.siyu.momentWorker!.wake();
  await w.siyu.momentWorker!.drain();
  const v = (await w.api("GET", `${base}/${created.body.id}`)).body;
  expect(v).toMatchObject({ status: "cancelled", wecomMomentId: null });
});

it("publishes a link post now to every member", async () => {
  const created = await w.api("POST", base, {
    attachments: [
      { type: "link", url: "https://example.com/new", title: "新品目录", coverMaterialId: imageIds[2] },
    ],
  });
  expect(created.status).toBe(200);
  const v = await waitFor(async () => {
    const m = (await w.api("GET", `${base}/${created.body.id}`)).body;
    return m.status === "published" && m.members.length === 2 ? m : undefined;
  });
  const now = Math.floor(Date.now() / 1000);
  const found = [];
  for await (const m of (await wecom()).moments.list({ startTime: now - 3600, endTime: now + 60 }))
    if (m.moment_id === v.wecomMomentId) found.push(m);
  expect(found[0]).toMatchObject({
    visible_type: 1,
    link: { title: "新品目录", url: "https://example.com/new" },
  });
});

it("refuses bad posts with field-level messages", async () => {
  const refuse = async (body: unknown) => {
    const res = await w.api("POST", base, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    return res.body.error.details as { path: string; message: string }[];
  };
  const mixed = await refuse({
    text: "图片加视频",
    attachments: [
      { type: "image", materialId: imageIds[0] },
      { type: "video", materialId: videoId },
    ],
  });
  expect(mixed).toEqual([{ path: "/attachments", message: expect.stringMatching(/not a mix/) }]);
  const tooMany = await refuse({
    attachments: imageIds.map((materialId) => ({ type: "image", materialId })),
  });
  expect(tooMany).toEqual([
    { path: "/attachments", message: "at most 9 images per moment; this one has 10" },
  ]);
  expect(await refuse({ text: "  " })).toEqual([
    { path: "/text", message: expect.stringMatching(/text or/) },
  ]);
  expect(await refuse({ text: "过去", scheduledAt: later(-60_000) })).toEqual([
    { path: "/scheduledAt", message: "the publish time has already passed" },
  ]);
  expect(
    await refuse({
      text: "x",
      attachments: [
        { type: "video", materialId: videoId },
        { type: "video", materialId: videoId },
      ],
    }),
  ).toEqual([{ path: "/attachments", message: "at most one video per moment; this one has 2" }]);
  expect(await refuse({ text: "x", visibleTags: ["etNoSuchTag"], senders: ["ghost"] })).toEqual([
    { path: "/visibleTags/0", message: "no tag etNoSuchTag in this corp" },
    { path: "/senders/0", message: "no member ghost in this corp" },
  ]);
  expect(await refuse({ attachments: [{ type: "image", materialId: videoId }] })).toEqual([
    { path: "/attachments/0/materialId", message: `material ${videoId} is a video, not a image` },
  ]);
  // The corp's sensitive words (R3) are refused before anything reaches WeCom.
  const words = await w.api("POST", `/api/corps/${w.corpId}/send-gate/sensitive-words`, {
    words: ["最便宜"],
  });
  expect(words.status).toBe(200);
  expect(
    await refuse({
      text: "全网最便宜",
      attachments: [
        { type: "link", url: "https://e.com", title: "最便宜的新品", coverMaterialId: imageIds[0] },
      ],
    }),
  ).toEqual([
    { path: "/text", message: 'contains the sensitive word "最便宜"' },
    { path: "/attachments/0/title", message: 'contains the sensitive word "最便宜"' },
  ]);
  const rule = await w.api("POST", `/api/corps/${w.corpId}/tag-rules`, {
    kind: "moment",
    name: "x",
    addTags: [vipTag],
    config: { momentId: "999999" },
  });
  expect(rule.status).toBe(400);
  expect(rule.body.error.details).toEqual([
    { path: "/config/momentId", message: "no moment 999999 in this corp" },
  ]);
  const missing = await w.api("GET", `${base}/999999`);
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe("MOMENT_NOT_FOUND");
});

it("reports a post interrupted while WeCom was being asked as failed, never publishing it twice", async () => {
  const before = (await w.api("GET", base)).body.items.length;
  // As a crash leaves it: claimed and committed as publishing, no job id, over a minute ago.
  const row = await w.siyu.ctx.db
    .insertInto("moments")
    .values({
      corp_id: w.corpId,
      text: "崩溃中的朋友圈",
      publish_at: new Date(Date.now() + offset - 120_000),
      status: "publishing",
      publishing_at: new Date(Date.now() + offset - 120_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  w.siyu.momentWorker!.wake();
  const v = await waitFor(async () => {
    const m = (await w.api("GET", `${base}/${row.id}`)).body;
    return m.status === "failed" ? m : undefined;
  });
  expect(v.error).toMatch(/interrupted/);
  expect(v.wecomMomentId).toBeNull();
  expect((await w.api("GET", base)).body.items).toHaveLength(before + 1);
  const now = Math.floor(Date.now() / 1000);
  for await (const m of (await wecom()).moments.list({ startTime: now - 3600, endTime: now + 60 }))
    expect(m.text?.content).not.toBe("崩溃中的朋友圈");
});
