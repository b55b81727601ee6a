// Whether a customer is between owners: in a planned or waiting transfer. Lines and tasks that need the
// customer's member wait for the takeover instead of ending (a departed member can no longer send).
import { sql } from "kysely";
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

/** `pendingTakeover` for many customers at once: when to try again, by `corp\u0000external_userid`. */
export async function pendingTakeovers(
  db: Db,
  customers: { corpId: string; externalUserid: string }[],
  now: Date,
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (customers.length === 0) return out;
  const { rows } = await sql<{ corp_id: string; external_userid: string; takeover_at: Date | null }>`
    select i.corp_id, i.external_userid, max(i.takeover_at) as takeover_at
    from inheritance_customers i
    join unnest(${customers.map((c) => c.corpId)}::text[], ${customers.map((c) => c.externalUserid)}::text[])
      as u(corp, ext) on i.corp_id = u.corp and i.external_userid = u.ext
    where i.status in ('planned', 'waiting')
    group by i.corp_id, i.external_userid`.execute(db);
  const soonest = now.getTime() + RETRY_MS;
  for (const r of rows)
    out.set(
      `${r.corp_id}\u0000${r.external_userid}`,
      new Date(Math.max(r.takeover_at?.getTime() ?? 0, soonest)),
    );
  return out;
}
