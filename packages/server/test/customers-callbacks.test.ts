// change_external_contact and change_external_chat callbacks keep customers, relations and groups current;
// details come from the refresh worker (externalcontact/get outside the inbox transaction).
import { afterAll, beforeAll, expect, it } from "vitest";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 40 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
});
afterAll(() => w.stop());

const db = () => w.siyu.ctx.db;
async function someRelation() {
  return db()
    .selectFrom("follow_relations")
    .selectAll()
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .orderBy("external_userid")
    .executeTakeFirstOrThrow();
}

it("a customer deleting the staff member shows on the timeline and in the relation", async () => {
  const rel = await someRelation();
  await w.people("customer-deletes-member", { userid: rel.userid, externalUserId: rel.external_userid });
  await w.settle();
  const timeline = await db()
    .selectFrom("contact_timeline")
    .selectAll()
    .where("external_userid", "=", rel.external_userid)
    .execute();
  expect(timeline.map((t) => [t.kind, t.userid])).toContainEqual(["customer.deleted_member", rel.userid]);
  const after = await db()
    .selectFrom("follow_relations")
    .select("status")
    .where("external_userid", "=", rel.external_userid)
    .where("userid", "=", rel.userid)
    .executeTakeFirstOrThrow();
  expect(after.status).toBe("deleted_by_customer");
});

it("a new customer added by a member is fetched with name, phone, add way and state", async () => {
  const member = (await someRelation()).userid;
  const added = await w.people<{ externalUserId: string }>("add-customer", {
    userid: member,
    customer: { name: "新客户王五", mobile: "13800001111" },
    state: "ch-spring",
    addWay: 1,
  });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const c = await db()
    .selectFrom("customers")
    .selectAll()
    .where("external_userid", "=", added.externalUserId)
    .executeTakeFirstOrThrow();
  expect(c).toMatchObject({ name: "新客户王五", needs_refresh: false });
  const rel = await db()
    .selectFrom("follow_relations")
    .selectAll()
    .where("external_userid", "=", added.externalUserId)
    .executeTakeFirstOrThrow();
  expect(rel).toMatchObject({ userid: member, status: "active", state: "ch-spring", add_way: 1 });
});

it("an edit by the member (remark, tags) is fetched into the relation", async () => {
  const rel = await db()
    .selectFrom("follow_relations")
    .selectAll()
    .where("corp_id", "=", w.corpId)
    .where("status", "=", "active")
    .orderBy("external_userid", "desc")
    .executeTakeFirstOrThrow();
  const tag = await db()
    .selectFrom("tags")
    .select("tag_id")
    .where("deleted", "=", false)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("follow_tags as ft")
            .select("ft.tag_id")
            .whereRef("ft.tag_id", "=", "tags.tag_id")
            .where("ft.external_userid", "=", rel.external_userid)
            .where("ft.userid", "=", rel.userid),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  await w.people("member-edits-customer", {
    userid: rel.userid,
    externalUserId: rel.external_userid,
    remark: "老客户",
    addTags: [tag.tag_id],
  });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const after = await db()
    .selectFrom("follow_relations")
    .select("remark")
    .where("external_userid", "=", rel.external_userid)
    .where("userid", "=", rel.userid)
    .executeTakeFirstOrThrow();
  expect(after.remark).toBe("老客户");
  const tags = await db()
    .selectFrom("follow_tags")
    .select("tag_id")
    .where("external_userid", "=", rel.external_userid)
    .where("userid", "=", rel.userid)
    .execute();
  expect(tags.map((t) => t.tag_id)).toContain(tag.tag_id);
  const timeline = await db()
    .selectFrom("contact_timeline")
    .select(["kind", "detail"])
    .where("external_userid", "=", rel.external_userid)
    .where("kind", "=", "tags.changed")
    .execute();
  expect(timeline).toEqual([
    { kind: "tags.changed", detail: { add: [tag.tag_id], remove: [], source: "wecom" } },
  ]);
});

it("groups: created, renamed and dismissed in WeCom", async () => {
  const owner = (await someRelation()).userid;
  const { chatId } = await w.people<{ chatId: string }>("create-group", { owner, name: "新群" });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const g = () =>
    db().selectFrom("customer_groups").selectAll().where("chat_id", "=", chatId).executeTakeFirstOrThrow();
  expect(await g()).toMatchObject({ name: "新群", owner, dismissed_at: null });
  await w.people("rename-group", { chatId, name: "改名群" });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  expect((await g()).name).toBe("改名群");
  await w.people("dismiss-group", { chatId });
  await w.settle();
  expect((await g()).dismissed_at).not.toBeNull();
});
