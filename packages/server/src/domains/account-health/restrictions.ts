// Which staff accounts are restricted at an instant (a row of sender_restrictions not lifted and not past its
// cool-down), and how many restrictions each had lately: what routing, bulk adds and capacity read.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export type RestrictionState = "limited" | "member_banned" | "corp_banned";

export interface RestrictionNow {
  id: string;
  state: RestrictionState;
  since: Date;
  /** End of the cool-down; null = until lifted by hand (banned). */
  until: Date | null;
}

/** Restrictions in force at `at`, per userid (the one ending last when several overlap). */
export async function restrictionsInForce(
  db: Db,
  corpId: string,
  at: Date,
  userids?: string[],
): Promise<Map<string, RestrictionNow>> {
  if (userids && userids.length === 0) return new Map();
  const rows = await db
    .selectFrom("sender_restrictions")
    .select(["id", "userid", "state", "since", "until"])
    .where("corp_id", "=", corpId)
    .$if(userids !== undefined, (q) => q.where("userid", "=", sql<string>`any(${userids}::text[])`))
    .where("lifted_at", "is", null)
    .where("since", "<=", at)
    .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", at)]))
    .execute();
  const out = new Map<string, RestrictionNow>();
  for (const r of rows) {
    const prev = out.get(r.userid);
    const later = !prev || (prev.until !== null && (r.until === null || r.until > prev.until));
    if (later) out.set(r.userid, { id: r.id, state: r.state, since: r.since, until: r.until });
  }
  return out;
}

/** Per userid: restrictions that started in the 90 days before `at` and are no longer in force. */
export async function pastRestrictionCounts(db: Db, corpId: string, at: Date): Promise<Map<string, number>> {
  const since = new Date(at.getTime() - 90 * 86_400_000);
  const rows = await db
    .selectFrom("sender_restrictions")
    .select(["userid", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("since", ">=", since)
    .where("since", "<=", at)
    .where((eb) =>
      eb.or([eb("lifted_at", "<=", at), eb.and([eb("until", "is not", null), eb("until", "<=", at)])]),
    )
    .groupBy("userid")
    .execute();
  return new Map(rows.map((r) => [r.userid, Number(r.n)]));
}

/** The earliest end of a cool-down after `at` among the given accounts (for re-checking routing then). */
export async function nextRestrictionEnd(
  db: Db,
  corpId: string,
  at: Date,
  userids: string[],
): Promise<Date | null> {
  if (userids.length === 0) return null;
  const row = await db
    .selectFrom("sender_restrictions")
    .select((eb) => eb.fn.min("until").as("until"))
    .where("corp_id", "=", corpId)
    .where("userid", "=", sql<string>`any(${userids}::text[])`)
    .where("lifted_at", "is", null)
    .where("until", ">", at)
    .executeTakeFirst();
  return (row?.until as Date | null | undefined) ?? null;
}
