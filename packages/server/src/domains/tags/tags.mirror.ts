// Mirrors WeCom corp tags into Siyu: stores groups and tags as WeCom reports them, and (for a full list) marks the
// ones WeCom no longer has as deleted. Used by sync, reconcile and the change_external_tag handlers.
import type { CorpTagGroup } from "@siyu/wecom";
import type { Db } from "../../db/database.ts";

export interface TagDiff {
  kind:
    | "tag_group.added"
    | "tag_group.renamed"
    | "tag_group.deleted"
    | "tag.added"
    | "tag.renamed"
    | "tag.deleted";
  id: string;
  name: string;
  from?: string;
}

const ts = (s: number) => new Date(s * 1000);

/**
 * Upserts the given groups and their tags. With `complete`, any live group or tag not listed is marked deleted
 * (the list is every tag of the corp). Returns what changed.
 */
export async function mirrorTagGroups(
  db: Db,
  corpId: string,
  groups: CorpTagGroup[],
  at: Date,
  opts: { complete: boolean },
): Promise<TagDiff[]> {
  const diffs: TagDiff[] = [];
  const oldGroups = new Map(
    (
      await db
        .selectFrom("tag_groups")
        .select(["group_id", "name", "deleted"])
        .where("corp_id", "=", corpId)
        .execute()
    ).map((g) => [g.group_id, g]),
  );
  const oldTags = new Map(
    (
      await db
        .selectFrom("tags")
        .select(["tag_id", "name", "deleted"])
        .where("corp_id", "=", corpId)
        .execute()
    ).map((t) => [t.tag_id, t]),
  );
  const live = groups.filter((g) => !g.deleted);
  for (const g of live) {
    const old = oldGroups.get(g.group_id);
    if (!old || old.deleted) diffs.push({ kind: "tag_group.added", id: g.group_id, name: g.group_name });
    else if (old.name !== g.group_name)
      diffs.push({ kind: "tag_group.renamed", id: g.group_id, name: g.group_name, from: old.name });
    for (const t of g.tag.filter((t) => !t.deleted)) {
      const ot = oldTags.get(t.id);
      if (!ot || ot.deleted) diffs.push({ kind: "tag.added", id: t.id, name: t.name });
      else if (ot.name !== t.name) diffs.push({ kind: "tag.renamed", id: t.id, name: t.name, from: ot.name });
    }
  }
  if (live.length > 0) {
    await db
      .insertInto("tag_groups")
      .values(
        live.map((g) => ({
          corp_id: corpId,
          group_id: g.group_id,
          name: g.group_name,
          order: g.order,
          created_at: ts(g.create_time),
          deleted: false,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["corp_id", "group_id"]).doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          order: eb.ref("excluded.order"),
          created_at: eb.ref("excluded.created_at"),
          deleted: false,
          updated_at: at,
        })),
      )
      .execute();
  }
  const tagRows = live.flatMap((g) =>
    g.tag
      .filter((t) => !t.deleted)
      .map((t) => ({
        corp_id: corpId,
        tag_id: t.id,
        group_id: g.group_id,
        name: t.name,
        order: t.order,
        created_at: ts(t.create_time),
        deleted: false,
        updated_at: at,
      })),
  );
  for (let i = 0; i < tagRows.length; i += 1000) {
    await db
      .insertInto("tags")
      .values(tagRows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(["corp_id", "tag_id"]).doUpdateSet((eb) => ({
          group_id: eb.ref("excluded.group_id"),
          name: eb.ref("excluded.name"),
          order: eb.ref("excluded.order"),
          created_at: eb.ref("excluded.created_at"),
          deleted: false,
          updated_at: at,
        })),
      )
      .execute();
  }
  // Queried by id, WeCom reports deleted groups and tags with `deleted: true`.
  const deletedGroups = groups.filter((g) => g.deleted).map((g) => g.group_id);
  const deletedTags = groups.flatMap((g) =>
    g.deleted ? [] : g.tag.filter((t) => t.deleted).map((t) => t.id),
  );
  for (const id of deletedGroups) {
    const old = oldGroups.get(id);
    if (old && !old.deleted) diffs.push({ kind: "tag_group.deleted", id, name: old.name });
  }
  for (const id of deletedTags) {
    const old = oldTags.get(id);
    if (old && !old.deleted) diffs.push({ kind: "tag.deleted", id, name: old.name });
  }
  if (deletedGroups.length > 0) await markGroupsDeleted(db, corpId, deletedGroups, at);
  if (deletedTags.length > 0) await markTagsDeleted(db, corpId, deletedTags, at);
  if (opts.complete) {
    const keepGroups = live.map((g) => g.group_id);
    const keepTags = tagRows.map((t) => t.tag_id);
    for (const [id, g] of oldGroups) {
      if (!g.deleted && !keepGroups.includes(id)) diffs.push({ kind: "tag_group.deleted", id, name: g.name });
    }
    const keepTagSet = new Set(keepTags);
    for (const [id, t] of oldTags) {
      if (!t.deleted && !keepTagSet.has(id)) diffs.push({ kind: "tag.deleted", id, name: t.name });
    }
    const deadGroups = diffs.filter((d) => d.kind === "tag_group.deleted").map((d) => d.id);
    const deadTags = diffs.filter((d) => d.kind === "tag.deleted").map((d) => d.id);
    if (deadGroups.length > 0) await markGroupsDeleted(db, corpId, deadGroups, at);
    if (deadTags.length > 0) await markTagsDeleted(db, corpId, deadTags, at);
  }
  return diffs;
}

/** A deleted group takes its tags with it (WeCom fires the delete only for the group). */
export async function markGroupsDeleted(db: Db, corpId: string, groupIds: string[], at: Date): Promise<void> {
  await db
    .updateTable("tag_groups")
    .set({ deleted: true, updated_at: at })
    .where("corp_id", "=", corpId)
    .where("group_id", "in", groupIds)
    .execute();
  const tagIds = (
    await db
      .selectFrom("tags")
      .select("tag_id")
      .where("corp_id", "=", corpId)
      .where("group_id", "in", groupIds)
      .execute()
  ).map((t) => t.tag_id);
  if (tagIds.length > 0) await markTagsDeleted(db, corpId, tagIds, at);
}

/** Deleted tags leave every customer (WeCom removes them from follow relations too). */
export async function markTagsDeleted(db: Db, corpId: string, tagIds: string[], at: Date): Promise<void> {
  await db
    .updateTable("tags")
    .set({ deleted: true, updated_at: at })
    .where("corp_id", "=", corpId)
    .where("tag_id", "in", tagIds)
    .execute();
  await db.deleteFrom("follow_tags").where("corp_id", "=", corpId).where("tag_id", "in", tagIds).execute();
}
