// The SLA report for a period (exchanges opened in [from, to)): per member the exchanges, how many were
// replied to, the median first-reply time (from when the clock started), and breaches; plus the breach list.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import type { Scope } from "../customers/customers.scope.ts";
import { loadSlaSettings } from "./sla.settings.ts";

const DAY = 86_400_000;

export interface SlaMemberRow {
  userid: string;
  name: string | null;
  exchanges: number;
  replied: number;
  medianFirstReplySeconds: number | null;
  firstReplyBreaches: number;
  fullAnswerBreaches: number;
}

export interface SlaBreachRow {
  id: string;
  kind: "first_reply" | "full_answer";
  userid: string;
  externalUserId: string;
  customerName: string | null;
  openedAt: string;
  dueAt: string;
  repliedAt: string | null;
  alertedTo: string | null;
}

export async function slaReport(
  ctx: Ctx,
  corpId: string,
  scope: Scope,
  q: { from?: string | undefined; to?: string | undefined },
) {
  const now = ctx.clock.now();
  const to = q.to ? new Date(q.to) : new Date(now);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY);
  if (from >= to)
    throw new AppError("VALIDATION_FAILED", "the period is empty", [
      { path: "/from", message: "from must be before to" },
    ]);
  const only = scope.kind === "member" ? (scope.userid ?? "\u0000") : null;
  const { rows } = await sql<{
    userid: string;
    name: string | null;
    exchanges: number;
    replied: number;
    median: number | null;
    first_breaches: number;
    full_breaches: number;
  }>`
    with x as (
      select * from sla_exchanges
      where corp_id = ${corpId} and opened_at >= ${from} and opened_at < ${to}
        and (${only}::text is null or userid = ${only})
    ), b as (
      select userid, count(*) filter (where kind = 'first_reply')::int as first_breaches,
        count(*) filter (where kind = 'full_answer')::int as full_breaches
      from sla_breaches
      where corp_id = ${corpId} and opened_at >= ${from} and opened_at < ${to}
        and (${only}::text is null or userid = ${only})
      group by userid
    ), e as (
      select userid, count(*)::int as exchanges, count(first_reply_at)::int as replied,
        percentile_cont(0.5) within group (
          order by greatest(0, extract(epoch from first_reply_at - clock_from))
        ) filter (where first_reply_at is not null) as median
      from x group by userid
    )
    select e.userid, m.name, e.exchanges, e.replied, e.median,
      coalesce(b.first_breaches, 0) as first_breaches, coalesce(b.full_breaches, 0) as full_breaches
    from e left join b on b.userid = e.userid
    left join members m on m.corp_id = ${corpId} and m.userid = e.userid
    order by coalesce(b.first_breaches, 0) + coalesce(b.full_breaches, 0) desc, e.userid`.execute(ctx.db);
  const breaches = await sql<{
    id: string;
    kind: "first_reply" | "full_answer";
    userid: string;
    external_userid: string;
    customer_name: string | null;
    opened_at: Date;
    due_at: Date;
    replied_at: Date | null;
    alerted_to: string | null;
  }>`
    select b.id::text, b.kind, b.userid, b.external_userid, c.name as customer_name, b.opened_at, b.due_at,
      b.replied_at, b.alerted_to
    from sla_breaches b
    left join customers c on c.corp_id = b.corp_id and c.external_userid = b.external_userid
    where b.corp_id = ${corpId} and b.opened_at >= ${from} and b.opened_at < ${to}
      and (${only}::text is null or b.userid = ${only})
    order by b.opened_at desc, b.id
    limit 500`.execute(ctx.db);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    settings: await loadSlaSettings(ctx.db, corpId),
    members: rows.map(
      (r): SlaMemberRow => ({
        userid: r.userid,
        name: r.name,
        exchanges: r.exchanges,
        replied: r.replied,
        medianFirstReplySeconds: r.median === null ? null : Math.round(Number(r.median)),
        firstReplyBreaches: r.first_breaches,
        fullAnswerBreaches: r.full_breaches,
      }),
    ),
    breaches: breaches.rows.map(
      (b): SlaBreachRow => ({
        id: b.id,
        kind: b.kind,
        userid: b.userid,
        externalUserId: b.external_userid,
        customerName: b.customer_name,
        openedAt: b.opened_at.toISOString(),
        dueAt: b.due_at.toISOString(),
        repliedAt: b.replied_at?.toISOString() ?? null,
        alertedTo: b.alerted_to,
      }),
    ),
  };
}
