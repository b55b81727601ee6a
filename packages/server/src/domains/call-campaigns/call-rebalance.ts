// Keeping planned calls within the team's caps after planning: a schedule is computed once, from the caps known
// then. When an account is restricted later (by hand or from a failed API call), its calls still to come on the
// days it cannot take anyone go to a member of the same campaign with room that day; when nobody has room, the
// call moves to the same window and time on a later day that has room. Days after the cool-down are checked too:
// the past restriction lowers the account's cap, and what is above it moves the same way. Already called or
// due calls stay as they are.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { dailyCapacity } from "../account-health/capacity.ts";
import { addDays, dayBounds, localDay } from "../account-health/local-day.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";

const DAY = 86_400_000;
/** Calls that find no room within this many days after their planned day stay where they are. */
const MAX_SHIFT_DAYS = 60;

interface Pending {
  id: string;
  campaignId: string;
  /** The day it was planned on (a call moved to a later day keeps its window and time of day). */
  plannedDay: string;
  userid: string;
}

/** Moves the corp's pending calls off members over their cap on a day; returns how many calls moved. */
export async function rebalanceCalls(db: Db, corpId: string, now: Date): Promise<number> {
  const offset = await corpUtcOffset(db, corpId);
  const today = localDay(now, offset).day;
  const rows = await db
    .selectFrom("call_campaign_calls")
    .select(["id", "campaign_id", "day", "userid", "planned_at", "redial_at", "outcome", "attempts"])
    .where("corp_id", "=", corpId)
    .where("day", ">=", today)
    .orderBy("day")
    .orderBy("rank", "desc")
    .execute();
  if (rows.length === 0) return 0;
  const campaigns = await db
    .selectFrom("call_campaigns")
    .select(["id", "capacity"])
    .where("corp_id", "=", corpId)
    .where("id", "in", [...new Set(rows.map((r) => r.campaign_id))])
    .execute();
  const team = new Map(
    campaigns.map((c) => [
      c.id,
      ((c.capacity as { members?: { userid: string }[] }).members ?? []).map((m) => m.userid),
    ]),
  );
  // Calls per member and day, all campaigns together (an account's cap is shared).
  const load = new Map<string, number>();
  const key = (day: string, userid: string) => `${day}|${userid}`;
  for (const r of rows) load.set(key(r.day, r.userid), (load.get(key(r.day, r.userid)) ?? 0) + 1);
  const movable = (r: (typeof rows)[number]) =>
    r.outcome === null && r.attempts === 0 && r.planned_at.getTime() > now.getTime();
  const byDay = new Map<string, Pending[]>();
  for (const r of rows)
    if (movable(r))
      byDay.set(r.day, [
        ...(byDay.get(r.day) ?? []),
        { id: r.id, campaignId: r.campaign_id, plannedDay: r.day, userid: r.userid },
      ]);

  const caps = new Map<string, Map<string, number>>();
  const capsOn = async (day: string) => {
    let c = caps.get(day);
    if (!c) {
      // The caps in force from the day's first instant (today: from now), restrictions and their history included.
      const at = new Date(Math.max(dayBounds(day, offset).start.getTime(), now.getTime()));
      c = new Map((await dailyCapacity(db, corpId, at)).members.map((m) => [m.userid, m.cap]));
      caps.set(day, c);
    }
    return c;
  };
  const room = (c: Map<string, number>, day: string, userid: string) =>
    (c.get(userid) ?? 0) - (load.get(key(day, userid)) ?? 0);

  const moves: { id: string; day: string; userid: string; shift: number }[] = [];
  const lastDay = rows.at(-1)?.day ?? today;
  for (let day = today; day <= addDays(lastDay, MAX_SHIFT_DAYS) && byDay.size > 0; day = addDays(day, 1)) {
    const list = byDay.get(day);
    if (!list) continue;
    byDay.delete(day);
    const c = await capsOn(day);
    for (const p of list) {
      const shift = Math.round((Date.parse(day) - Date.parse(p.plannedDay)) / DAY);
      if (room(c, day, p.userid) >= 0) {
        if (shift > 0) moves.push({ id: p.id, day, userid: p.userid, shift });
        continue;
      }
      const others = (team.get(p.campaignId) ?? []).filter((u) => room(c, day, u) > 0);
      others.sort((a, b) => room(c, day, b) - room(c, day, a));
      const to = others[0];
      load.set(key(day, p.userid), (load.get(key(day, p.userid)) ?? 0) - 1);
      if (to !== undefined) {
        load.set(key(day, to), (load.get(key(day, to)) ?? 0) + 1);
        moves.push({ id: p.id, day, userid: to, shift });
        continue;
      }
      // Nobody has room that day: the same window and time the next day (checked when that day comes).
      const next = addDays(day, 1);
      load.set(key(next, p.userid), (load.get(key(next, p.userid)) ?? 0) + 1);
      byDay.set(next, [...(byDay.get(next) ?? []), p]);
    }
  }
  if (moves.length === 0) return 0;
  const byId = new Map(rows.map((r) => [r.id, r]));
  await db.transaction().execute(async (trx) => {
    for (const m of moves) {
      const r = byId.get(m.id);
      if (!r) continue;
      await trx
        .updateTable("call_campaign_calls")
        .set({
          day: m.day,
          userid: m.userid,
          planned_at: new Date(r.planned_at.getTime() + m.shift * DAY),
          redial_at: new Date(r.redial_at.getTime() + m.shift * DAY),
        })
        .where("corp_id", "=", corpId)
        .where("id", "=", m.id)
        .execute();
    }
    // The number of days each touched campaign now takes.
    for (const id of new Set(moves.map((m) => byId.get(m.id)?.campaign_id ?? "")))
      await sql`update call_campaigns c set days = (select count(distinct day) from call_campaign_calls k
                 where k.corp_id = c.corp_id and k.campaign_id = c.id)
                 where c.corp_id = ${corpId} and c.id = ${id}`.execute(trx);
  });
  return moves.length;
}
