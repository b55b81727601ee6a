// The bulk-add cycle for one corp, run by the scheduler (and on demand): tasks past their expiry (or held by an
// account that became restricted) expire and their leads go back to wait for another member; leads whose phone
// now belongs to a friend are accepted; waiting leads become today's tasks within each account's remaining safe
// cap, spread over the working hours so a new account stays under its hourly threshold. Restricted accounts get
// nothing.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { loadAddRateSettings } from "../account-health/add-rate.settings.ts";
import { dailyCapacity, type MemberCapacity } from "../account-health/capacity.ts";
import { dayBounds } from "../account-health/local-day.ts";
import { restrictionsInForce } from "../account-health/restrictions.ts";
import { spreadDueTimes } from "./bulk-adds.slots.ts";

type Db = Ctx["db"];

export interface CycleResult {
  expired: number;
  gaveUp: number;
  accepted: number;
  assigned: number;
}

async function expire(db: Db, corpId: string, now: Date, maxAttempts: number) {
  const restricted = [...(await restrictionsInForce(db, corpId, now)).keys()];
  const rows = await sql<{ lead_id: string }>`
    update bulk_add_tasks set status = 'expired', closed_at = ${now}
     where corp_id = ${corpId}
       and ((status in ('assigned', 'sent') and expires_at <= ${now})
         or (status = 'assigned' and userid = any(${restricted}::text[])))
    returning lead_id`.execute(db);
  if (rows.rows.length === 0) return { expired: 0, gaveUp: 0 };
  const leads = rows.rows.map((r) => r.lead_id);
  const updated = await sql<{ status: string }>`
    update bulk_add_leads set status = case when cardinality(tried) >= ${maxAttempts} then 'gave_up' else 'waiting' end
     where corp_id = ${corpId} and id = any(${leads}::bigint[]) and status = 'assigned'
    returning status`.execute(db);
  return { expired: rows.rows.length, gaveUp: updated.rows.filter((r) => r.status === "gave_up").length };
}

/** Leads whose phone is now a friend's (an active follow relation of a customer with that phone). */
async function accept(db: Db, corpId: string, now: Date): Promise<number> {
  const leads = await sql<{ id: string }>`
    with hits as (
      select distinct on (l.id) l.id, c.external_userid
        from bulk_add_leads l
        join customers c on c.corp_id = l.corp_id and l.phone = any(c.phones)
        join follow_relations fr on fr.corp_id = c.corp_id and fr.external_userid = c.external_userid
                                and fr.status = 'active'
       where l.corp_id = ${corpId} and l.status in ('waiting', 'assigned')
       order by l.id, fr.added_at)
    update bulk_add_leads l set status = 'accepted', external_userid = hits.external_userid, accepted_at = ${now}
      from hits where l.id = hits.id
    returning l.id`.execute(db);
  if (leads.rows.length === 0) return 0;
  await sql`update bulk_add_tasks set status = 'accepted', accepted_at = ${now}, closed_at = ${now}
     where corp_id = ${corpId} and lead_id = any(${leads.rows.map((r) => r.id)}::bigint[])
       and status in ('assigned', 'sent')`.execute(db);
  return leads.rows.length;
}

/** Today's tasks from the waiting leads, within each able account's remaining cap and hourly room. */
async function assign(db: Db, corpId: string, now: Date): Promise<number> {
  const waiting = await db
    .selectFrom("bulk_add_leads")
    .select(["id", "tried"])
    .where("corp_id", "=", corpId)
    .where("status", "=", "waiting")
    .orderBy("id")
    .limit(20_000)
    .execute();
  if (waiting.length === 0) return 0;
  const capacity = await dailyCapacity(db, corpId, now);
  const { settings, day, tzOffsetMinutes } = capacity;
  const { start } = dayBounds(day, tzOffsetMinutes);
  const able = capacity.members.filter((m) => m.restricted === null && m.remainingToday > 0);
  if (able.length === 0) return 0;

  const dueRows = await sql<{ userid: string; hour: number; n: string }>`
    select userid, extract(hour from (due_at - ${start}::timestamptz))::int as hour, count(*)::text as n
      from bulk_add_tasks where corp_id = ${corpId} and day = ${day}
     group by 1, 2`.execute(db);
  const already = new Map<string, Map<number, number>>();
  for (const r of dueRows.rows) {
    const m = already.get(r.userid) ?? new Map<number, number>();
    m.set(Number(r.hour), Number(r.n));
    already.set(r.userid, m);
  }
  const perHour = (m: MemberCapacity) => (m.isNew ? settings.newActivePerHour - 1 : Number.POSITIVE_INFINITY);
  const slotInput = (m: MemberCapacity, count: number) => ({
    dayStartMs: start.getTime(),
    nowMs: now.getTime(),
    workStartHour: settings.workStartHour,
    workEndHour: settings.workEndHour,
    perHour: perHour(m),
    already: already.get(m.userid) ?? new Map<number, number>(),
    count,
  });
  // How many each account can still take today: its remaining cap, bounded by the hours left.
  const room = new Map(able.map((m) => [m.userid, spreadDueTimes(slotInput(m, m.remainingToday)).length]));
  const picks = new Map<string, string[]>();
  for (const lead of waiting) {
    let best: string | undefined;
    for (const m of able) {
      const r = room.get(m.userid) ?? 0;
      if (r <= 0 || lead.tried.includes(m.userid)) continue;
      if (best === undefined || r > (room.get(best) ?? 0)) best = m.userid;
    }
    if (best === undefined) continue;
    room.set(best, (room.get(best) ?? 0) - 1);
    picks.set(best, [...(picks.get(best) ?? []), lead.id]);
  }

  const expiresAt = new Date(now.getTime() + settings.taskExpiryDays * 86_400_000);
  let assigned = 0;
  for (const m of able) {
    const leads = picks.get(m.userid) ?? [];
    if (leads.length === 0) continue;
    const due = spreadDueTimes(slotInput(m, leads.length));
    const rows = leads.slice(0, due.length).map((leadId, i) => ({
      corp_id: corpId,
      lead_id: leadId,
      userid: m.userid,
      day,
      due_at: due[i] as Date,
      assigned_at: now,
      expires_at: expiresAt,
    }));
    if (rows.length === 0) continue;
    await db.insertInto("bulk_add_tasks").values(rows).execute();
    await sql`update bulk_add_leads set status = 'assigned', tried = array_append(tried, ${m.userid}::text)
       where id = any(${rows.map((r) => r.lead_id)}::bigint[])`.execute(db);
    assigned += rows.length;
  }
  return assigned;
}

/** One cycle for one corp, serialised per corp. */
export async function runBulkAddCycle(ctx: Ctx, corpId: string): Promise<CycleResult> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`bulk-adds:${corpId}`}, 0))`.execute(trx);
    const { maxAttempts } = await loadAddRateSettings(trx, corpId);
    // Accepted first: a friend added from the phone counts even when the task's time ran out meanwhile.
    const accepted = await accept(trx, corpId, now);
    const e = await expire(trx, corpId, now, maxAttempts);
    const assigned = await assign(trx, corpId, now);
    return { ...e, accepted, assigned };
  });
}

/** Corps with leads waiting or tasks open: what the scheduler cycles. */
export async function corpsWithBulkAdds(db: Db): Promise<string[]> {
  const rows = await sql<{ corp_id: string }>`
    select distinct corp_id from bulk_add_leads where status in ('waiting', 'assigned')`.execute(db);
  return rows.rows.map((r) => r.corp_id);
}
