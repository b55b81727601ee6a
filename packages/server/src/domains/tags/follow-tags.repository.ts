// SQL for tags on follow relations (follow_tags) and the timeline entries that record tag changes.
import type { Db } from "../../db/database.ts";
import type { TagSource } from "./tags.tables.ts";

/** Runs `fn` in a transaction, or directly in the caller's when `db` already is one (inbox handlers). */
export function withTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export async function applyFollowTags(
  db: Db,
  r: {
    corpId: string;
    externalUserId: string;
    userid: string;
    add: string[];
    remove: string[];
    source: TagSource;
    reason: string | null;
    at: Date;
  },
): Promise<void> {
  if (r.add.length > 0) {
    await db
      .insertInto("follow_tags")
      .values(
        r.add.map((tagId) => ({
          corp_id: r.corpId,
          external_userid: r.externalUserId,
          userid: r.userid,
          tag_id: tagId,
          source: r.source,
          reason: r.reason,
          applied_at: r.at,
        })),
      )
      .onConflict((oc) => oc.columns(["corp_id", "external_userid", "userid", "tag_id"]).doNothing())
      .execute();
  }
  if (r.remove.length > 0) {
    await db
      .deleteFrom("follow_tags")
      .where("corp_id", "=", r.corpId)
      .where("external_userid", "=", r.externalUserId)
      .where("userid", "=", r.userid)
      .where("tag_id", "in", r.remove)
      .execute();
  }
}

export async function addTimeline(
  db: Db,
  e: {
    corpId: string;
    externalUserId: string;
    userid: string | null;
    kind: string;
    detail: Record<string, unknown>;
    at: Date;
    inboxId?: string | null;
  },
): Promise<void> {
  await db
    .insertInto("contact_timeline")
    .values({
      corp_id: e.corpId,
      external_userid: e.externalUserId,
      userid: e.userid,
      kind: e.kind,
      detail: JSON.stringify(e.detail),
      occurred_at: e.at,
      inbox_event_id: e.inboxId ?? null,
    })
    .execute();
}
