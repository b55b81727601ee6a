// SQL for group live codes: codes, the groups each code fills, and joins through codes (all filtered by corp).
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type GroupCodeRow = Awaited<ReturnType<typeof codeById>> & {};

export function codeById(db: Db, corpId: string, id: string) {
  return db
    .selectFrom("group_codes")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listCodes(db: Db, corpId: string) {
  return db
    .selectFrom("group_codes")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .execute();
}

export async function stateTaken(db: Db, corpId: string, state: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("group_codes").select("id").where("corp_id", "=", corpId).where("state", "=", state);
  if (exceptId) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export function chatsOf(db: Db, corpId: string, codeIds: string[]) {
  if (codeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("group_code_chats")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("group_code_id", "in", codeIds)
    .orderBy("position")
    .execute();
}

/** Sets a code's group list: keeps rows of groups still listed, adds new ones with `origin`. */
export async function setChats(
  db: Db,
  corpId: string,
  codeId: string,
  chatIds: string[],
  origin: "configured" | "auto",
  at: Date,
  day: string,
): Promise<string[]> {
  const existing = await chatsOf(db, corpId, [codeId]);
  const known = new Set(existing.map((c) => c.chat_id));
  if (chatIds.length === 0) {
    await db.deleteFrom("group_code_chats").where("group_code_id", "=", codeId).execute();
  } else {
    await db
      .deleteFrom("group_code_chats")
      .where("group_code_id", "=", codeId)
      .where("chat_id", "not in", chatIds)
      .execute();
  }
  const added: string[] = [];
  for (const [position, chatId] of chatIds.entries()) {
    if (known.has(chatId)) {
      await db
        .updateTable("group_code_chats")
        .set({ position })
        .where("group_code_id", "=", codeId)
        .where("chat_id", "=", chatId)
        .execute();
    } else {
      added.push(chatId);
      await db
        .insertInto("group_code_chats")
        .values({
          group_code_id: codeId,
          corp_id: corpId,
          chat_id: chatId,
          position,
          origin,
          added_at: at,
          added_day: day,
        })
        .execute();
    }
  }
  return added;
}

/** The code that lists a chat (the oldest one when several codes share a group). */
export function codeOfChat(db: Db, corpId: string, chatId: string) {
  return db
    .selectFrom("group_code_chats")
    .select("group_code_id")
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", chatId)
    .orderBy("group_code_id")
    .executeTakeFirst();
}

export async function recordJoin(
  db: Db,
  j: {
    corpId: string;
    codeId: string | null;
    chatId: string;
    externalUserId: string;
    at: Date;
    inboxId: string;
  },
): Promise<void> {
  const open = await db
    .selectFrom("group_code_joins")
    .select("id")
    .where("corp_id", "=", j.corpId)
    .where("chat_id", "=", j.chatId)
    .where("external_userid", "=", j.externalUserId)
    .where("left_at", "is", null)
    .executeTakeFirst();
  if (open) return;
  await db
    .insertInto("group_code_joins")
    .values({
      corp_id: j.corpId,
      group_code_id: j.codeId,
      chat_id: j.chatId,
      external_userid: j.externalUserId,
      joined_at: j.at,
      inbox_event_id: j.inboxId,
    })
    .execute();
}

export async function recordLeaves(
  db: Db,
  corpId: string,
  chatId: string,
  externalUserIds: string[],
  at: Date,
): Promise<void> {
  if (externalUserIds.length === 0) return;
  await db
    .updateTable("group_code_joins")
    .set({ left_at: at })
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", chatId)
    .where("external_userid", "in", externalUserIds)
    .where("left_at", "is", null)
    .execute();
}

/** Codes that may have gained a group WeCom created: their join way is read again outside the transaction. */
export async function markAutoCreateCodes(db: Db, corpId: string): Promise<void> {
  await db
    .updateTable("group_codes")
    .set({ refresh_needed: true })
    .where("corp_id", "=", corpId)
    .where("auto_create_room", "=", true)
    .where("refresh_needed", "=", false)
    .execute();
}

export async function attributeJoins(
  db: Db,
  corpId: string,
  codeId: string,
  chatIds: string[],
): Promise<void> {
  if (chatIds.length === 0) return;
  await db
    .updateTable("group_code_joins")
    .set({ group_code_id: codeId })
    .where("corp_id", "=", corpId)
    .where("chat_id", "in", chatIds)
    .where("group_code_id", "is", null)
    .execute();
}

export async function joinTotals(db: Db, corpId: string, codeIds: string[]) {
  if (codeIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom("group_code_joins")
    .select(["group_code_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("group_code_id", "in", codeIds)
    .groupBy("group_code_id")
    .execute();
  return new Map(rows.map((r) => [String(r.group_code_id), Number(r.n)]));
}

const localDay = (col: string, tz: number) =>
  sql<string>`to_char((${sql.ref(col)} at time zone 'UTC') + make_interval(mins => ${tz}), 'YYYY-MM-DD')`;

export async function dailyCounts(db: Db, corpId: string, codeId: string, tz: number) {
  const joins = await db
    .selectFrom("group_code_joins")
    .select([localDay("joined_at", tz).as("day"), (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("group_code_id", "=", codeId)
    .groupBy(sql`1`)
    .execute();
  const leaves = await db
    .selectFrom("group_code_joins")
    .select([localDay("left_at", tz).as("day"), (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("group_code_id", "=", codeId)
    .where("left_at", "is not", null)
    .groupBy(sql`1`)
    .execute();
  const created = await db
    .selectFrom("group_code_chats")
    .select([
      sql<string>`to_char(added_day, 'YYYY-MM-DD')`.as("day"),
      (eb) => eb.fn.countAll<string>().as("n"),
    ])
    .where("corp_id", "=", corpId)
    .where("group_code_id", "=", codeId)
    .where("origin", "=", "auto")
    .groupBy(sql`1`)
    .execute();
  return { joins, leaves, created };
}
