// SQL for welcome messages.
import type { Db } from "../../db/database.ts";
import type { WelcomeAttachment } from "./welcome.schemas.ts";

export const columns = [
  "id",
  "corp_id",
  "scope",
  "live_code_id",
  "userid",
  "text",
  "attachments",
  "enabled",
  "created_at",
  "updated_at",
] as const;

export function list(
  db: Db,
  corpId: string,
  filter: { scope?: string; liveCodeId?: string; userid?: string },
) {
  let q = db.selectFrom("welcome_messages").select(columns).where("corp_id", "=", corpId);
  if (filter.scope) q = q.where("scope", "=", filter.scope as "code" | "staff" | "default");
  if (filter.liveCodeId) q = q.where("live_code_id", "=", filter.liveCodeId);
  if (filter.userid) q = q.where("userid", "=", filter.userid);
  return q.orderBy("id").execute();
}

export function get(db: Db, corpId: string, id: string) {
  return db
    .selectFrom("welcome_messages")
    .select(columns)
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function forCode(db: Db, corpId: string, liveCodeId: string) {
  return db
    .selectFrom("welcome_messages")
    .select(columns)
    .where("corp_id", "=", corpId)
    .where("scope", "=", "code")
    .where("live_code_id", "=", liveCodeId)
    .executeTakeFirst();
}

/** The welcome for an add: the code's, else the staff member's, else the corp default (enabled ones only). */
export function resolve(db: Db, corpId: string, liveCodeId: string | null, userid: string) {
  return db
    .selectFrom("welcome_messages")
    .select(columns)
    .where("corp_id", "=", corpId)
    .where("enabled", "=", true)
    .where((eb) =>
      eb.or([
        ...(liveCodeId ? [eb.and([eb("scope", "=", "code"), eb("live_code_id", "=", liveCodeId)])] : []),
        eb.and([eb("scope", "=", "staff"), eb("userid", "=", userid)]),
        eb("scope", "=", "default"),
      ]),
    )
    .orderBy((eb) =>
      eb.case().when("scope", "=", "code").then(0).when("scope", "=", "staff").then(1).else(2).end(),
    )
    .limit(1)
    .executeTakeFirst();
}

export async function insert(
  db: Db,
  row: {
    corp_id: string;
    scope: "code" | "staff" | "default";
    live_code_id: string | null;
    userid: string | null;
    text: string;
    attachments: WelcomeAttachment[];
    enabled: boolean;
    now: Date;
  },
) {
  return db
    .insertInto("welcome_messages")
    .values({
      corp_id: row.corp_id,
      scope: row.scope,
      live_code_id: row.live_code_id,
      userid: row.userid,
      text: row.text,
      attachments: JSON.stringify(row.attachments),
      enabled: row.enabled,
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export function update(
  db: Db,
  corpId: string,
  id: string,
  set: { text?: string; attachments?: WelcomeAttachment[]; enabled?: boolean; now: Date },
) {
  return db
    .updateTable("welcome_messages")
    .set({
      ...(set.text !== undefined ? { text: set.text } : {}),
      ...(set.attachments !== undefined ? { attachments: JSON.stringify(set.attachments) } : {}),
      ...(set.enabled !== undefined ? { enabled: set.enabled } : {}),
      updated_at: set.now,
    })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .returning(columns)
    .executeTakeFirst();
}

export function remove(db: Db, corpId: string, id: string) {
  return db
    .deleteFrom("welcome_messages")
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
}
