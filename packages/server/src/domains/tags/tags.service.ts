// Tag operations: marking tags on a member's customer (WeCom mark_tag + Siyu's record), and corp tag management
// mirrored to WeCom (add/edit/del_corp_tag; the API fires no callback, so Siyu records the result itself).
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { addTimeline, applyFollowTags, withTransaction } from "./follow-tags.repository.ts";
import { markGroupsDeleted, markTagsDeleted, mirrorTagGroups } from "./tags.mirror.ts";

export interface MarkTagsInput {
  corpId: string;
  /** The member whose customer is tagged (WeCom tags live on the follow relation). */
  userid: string;
  externalUserId: string;
  /** Corp tag ids to add. */
  add: string[];
  /** Corp tag ids to remove. */
  remove?: string[];
  /** Who asked: an operator in Siyu, a channel code, or an auto-tag rule. */
  source: "siyu" | "channel" | "rule";
  /** Free text shown on the timeline, e.g. the live code's name. */
  reason?: string;
}

/**
 * Tags a customer in WeCom (`mark_tag`, which fires no callback), then records the tags on the follow relation
 * and a `tags.marked` timeline entry. Throws the WeComApiError when WeCom refuses (e.g. 84061 not a customer of
 * that member, 40068 unknown tag); nothing is recorded then.
 */
export async function markTags(ctx: Ctx, input: MarkTagsInput): Promise<void> {
  const add = [...new Set(input.add)];
  const remove = [...new Set(input.remove ?? [])].filter((t) => !add.includes(t));
  if (add.length === 0 && remove.length === 0) return;
  const client = await ctx.wecom.forCorp(ctx, input.corpId);
  await client.corpTags.markTag({
    userid: input.userid,
    external_userid: input.externalUserId,
    ...(add.length > 0 ? { add_tag: add } : {}),
    ...(remove.length > 0 ? { remove_tag: remove } : {}),
  });
  const at = nowDate(ctx.clock);
  const reason = input.reason ?? null;
  await withTransaction(ctx.db, async (trx) => {
    await applyFollowTags(trx, {
      corpId: input.corpId,
      externalUserId: input.externalUserId,
      userid: input.userid,
      add,
      remove,
      source: input.source,
      reason,
      at,
    });
    await addTimeline(trx, {
      corpId: input.corpId,
      externalUserId: input.externalUserId,
      userid: input.userid,
      kind: "tags.marked",
      detail: { add, remove, source: input.source, reason },
      at,
    });
  });
}

/** WeCom's refusals as typed Siyu errors with the errcode in details. */
async function wecom<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WeComApiError) {
      if (err.errcode === 40068) throw new AppError("TAG_NOT_FOUND", "WeCom does not know this tag or group");
      const hint =
        err.errcode === 40071
          ? "a tag or group with this name already exists"
          : err.errcode === 48002
            ? "WeCom lets an app edit only the tags it created"
            : err.errcode === 40126
              ? "the corp already has 3,000 tags"
              : `WeCom refused the change (errcode ${err.errcode})`;
      throw new AppError("WECOM_REFUSED", hint, { errcode: err.errcode });
    }
    throw err;
  }
}

export async function listTagGroups(ctx: Ctx, corpId: string) {
  const groups = await ctx.db
    .selectFrom("tag_groups")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("deleted", "=", false)
    .orderBy("order", "desc")
    .orderBy("created_at")
    .execute();
  const tags = await ctx.db
    .selectFrom("tags")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("deleted", "=", false)
    .orderBy("order", "desc")
    .orderBy("created_at")
    .execute();
  const counts = new Map(
    (
      await ctx.db
        .selectFrom("follow_tags")
        .select(["tag_id", (eb) => eb.fn.count<string>("external_userid").distinct().as("n")])
        .where("corp_id", "=", corpId)
        .groupBy("tag_id")
        .execute()
    ).map((c) => [c.tag_id, Number(c.n)]),
  );
  return groups.map((g) => ({
    id: g.group_id,
    name: g.name,
    order: Number(g.order),
    tags: tags
      .filter((t) => t.group_id === g.group_id)
      .map((t) => ({
        id: t.tag_id,
        name: t.name,
        order: Number(t.order),
        customers: counts.get(t.tag_id) ?? 0,
      })),
  }));
}

export async function createTags(
  ctx: Ctx,
  corpId: string,
  input: { groupId?: string; groupName?: string; order?: number; tags: { name: string; order?: number }[] },
) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const { tag_group } = await wecom(() =>
    client.corpTags.add({
      ...(input.groupId ? { group_id: input.groupId } : { group_name: input.groupName }),
      ...(input.order === undefined ? {} : { order: input.order }),
      tag: input.tags,
    }),
  );
  // add_corp_tag returns the group with only the new tags: mirror just those.
  await ctx.db
    .transaction()
    .execute((trx) => mirrorTagGroups(trx, corpId, [tag_group], nowDate(ctx.clock), { complete: false }));
  const groups = await listTagGroups(ctx, corpId);
  return groups.find((g) => g.id === tag_group.group_id)!;
}

async function kindOf(ctx: Ctx, corpId: string, id: string): Promise<"tag" | "group"> {
  const group = await ctx.db
    .selectFrom("tag_groups")
    .select("group_id")
    .where("corp_id", "=", corpId)
    .where("group_id", "=", id)
    .where("deleted", "=", false)
    .executeTakeFirst();
  if (group) return "group";
  const tag = await ctx.db
    .selectFrom("tags")
    .select("tag_id")
    .where("corp_id", "=", corpId)
    .where("tag_id", "=", id)
    .where("deleted", "=", false)
    .executeTakeFirst();
  if (tag) return "tag";
  throw new AppError("TAG_NOT_FOUND", `no tag or tag group ${id}`);
}

export async function editTag(
  ctx: Ctx,
  corpId: string,
  id: string,
  input: { name?: string; order?: number },
) {
  const kind = await kindOf(ctx, corpId, id);
  const client = await ctx.wecom.forCorp(ctx, corpId);
  await wecom(() => client.corpTags.edit({ id, ...input }));
  const at = nowDate(ctx.clock);
  const set = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.order === undefined ? {} : { order: input.order }),
    updated_at: at,
  };
  if (kind === "group") {
    await ctx.db
      .updateTable("tag_groups")
      .set(set)
      .where("corp_id", "=", corpId)
      .where("group_id", "=", id)
      .execute();
  } else {
    await ctx.db
      .updateTable("tags")
      .set(set)
      .where("corp_id", "=", corpId)
      .where("tag_id", "=", id)
      .execute();
  }
  return listTagGroups(ctx, corpId);
}

export async function deleteTag(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const kind = await kindOf(ctx, corpId, id);
  const client = await ctx.wecom.forCorp(ctx, corpId);
  await wecom(() => client.corpTags.del(kind === "group" ? { group_id: [id] } : { tag_id: [id] }));
  const at = nowDate(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    if (kind === "group") await markGroupsDeleted(trx, corpId, [id], at);
    else {
      const tag = await trx
        .selectFrom("tags")
        .select("group_id")
        .where("corp_id", "=", corpId)
        .where("tag_id", "=", id)
        .executeTakeFirstOrThrow();
      await markTagsDeleted(trx, corpId, [id], at);
      // Deleting a group's last tag deletes the group (WeCom).
      const left = await trx
        .selectFrom("tags")
        .select("tag_id")
        .where("corp_id", "=", corpId)
        .where("group_id", "=", tag.group_id)
        .where("deleted", "=", false)
        .executeTakeFirst();
      if (!left) await markGroupsDeleted(trx, corpId, [tag.group_id], at);
    }
  });
}
