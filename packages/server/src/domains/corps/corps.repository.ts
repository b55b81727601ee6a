// SQL for the corps table.

import type { Insertable } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CorpsTable } from "./corps.tables.ts";

export function insertCorp(db: Db, row: Insertable<CorpsTable>) {
  return db
    .insertInto("corps")
    .values(row)
    .onConflict((oc) => oc.column("corp_id").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function upsertCorp(db: Db, row: Insertable<CorpsTable>) {
  const { corp_id: _id, created_at: _c, ...rest } = row;
  return db
    .insertInto("corps")
    .values(row)
    .onConflict((oc) => oc.column("corp_id").doUpdateSet({ ...rest, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listCorps(db: Db) {
  return db
    .selectFrom("corps")
    .select(["corp_id", "name", "api_base", "agent_id", "created_at"])
    .orderBy("created_at")
    .execute();
}

export function findCorp(db: Db, corpId: string) {
  return db.selectFrom("corps").selectAll().where("corp_id", "=", corpId).executeTakeFirst();
}

export function countCorps(db: Db) {
  return db
    .selectFrom("corps")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
}
