// SQL for live codes, their staff pools, and the per-add records that give loads and daily stats.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { containsPattern } from "../directory/directory.repository.ts";
import type { LiveCodeStaffTable, ScheduleRange } from "./live-codes.tables.ts";

export const codeColumns = [
  "id",
  "corp_id",
  "name",
  "state",
  "config_id",
  "qr_code",
  "strategy",
  "daily_cap",
  "tag_ids",
  "skip_verify",
  "store_name",
  "remark",
  "enabled",
  "tz_offset_minutes",
  "offered_users",
  "sync_needed",
  "next_check_at",
  "synced_at",
  "last_sync_error",
  "created_at",
  "updated_at",
] as const;

export type CodeRow = Awaited<ReturnType<typeof getCode>> & {};

export function getCode(db: Db, corpId: string, id: string) {
  return db
    .selectFrom("live_codes")
    .select(codeColumns)
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function getCodeForUpdate(db: Db, corpId: string, id: string, skipLocked: boolean) {
  const q = db
    .selectFrom("live_codes")
    .select(codeColumns)
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .forUpdate();
  return (skipLocked ? q.skipLocked() : q).executeTakeFirst();
}

export function codeByState(db: Db, corpId: string, state: string) {
  return db
    .selectFrom("live_codes")
    .select(["id", "name", "enabled", "store_name", "tag_ids", "tz_offset_minutes"])
    .where("corp_id", "=", corpId)
    .where("state", "=", state)
    .executeTakeFirst();
}

/** Codes newest first; with `limit`, one keyset page after the code `after` (an id). */
export function listCodes(
  db: Db,
  corpId: string,
  f: {
    q?: string | undefined;
    enabled?: boolean | undefined;
    after?: string | undefined;
    limit?: number;
  } = {},
) {
  let q = db.selectFrom("live_codes").select(codeColumns).where("corp_id", "=", corpId);
  if (f.enabled !== undefined) q = q.where("enabled", "=", f.enabled);
  if (f.q) {
    const pattern = containsPattern(f.q);
    const needle = f.q;
    q = q.where((eb) =>
      eb.or([
        eb("name", "ilike", pattern),
        eb("state", "ilike", pattern),
        eb("remark", "ilike", pattern),
        eb.exists(
          eb
            .selectFrom("live_code_staff as s")
            .select("s.userid")
            .whereRef("s.live_code_id", "=", "live_codes.id")
            .where("s.userid", "=", needle),
        ),
      ]),
    );
  }
  if (f.after) q = q.where("id", "<", f.after);
  q = q.orderBy("id", "desc");
  if (f.limit !== undefined) q = q.limit(f.limit);
  return q.execute();
}

export function stateTaken(db: Db, corpId: string, state: string) {
  return db
    .selectFrom("live_codes")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("state", "=", state)
    .executeTakeFirst();
}

export function staffOf(db: Db, corpId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("live_code_staff")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("live_code_id", "in", ids)
    .orderBy("live_code_id")
    .orderBy("role", "desc") // primary before backup
    .orderBy("position")
    .execute();
}

export async function replaceStaff(
  db: Db,
  corpId: string,
  liveCodeId: string,
  staff: Array<{
    userid: string;
    role: LiveCodeStaffTable["role"];
    weight: number;
    dailyCap: number | null;
    schedule: ScheduleRange[];
  }>,
): Promise<void> {
  await db.deleteFrom("live_code_staff").where("live_code_id", "=", liveCodeId).execute();
  if (staff.length === 0) return;
  await db
    .insertInto("live_code_staff")
    .values(
      staff.map((s, i) => ({
        live_code_id: liveCodeId,
        corp_id: corpId,
        userid: s.userid,
        role: s.role,
        position: i,
        weight: s.weight,
        daily_cap: s.dailyCap,
        schedule: JSON.stringify(s.schedule),
      })),
    )
    .execute();
}

/** Adds through each code on one local day, per staff member. */
export async function addsOnDay(db: Db, corpId: string, ids: string[], day: string) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("live_code_adds")
    .select(["live_code_id", "userid", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("live_code_id", "in", ids)
    .where("day", "=", day)
    .groupBy(["live_code_id", "userid"])
    .execute();
}

export async function deletesOnDay(db: Db, corpId: string, ids: string[], day: string) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("live_code_adds")
    .select(["live_code_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("live_code_id", "in", ids)
    .where("deleted_day", "=", day)
    .groupBy("live_code_id")
    .execute();
}

/**
 * Staff the directory knows cannot take customers (left, disabled, not activated, no customer contact, or
 * gone from the visible range). Members the directory has not seen yet are assumed able. Reads the directory's
 * table directly until that domain exports a service for it.
 */
export async function unableMembers(db: Db, corpId: string, userids: string[]): Promise<Set<string>> {
  if (userids.length === 0) return new Set();
  const rows = await db
    .selectFrom("members")
    .select("userid")
    .where("corp_id", "=", corpId)
    .where("userid", "in", userids)
    .where((eb) =>
      eb.or([eb("status", "!=", 1), eb("removed", "=", true), eb("customer_contact", "=", false)]),
    )
    .execute();
  return new Set(rows.map((r) => r.userid));
}

export async function lastAssigned(db: Db, corpId: string, liveCodeId: string): Promise<string | null> {
  const row = await db
    .selectFrom("live_code_adds")
    .select("userid")
    .where("corp_id", "=", corpId)
    .where("live_code_id", "=", liveCodeId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.userid ?? null;
}

/**
 * Whether this full add confirms a half add (the member accepted a customer who came through the code):
 * the pair's latest open add on the code came from an add_half_external_contact event.
 */
export async function confirmsHalfAdd(
  db: Db,
  r: { corpId: string; liveCodeId: string; userid: string; externalUserId: string },
): Promise<boolean> {
  const open = await db
    .selectFrom("live_code_adds")
    .innerJoin("inbox_events", "inbox_events.id", "live_code_adds.inbox_event_id")
    .select("inbox_events.event_type")
    .where("live_code_adds.corp_id", "=", r.corpId)
    .where("live_code_adds.live_code_id", "=", r.liveCodeId)
    .where("live_code_adds.external_userid", "=", r.externalUserId)
    .where("live_code_adds.userid", "=", r.userid)
    .where("live_code_adds.deleted_at", "is", null)
    .orderBy("live_code_adds.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return open?.event_type === "change_external_contact/add_half_external_contact";
}

export function recordAdd(
  db: Db,
  r: {
    corpId: string;
    liveCodeId: string;
    userid: string;
    externalUserId: string;
    day: string;
    at: Date;
    inboxId: string;
  },
) {
  return db
    .insertInto("live_code_adds")
    .values({
      corp_id: r.corpId,
      live_code_id: r.liveCodeId,
      userid: r.userid,
      external_userid: r.externalUserId,
      day: r.day,
      added_at: r.at,
      inbox_event_id: r.inboxId,
    })
    .onConflict((oc) => oc.column("inbox_event_id").where("inbox_event_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
}

/** The customer deleted the member: the latest open add of that pair counts as deleted on `day`. */
export async function recordDeleteByCustomer(
  db: Db,
  r: { corpId: string; userid: string; externalUserId: string; at: Date; tzDay: (offset: number) => string },
): Promise<void> {
  const open = await db
    .selectFrom("live_code_adds")
    .innerJoin("live_codes", "live_codes.id", "live_code_adds.live_code_id")
    .select(["live_code_adds.id", "live_codes.tz_offset_minutes"])
    .where("live_code_adds.corp_id", "=", r.corpId)
    .where("live_code_adds.external_userid", "=", r.externalUserId)
    .where("live_code_adds.userid", "=", r.userid)
    .where("live_code_adds.deleted_at", "is", null)
    .orderBy("live_code_adds.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!open) return;
  await db
    .updateTable("live_code_adds")
    .set({ deleted_at: r.at, deleted_day: r.tzDay(open.tz_offset_minutes) })
    .where("id", "=", open.id)
    .execute();
}

export function markSyncNeeded(db: Db, corpId: string, id: string) {
  return db
    .updateTable("live_codes")
    .set({ sync_needed: true })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
}

/** A member's restriction was recorded or lifted: every code the member staffs re-routes at once. */
export function markCodesOfMember(db: Db, corpId: string, userid: string) {
  return db
    .updateTable("live_codes")
    .set({ sync_needed: true })
    .where("corp_id", "=", corpId)
    .where("id", "in", (eb) =>
      eb
        .selectFrom("live_code_staff")
        .select("live_code_id")
        .where("corp_id", "=", corpId)
        .where("userid", "=", userid),
    )
    .execute();
}

/** Codes whose routing must be recomputed now (an add happened, or a schedule boundary or midnight passed). */
export function dueCodes(db: Db, now: Date, limit: number) {
  return db
    .selectFrom("live_codes")
    .select(["id", "corp_id"])
    .where("enabled", "=", true)
    .where((eb) => eb.or([eb("sync_needed", "=", true), eb("next_check_at", "<=", now)]))
    .orderBy("next_check_at")
    .limit(limit)
    .execute();
}

export async function dailyStats(db: Db, corpId: string, id: string, from: string, to: string) {
  const adds = await db
    .selectFrom("live_code_adds")
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as("day"), (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("live_code_id", "=", id)
    .where("day", ">=", from)
    .where("day", "<=", to)
    .groupBy("day")
    .execute();
  const deletes = await db
    .selectFrom("live_code_adds")
    .select([
      sql<string>`to_char(deleted_day, 'YYYY-MM-DD')`.as("day"),
      (eb) => eb.fn.countAll<string>().as("n"),
    ])
    .where("corp_id", "=", corpId)
    .where("live_code_id", "=", id)
    .where("deleted_day", ">=", from)
    .where("deleted_day", "<=", to)
    .groupBy("deleted_day")
    .execute();
  const byStaff = await db
    .selectFrom("live_code_adds")
    .select([
      "userid",
      (eb) => eb.fn.countAll<string>().as("adds"),
      sql<string>`count(*) filter (where deleted_day between ${from}::date and ${to}::date)`.as("deletes"),
    ])
    .where("corp_id", "=", corpId)
    .where("live_code_id", "=", id)
    .where("day", ">=", from)
    .where("day", "<=", to)
    .groupBy("userid")
    .orderBy("userid")
    .execute();
  return { adds, deletes, byStaff };
}
