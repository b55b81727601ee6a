// The figures churn watch decides on: per planner (campaign or automation) and per sending member, the marketing
// sends in the rolling window and the customer deletions attributed to them. A deletion is attributed to every
// planner (and the member) that touched the customer within the window before it; a planner resumed by hand
// and a member whose cool-down ended are counted afresh from then on.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/** Siyu's and WeCom's clocks may disagree a little: a touch this much after the deletion still counts. */
const SKEW_SECONDS = 60;

export interface Figures {
  key: string;
  sends: number;
  deletions: number;
  /** Where counting started (the window start, or a later resume). */
  since: string;
}

const toFigures = (rows: { key: string; sends: number | null; deletions: number | null; since: Date }[]) =>
  rows.map((r) => ({
    key: r.key,
    sends: Number(r.sends ?? 0),
    deletions: Number(r.deletions ?? 0),
    since: new Date(r.since).toISOString(),
  }));

export async function plannerFigures(
  db: Db,
  corpId: string,
  now: Date,
  windowHours: number,
  planner?: string,
): Promise<Figures[]> {
  const start = new Date(now.getTime() - windowHours * 3_600_000);
  const only = planner === undefined ? sql`` : sql`and t.planner = ${planner}`;
  const r = await sql<{ key: string; sends: number; deletions: number | null; since: Date }>`
    with starts as (
      select t.planner,
             greatest(${start}::timestamptz,
                      coalesce((select max(p.resumed_at) from paused_planners p
                                where p.corp_id = ${corpId} and p.planner = t.planner), ${start}::timestamptz)) as since
      from (select distinct planner from recipient_touches t
            where t.corp_id = ${corpId} and t.touched_at >= ${start} ${only}) t
    ),
    sends as (
      select t.planner, count(*)::int as sends
      from recipient_touches t join starts s on s.planner = t.planner
      where t.corp_id = ${corpId} and t.touched_at >= s.since
      group by t.planner
    ),
    deletions as (
      select s.planner, count(distinct ce.id)::int as deletions
      from starts s
      join churn_events ce on ce.corp_id = ${corpId} and ce.kind = 'customer_deleted' and ce.occurred_at >= s.since
      where exists (
        select 1 from recipient_touches t
        where t.corp_id = ce.corp_id and t.recipient = ce.external_userid and t.planner = s.planner
          and t.touched_at >= s.since
          and t.touched_at >= ce.occurred_at - make_interval(hours => ${windowHours})
          and t.touched_at <= ce.occurred_at + make_interval(secs => ${SKEW_SECONDS}))
      group by s.planner
    )
    select s.planner as key, coalesce(se.sends, 0) as sends, d.deletions, s.since
    from starts s left join sends se on se.planner = s.planner left join deletions d on d.planner = s.planner
    order by coalesce(d.deletions, 0) desc, coalesce(se.sends, 0) desc, s.planner
    limit 200`.execute(db);
  return toFigures(r.rows);
}

export async function senderFigures(
  db: Db,
  corpId: string,
  now: Date,
  windowHours: number,
  sender?: string,
): Promise<Figures[]> {
  const start = new Date(now.getTime() - windowHours * 3_600_000);
  const only = sender === undefined ? sql`` : sql`and o.sender = ${sender}`;
  const r = await sql<{ key: string; sends: number; deletions: number | null; since: Date }>`
    with starts as (
      select o.sender,
             greatest(${start}::timestamptz,
                      coalesce((select max(coalesce(sr.lifted_at, sr.until)) from sender_restrictions sr
                                where sr.corp_id = ${corpId} and sr.userid = o.sender and sr.source = 'churn-watch'
                                  and coalesce(sr.lifted_at, sr.until) <= ${now}), ${start}::timestamptz)) as since
      from (select distinct o.sender from recipient_touches t join outbox o on o.id = t.outbox_id
            where t.corp_id = ${corpId} and t.touched_at >= ${start} and o.sender is not null ${only}) o
    ),
    sends as (
      select o.sender, count(*)::int as sends
      from recipient_touches t join outbox o on o.id = t.outbox_id join starts s on s.sender = o.sender
      where t.corp_id = ${corpId} and t.touched_at >= s.since
      group by o.sender
    ),
    deletions as (
      select s.sender, count(distinct ce.id)::int as deletions
      from starts s
      join churn_events ce on ce.corp_id = ${corpId} and ce.kind = 'customer_deleted'
        and ce.userid = s.sender and ce.occurred_at >= s.since
      where exists (
        select 1 from recipient_touches t join outbox o on o.id = t.outbox_id
        where t.corp_id = ce.corp_id and t.recipient = ce.external_userid and o.sender = s.sender
          and t.touched_at >= s.since
          and t.touched_at >= ce.occurred_at - make_interval(hours => ${windowHours})
          and t.touched_at <= ce.occurred_at + make_interval(secs => ${SKEW_SECONDS}))
      group by s.sender
    )
    select s.sender as key, coalesce(se.sends, 0) as sends, d.deletions, s.since
    from starts s left join sends se on se.sender = s.sender left join deletions d on d.sender = s.sender
    order by coalesce(d.deletions, 0) desc, coalesce(se.sends, 0) desc, s.sender
    limit 200`.execute(db);
  return toFigures(r.rows);
}

/** Whether figures cross a threshold. */
export function crosses(f: Figures, t: { percent: number; minDeletions: number }): boolean {
  return f.sends > 0 && f.deletions >= t.minDeletions && (f.deletions / f.sends) * 100 > t.percent;
}

const pct = (n: number) => `${Number(n.toFixed(1))}%`;

/** "31 deletions of 1,000 sends in 24 h (3.1% > 2%)". */
export function describeFigures(
  f: Figures,
  t: { percent: number; minDeletions: number },
  windowHours: number,
): string {
  const n = (x: number) => x.toLocaleString("en-US");
  return `${n(f.deletions)} deletion${f.deletions === 1 ? "" : "s"} of ${n(f.sends)} send${f.sends === 1 ? "" : "s"} in ${windowHours} h (${pct((f.deletions / f.sends) * 100)} > ${pct(t.percent)})`;
}

/** Campaigns are mass sends; everything else that plans messages is an automation. */
export const plannerKind = (planner: string) =>
  planner.startsWith("mass-send:") ? "campaign" : "automation";
