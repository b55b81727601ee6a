// SQL for saved segments, their count history, and the customer cards shown in samples and member pages.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { SegmentCountSource } from "./saved-segments.tables.ts";
import type { SegmentExpr } from "./segments.ast.ts";

export interface SavedSegmentRow {
  id: string;
  corp_id: string;
  name: string;
  description: string | null;
  expr: SegmentExpr;
  created_by: string | null;
  last_counted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  last_count: string | null;
}

const lastCount = sql<string | null>`(select sc.count from segment_counts sc
  where sc.corp_id = s.corp_id and sc.segment_id = s.id order by sc.counted_at desc, sc.id desc limit 1)`;

export async function listSaved(db: Db, corpId: string): Promise<SavedSegmentRow[]> {
  return db
    .selectFrom("saved_segments as s")
    .selectAll("s")
    .select(lastCount.as("last_count"))
    .where("s.corp_id", "=", corpId)
    .orderBy("s.name")
    .execute();
}

export async function findSaved(db: Db, corpId: string, id: string): Promise<SavedSegmentRow | undefined> {
  return db
    .selectFrom("saved_segments as s")
    .selectAll("s")
    .select(lastCount.as("last_count"))
    .where("s.corp_id", "=", corpId)
    .where("s.id", "=", id)
    .executeTakeFirst();
}

export async function nameTaken(db: Db, corpId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("saved_segments").select("id").where("corp_id", "=", corpId).where("name", "=", name);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertSaved(
  db: Db,
  row: {
    corpId: string;
    name: string;
    description: string | null;
    expr: SegmentExpr;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await db
    .insertInto("saved_segments")
    .values({
      corp_id: row.corpId,
      name: row.name,
      description: row.description,
      expr: JSON.stringify(row.expr),
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateSaved(
  db: Db,
  corpId: string,
  id: string,
  row: { name: string; description: string | null; expr: SegmentExpr; now: Date },
): Promise<boolean> {
  const r = await db
    .updateTable("saved_segments")
    .set({
      name: row.name,
      description: row.description,
      expr: JSON.stringify(row.expr),
      updated_at: row.now,
    })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteSaved(db: Db, corpId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom("saved_segments")
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function recordCount(
  db: Db,
  corpId: string,
  segmentId: string,
  count: number,
  source: SegmentCountSource,
  tookMs: number,
  at: Date,
): Promise<void> {
  await db
    .insertInto("segment_counts")
    .values({ corp_id: corpId, segment_id: segmentId, count, source, took_ms: tookMs, counted_at: at })
    .execute();
  await db
    .updateTable("saved_segments")
    .set({ last_counted_at: at })
    .where("corp_id", "=", corpId)
    .where("id", "=", segmentId)
    .execute();
}

export async function countHistory(db: Db, corpId: string, segmentId: string, limit: number) {
  const rows = await db
    .selectFrom("segment_counts")
    .select(["count", "source", "took_ms", "counted_at"])
    .where("corp_id", "=", corpId)
    .where("segment_id", "=", segmentId)
    .orderBy("counted_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Saved segments whose last count is older than `before` (or never counted), oldest first. */
export async function dueForCount(db: Db, before: Date, limit: number) {
  return db
    .selectFrom("saved_segments")
    .select(["id", "corp_id", "expr"])
    .where((eb) => eb.or([eb("last_counted_at", "is", null), eb("last_counted_at", "<", before)]))
    .orderBy(sql`last_counted_at nulls first`)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export interface CustomerCard {
  id: string;
  name: string;
  avatar: string | null;
  owner: { userid: string; name: string } | null;
  tags: Array<{ id: string; name: string }>;
}

/** Cards for customers (in the given id order), their owner the earliest active relation (within `userid` if set). */
export async function customerCards(
  db: Db,
  corpId: string,
  ids: string[],
  userid?: string,
): Promise<CustomerCard[]> {
  if (ids.length === 0) return [];
  const scope = userid === undefined ? sql`true` : sql`fr.userid = ${userid}`;
  const r = await sql<{
    id: string;
    name: string;
    avatar: string | null;
    owner_userid: string | null;
    owner_name: string | null;
    tags: Array<{ id: string; name: string }> | null;
  }>`select c.id, c.name, c.avatar, o.userid as owner_userid, coalesce(nullif(m.name, ''), o.userid) as owner_name,
      (select json_agg(json_build_object('id', t.tag_id, 'name', t.name) order by t.name)
         from (select distinct t.tag_id, t.name from follow_tags ft
           join follow_relations fr on fr.corp_id = ft.corp_id and fr.external_userid = ft.external_userid
             and fr.userid = ft.userid and fr.status in ('active', 'pending')
           join tags t on t.corp_id = ft.corp_id and t.tag_id = ft.tag_id and not t.deleted
           where ft.corp_id = c.corp_id and ft.external_userid = c.external_userid and ${scope}) t) as tags
    from customers c
    left join lateral (select fr.userid from follow_relations fr
      where fr.corp_id = c.corp_id and fr.external_userid = c.external_userid and fr.status in ('active', 'pending')
        and ${scope}
      order by fr.added_at nulls last, fr.userid limit 1) o on true
    left join members m on m.corp_id = c.corp_id and m.userid = o.userid
    where c.corp_id = ${corpId} and c.id = any(${ids}::bigint[])`.execute(db);
  const byId = new Map(r.rows.map((row) => [String(row.id), row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id,
        name: row.name,
        avatar: row.avatar,
        owner: row.owner_userid
          ? { userid: row.owner_userid, name: row.owner_name ?? row.owner_userid }
          : null,
        tags: row.tags ?? [],
      },
    ];
  });
}
