// The team's add capacity the dialling schedule is spread over: per member, the safe daily cap, what is left
// today and whether the account is restricted. Account health (A7) owns the real figures; until it is wired
// in, `localCapacity` reads the same inputs minimally: active members who may take customers, the seed's
// lowest safe cap (40 a day), adds already made today, and open sender restrictions.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { localMidnight } from "../send-gate/periods.ts";

export interface MemberCapacity {
  userid: string;
  name: string;
  cap: number;
  remaining: number;
  restricted: boolean;
}

export interface TeamCapacity {
  members: MemberCapacity[];
  totalCap: number;
  totalRemaining: number;
  /** Where the figures come from (shown with the plan). */
  source: string;
}

export type CapacityFn = (db: Db, corpId: string, at: Date, offsetMinutes: number) => Promise<TeamCapacity>;

/** The seed's lowest safe daily add cap per account (40–100 by health). */
export const FALLBACK_DAILY_CAP = 40;

export const localCapacity: CapacityFn = async (db, corpId, at, offsetMinutes) => {
  const since = new Date(localMidnight(at, offsetMinutes));
  const r = await sql<{ userid: string; name: string; adds: string; restricted: boolean }>`
    select m.userid, m.name,
      (select count(*) from follow_relations f
        where f.corp_id = m.corp_id and f.userid = m.userid and f.added_at >= ${since}) as adds,
      exists (select 1 from sender_restrictions s
        where s.corp_id = m.corp_id and s.userid = m.userid and s.lifted_at is null
          and s.since <= ${at} and (s.until is null or s.until > ${at})) as restricted
    from members m
    where m.corp_id = ${corpId} and m.status = 1 and m.customer_contact and not m.removed
    order by m.userid`.execute(db);
  const members = r.rows.map((m) => {
    const cap = m.restricted ? 0 : FALLBACK_DAILY_CAP;
    return {
      userid: m.userid,
      name: m.name,
      cap,
      remaining: Math.max(0, cap - Number(m.adds)),
      restricted: m.restricted,
    };
  });
  return {
    members,
    totalCap: members.reduce((s, m) => s + m.cap, 0),
    totalRemaining: members.reduce((s, m) => s + m.remaining, 0),
    source: "local",
  };
};
