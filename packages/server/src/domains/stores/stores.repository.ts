// SQL for stores, their staff and groups, store codes, and the rows the store-code handlers record.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export const storeColumns = [
  "id",
  "corp_id",
  "name",
  "city",
  "district",
  "address",
  "phone",
  "lat",
  "lng",
  "open_hours",
  "tz_offset_minutes",
  "status",
  "state",
  "config_id",
  "qr_code",
  "join_state",
  "join_config_id",
  "join_qr_code",
  "sync_error",
  "synced_at",
  "created_at",
  "updated_at",
] as const;

export type StoreRow = NonNullable<Awaited<ReturnType<typeof getStore>>>;

export function getStore(db: Db, corpId: string, id: string, forUpdate = false) {
  const q = db.selectFrom("stores").select(storeColumns).where("corp_id", "=", corpId).where("id", "=", id);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export function listStores(
  db: Db,
  corpId: string,
  f: { q?: string | undefined; city?: string | undefined; status?: "open" | "closed" | undefined } = {},
) {
  let q = db.selectFrom("stores").select(storeColumns).where("corp_id", "=", corpId);
  if (f.city) q = q.where("city", "=", f.city);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("name", "ilike", like),
        eb("city", "ilike", like),
        eb("district", "ilike", like),
        eb("address", "ilike", like),
      ]),
    );
  }
  return q.orderBy("city").orderBy("name").orderBy("id").execute();
}

export function storesByIds(db: Db, corpId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("stores")
    .select(storeColumns)
    .where("corp_id", "=", corpId)
    .where("id", "in", ids)
    .execute();
}

