// Whether a customer is between owners: in a planned or waiting transfer. Lines and tasks that need the
// customer's member wait for the takeover instead of ending (a departed member can no longer send).
import type { Db } from "../../db/database.ts";

const RETRY_MS = 10 * 60_000;

/** When to try again for a customer in an open transfer (its takeover time, or in 10 minutes); null if none. */
export async function pendingTakeover(
  db: Db,
  corpId: string,
  externalUserid: string,
  now: Date,
): Promise<Date | null> {
  const row = await db
    .selectFrom("inheritance_customers")
    .select("takeover_at")
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserid)
    .where("status", "in", ["planned", "waiting"])
    .executeTakeFirst();
  if (!row) return null;
  const soonest = now.getTime() + RETRY_MS;
  return new Date(Math.max(row.takeover_at?.getTime() ?? 0, soonest));
}
