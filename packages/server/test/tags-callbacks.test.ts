// Tag edits made in WeCom's admin console arrive as change_external_tag callbacks and are mirrored in Siyu.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 40 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
});
afterAll(() => w.stop());

const tagRow = (tagId: string) =>
  w.siyu.ctx.db
    .selectFrom("tags")
    .selectAll()
    .where("corp_id", "=", w.corpId)
    .where("tag_id", "=", tagId)
    .executeTakeFirst();

it("a tag renamed in WeCom is renamed in Siyu", async () => {
  const tag = await w.siyu.ctx.db
    .selectFrom("tags")
    .selectAll()
    .where("deleted", "=", false)
    .executeTakeFirstOrThrow();
  await w.people("admin-update-tag", { id: tag.tag_id, name: "重命名标签" });
  await w.settle();
  expect((await tagRow(tag.tag_id))?.name).toBe("重命名标签");
});

it("a group created in WeCom appears with its tags; deleting the group deletes its tags and their use", async () => {
  const created = await w.people<{ group?: { id: string } }>("admin-create-tags", {
    groupName: "新分组",
    tags: ["甲", "乙"],
  });
  await w.settle();
  const group = await w.siyu.ctx.db
    .selectFrom("tag_groups")
    .selectAll()
    .where("name", "=", "新分组")
    .executeTakeFirstOrThrow();
  const tags = await w.siyu.ctx.db
    .selectFrom("tags")
    .selectAll()
    .where("group_id", "=", group.group_id)
    .execute();
  expect(tags.map((t) => t.name).sort()).toEqual(["乙", "甲"]);
  void created;

  await w.people("admin-delete-tag", { id: group.group_id });
  await w.settle();
  const after = await w.siyu.ctx.db
    .selectFrom("tags")
    .selectAll()
    .where("group_id", "=", group.group_id)
    .execute();
  expect(after.every((t) => t.deleted)).toBe(true);
  expect(
    (
      await w.siyu.ctx.db
        .selectFrom("tag_groups")
        .selectAll()
        .where("group_id", "=", group.group_id)
        .executeTakeFirst()
    )?.deleted,
  ).toBe(true);
});

it("a shuffle of all groups updates every order", async () => {
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  await w.people("admin-shuffle-tags", {});
  await w.settle();
  const { tag_group } = await client.corpTags.list();
  for (const g of tag_group) {
    for (const t of g.tag) expect(Number((await tagRow(t.id))?.order)).toBe(t.order);
  }
});
