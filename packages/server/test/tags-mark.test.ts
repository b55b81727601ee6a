// markTags: the tag lands in WeCom (emulator state) and in Siyu (follow_tags + timeline).
import { afterAll, beforeAll, expect, it } from "vitest";
import { markTags } from "../src/domains/tags/tags.service.ts";
import { startWorld, type World } from "./customers-world.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 30 });
});
afterAll(() => w.stop());

it("marks a tag in WeCom and records it with its source and a timeline entry", async () => {
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const { follow_user } = await client.externalContact.getFollowUserList();
  const page = await client.externalContact.batchGetByUser({ userid_list: follow_user, limit: 1 });
  const pair = page.external_contact_list[0]!;
  const groups = await client.corpTags.list();
  const tag = groups.tag_group[0]!.tag.find((t) => !(pair.follow_info.tag_id ?? []).includes(t.id))!;
  const externalUserId = pair.external_contact.external_userid;
  const userid = pair.follow_info.userid;

  await markTags(w.siyu.ctx, {
    corpId: w.corpId,
    userid,
    externalUserId,
    add: [tag.id],
    source: "channel",
    reason: "live code 1",
  });

  const emuView = await w.control<{ follows: { userid: string; tags: string[] }[] }>(
    "GET",
    `/_emulator/corps/${w.corpId}/customers/${externalUserId}`,
  );
  expect(JSON.stringify(emuView.follows.find((f) => f.userid === userid))).toContain(tag.id);
  const rows = await w.siyu.ctx.db
    .selectFrom("follow_tags")
    .selectAll()
    .where("tag_id", "=", tag.id)
    .execute();
  expect(rows).toMatchObject([
    { external_userid: externalUserId, userid, source: "channel", reason: "live code 1" },
  ]);
  const timeline = await w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .selectAll()
    .where("external_userid", "=", externalUserId)
    .execute();
  expect(timeline).toMatchObject([{ kind: "tags.marked", detail: { add: [tag.id], source: "channel" } }]);
});

it("records nothing when WeCom refuses (not that member's customer)", async () => {
  await expect(
    markTags(w.siyu.ctx, {
      corpId: w.corpId,
      userid: "nobody-here",
      externalUserId: "wmNotACustomer",
      add: ["et-unknown"],
      source: "siyu",
    }),
  ).rejects.toMatchObject({ name: "WeComApiError" });
  const n = await w.siyu.ctx.db
    .selectFrom("follow_tags")
    .select((e) => e.fn.countAll().as("n"))
    .executeTakeFirst();
  expect(Number(n?.n)).toBe(1);
});