export async function nameTaken(db: Db, corpId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("stores").select("id").where("corp_id", "=", corpId).where("name", "=", name);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export function staffOf(db: Db, corpId: string, storeIds: string[]) {
  if (storeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("store_staff as s")
    .leftJoin("members as m", (j) =>
      j.onRef("m.corp_id", "=", "s.corp_id").onRef("m.userid", "=", "s.userid"),
    )
    .select(["s.store_id", "s.userid", "m.name"])
    .where("s.corp_id", "=", corpId)
    .where("s.store_id", "in", storeIds)
    .orderBy("s.store_id")
    .orderBy("s.position")
    .execute();
}

export function groupsOf(db: Db, corpId: string, storeIds: string[]) {
  if (storeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("store_groups as g")
    .leftJoin("customer_groups as c", (j) =>
      j.onRef("c.corp_id", "=", "g.corp_id").onRef("c.chat_id", "=", "g.chat_id"),
    )
    .select(["g.store_id", "g.chat_id", "c.name", "c.member_count", "c.dismissed_at"])
    .where("g.corp_id", "=", corpId)
    .where("g.store_id", "in", storeIds)
    .orderBy("g.store_id")
    .orderBy("g.position")
    .execute();
}

export async function customerCounts(
  db: Db,
  corpId: string,
  storeIds: string[],
): Promise<Map<string, number>> {
  if (storeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("customer_stores")
    .select(["store_id", sql<string>`count(*)`.as("n")])
    .where("corp_id", "=", corpId)
    .where("store_id", "in", storeIds)
    .groupBy("store_id")
    .execute();
  return new Map(rows.map((r) => [String(r.store_id), Number(r.n)]));
}

export async function replaceStaff(db: Db, corpId: string, storeId: string, userids: string[]) {
  await db.deleteFrom("store_staff").where("corp_id", "=", corpId).where("store_id", "=", storeId).execute();
  if (userids.length === 0) return;
  await db
    .insertInto("store_staff")
    .values(userids.map((userid, position) => ({ corp_id: corpId, store_id: storeId, userid, position })))
    .execute();
}

export async function replaceGroups(db: Db, corpId: string, storeId: string, chatIds: string[]) {
  await db.deleteFrom("store_groups").where("corp_id", "=", corpId).where("store_id", "=", storeId).execute();
  if (chatIds.length === 0) return;
  await db
    .insertInto("store_groups")
    .values(chatIds.map((chat_id, position) => ({ corp_id: corpId, store_id: storeId, chat_id, position })))
    .execute();
}

/** Of `userids`, those that are not current members of the corp able to take customers. */
export async function unknownMembers(db: Db, corpId: string, userids: string[]): Promise<Set<string>> {
  if (userids.length === 0) return new Set();
  const rows = await db
    .selectFrom("members")
    .select("userid")
    .where("corp_id", "=", corpId)
    .where("userid", "in", userids)
    .where("removed", "=", false)
    .execute();
  const known = new Set(rows.map((r) => r.userid));
  return new Set(userids.filter((u) => !known.has(u)));
}

/** Of `chatIds`, those that are not live customer groups of the corp. */
export async function unknownGroups(db: Db, corpId: string, chatIds: string[]): Promise<Set<string>> {
  if (chatIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("customer_groups")
    .select("chat_id")
    .where("corp_id", "=", corpId)
    .where("chat_id", "in", chatIds)
    .where("dismissed_at", "is", null)
    .execute();
  const known = new Set(rows.map((r) => r.chat_id));
  return new Set(chatIds.filter((c) => !known.has(c)));
}

export function storeByState(db: Db, corpId: string, state: string) {
  return db
    .selectFrom("stores")
    .select(["id", "name", "city", "tz_offset_minutes"])
    .where("corp_id", "=", corpId)
    .where("state", "=", state)
    .executeTakeFirst();
}

export function storeOfChat(db: Db, corpId: string, chatId: string) {
  return db
    .selectFrom("store_groups as g")
    .innerJoin("stores as s", "s.id", "g.store_id")
    .select(["s.id", "s.name", "s.tz_offset_minutes"])
    .where("g.corp_id", "=", corpId)
    .where("g.chat_id", "=", chatId)
    .orderBy("s.id")
    .executeTakeFirst();
}

export function customerIdOf(db: Db, corpId: string, externalUserId: string) {
  return db
    .selectFrom("customers")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserId)
    .executeTakeFirst();
}

// Store codes

export const codeColumns = [
  "id",
  "corp_id",
  "name",
  "slug",
  "title",
  "all_stores",
  "enabled",
  "created_at",
  "updated_at",
] as const;

export type CodeRow = NonNullable<Awaited<ReturnType<typeof getCode>>>;

export function getCode(db: Db, corpId: string, id: string) {
  return db
    .selectFrom("store_codes")
    .select(codeColumns)
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function codeBySlug(db: Db, slug: string) {
  return db.selectFrom("store_codes").select(codeColumns).where("slug", "=", slug).executeTakeFirst();
}

export function listCodes(db: Db, corpId: string) {
  return db
    .selectFrom("store_codes")
    .select(codeColumns)
    .where("corp_id", "=", corpId)
    .orderBy("id")
    .execute();
}

export async function codeStoreIds(
  db: Db,
  corpId: string,
  codeIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (codeIds.length === 0) return out;
  const rows = await db
    .selectFrom("store_code_stores")
    .select(["store_code_id", "store_id"])
    .where("corp_id", "=", corpId)
    .where("store_code_id", "in", codeIds)
    .orderBy("store_id")
    .execute();
  for (const r of rows) {
    const key = String(r.store_code_id);
    out.set(key, [...(out.get(key) ?? []), String(r.store_id)]);
  }
  return out;
}

export async function setCodeStores(db: Db, corpId: string, codeId: string, storeIds: string[]) {
  await db
    .deleteFrom("store_code_stores")
    .where("corp_id", "=", corpId)
    .where("store_code_id", "=", codeId)
    .execute();
  if (storeIds.length === 0) return;
  await db
    .insertInto("store_code_stores")
    .values(storeIds.map((store_id) => ({ corp_id: corpId, store_code_id: codeId, store_id })))
    .execute();
}

export async function visitCounts(db: Db, corpId: string, codeIds: string[]): Promise<Map<string, number>> {
  if (codeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("store_code_visits")
    .select(["store_code_id", sql<string>`count(*)`.as("n")])
    .where("corp_id", "=", corpId)
    .where("store_code_id", "in", codeIds)
    .groupBy("store_code_id")
    .execute();
  return new Map(rows.map((r) => [String(r.store_code_id), Number(r.n)]));
}

/** The stores a code routes to (all the corp's, or its list), with their staff QR state. */
export function codeStores(db: Db, code: CodeRow) {
  let q = db.selectFrom("stores").select(storeColumns).where("corp_id", "=", code.corp_id);
  if (!code.all_stores) {
    q = q.where("id", "in", (eb) =>
      eb
        .selectFrom("store_code_stores")
        .select("store_id")
        .where("corp_id", "=", code.corp_id)
        .where("store_code_id", "=", code.id),
    );
  }
  return q.orderBy("id").execute();
}
