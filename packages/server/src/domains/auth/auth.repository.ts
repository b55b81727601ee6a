// SQL for console users, login sessions and API tokens.
import type { Db } from "../../db/database.ts";
import type { UsersTable } from "./auth.tables.ts";

export function countUsers(db: Db) {
  return db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
}

export function insertUser(db: Db, u: { username: string; password_hash: string; role: UsersTable["role"] }) {
  return db
    .insertInto("users")
    .values(u)
    .onConflict((oc) => oc.column("username").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findUserByName(db: Db, username: string) {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export function insertSession(
  db: Db,
  s: { id_hash: string; user_id: string; csrf_token: string; expires_at: Date },
) {
  return db.insertInto("sessions").values(s).execute();
}

export function findSession(db: Db, idHash: string, now: Date) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.username", "users.role", "sessions.csrf_token"])
    .where("sessions.id_hash", "=", idHash)
    .where("sessions.expires_at", ">", now)
    .executeTakeFirst();
}

export function deleteSession(db: Db, idHash: string) {
  return db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

export function insertApiToken(db: Db, t: { name: string; token_hash: string; user_id: string }) {
  return db
    .insertInto("api_tokens")
    .values(t)
    .returning(["id", "name", "created_at"])
    .executeTakeFirstOrThrow();
}

export function findApiToken(db: Db, tokenHash: string) {
  return db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select([
      "users.id",
      "users.username",
      "users.role",
      "api_tokens.id as token_id",
      "api_tokens.last_used_at",
    ])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("api_tokens.revoked_at", "is", null)
    .executeTakeFirst();
}

export function touchApiToken(db: Db, id: string, now: Date) {
  return db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}

export function listApiTokens(db: Db) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at"])
    .where("revoked_at", "is", null)
    .orderBy("id")
    .execute();
}

export function revokeApiToken(db: Db, id: string, now: Date) {
  return db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}
