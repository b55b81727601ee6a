// The add-rate guard for what Siyu routes and assigns: which new accounts reached their passive-add threshold in
// the last minute (live codes stop offering them until the minute has passed), and how many active adds an
// account made in the last hour (bulk-add "sent" is refused at the threshold).
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { loadAddRateSettings } from "./add-rate.settings.ts";
import { ageInDays, isNewAccount } from "./health.ts";

/**
 * New accounts (≤ newAccountDays, or of unknown age) among `userids` with newPassivePerMinute − 1 passive adds
 * (customers adding them through a live code) in the minute before `at`: one more would reach the threshold.
 */
export async function passiveBurst(
  db: Db,
  corpId: string,
  userids: string[],
  at: Date,
): Promise<Set<string>> {
  if (userids.length === 0) return new Set();
  const settings = await loadAddRateSettings(db, corpId);
  const since = new Date(at.getTime() - 60_000);
  const rows = await sql<{ userid: string; n: string; created_on: string | null }>`
    select a.userid, count(*)::text as n, p.created_on
      from live_code_adds a
      left join account_profiles p on p.corp_id = a.corp_id and p.userid = a.userid
     where a.corp_id = ${corpId} and a.userid = any(${userids}::text[])
       and a.added_at > ${since} and a.added_at <= ${at}
     group by a.userid, p.created_on`.execute(db);
  const day = at.toISOString().slice(0, 10);
  return new Set(
    rows.rows
      .filter((r) => Number(r.n) >= settings.newPassivePerMinute - 1)
      .filter((r) => isNewAccount(ageInDays(r.created_on, day), settings))
      .map((r) => r.userid),
  );
}
