// Each template's trigger as one set-based query: the customers it fires for now, with the trigger instance (a
// customer fires at most once per scenario and instance) and a readable reason. Pages are keyset-ordered by
// (customer id, instance) so a scan walks every candidate whatever the audience filter drops. Only customers with
// an active follow relation are candidates: nobody else can be sent anything.
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { TemplateParams } from "./scenarios.schemas.ts";
import type { ScenarioTemplate } from "./scenarios.tables.ts";

export interface Candidate {
  customer_id: string;
  external_userid: string;
  instance: string;
  reason: string;
}

export interface ScenarioRow {
  id: string;
  corp_id: string;
  template: ScenarioTemplate;
  params: TemplateParams;
  created_at: Date;
}

const iso = (col: RawBuilder<unknown>) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')`;
const DAY = 86_400_000;
const HOUR = 3_600_000;

function candidatesSql(s: ScenarioRow, now: Date, from: string | undefined): RawBuilder<Candidate> {
  const corp = s.corp_id;
  // The page's start pushed into each query, so a page does not recompute the customers before it.
  const fromC = from === undefined ? sql`` : sql`and c.id >= ${from}::bigint`;
  const p = s.params as Record<string, unknown>;
  const days = Number(p.days ?? 0);
  const followed = (ext: RawBuilder<unknown>) =>
    sql`exists (select 1 from follow_relations fa where fa.corp_id = ${corp} and fa.external_userid = ${ext}
      and fa.status = 'active')`;
  switch (s.template) {
    case "lead_captured": {
      const codes = (p.liveCodeIds as string[] | undefined) ?? [];
      const states = (p.states as string[] | undefined) ?? [];
      const channel =
        codes.length + states.length === 0
          ? sql`true`
          : sql`(fr.state = any(${states}::text[]) or fr.state in (select lc.state from live_codes lc
              where lc.corp_id = ${corp} and lc.id = any(${codes}::bigint[])))`;
      return sql<Candidate>`select distinct on (c.id) c.id::text as customer_id, c.external_userid,
          'lead' as instance,
          'added by ' || fr.userid || coalesce(' through channel ' || fr.state, '') || ' at ' || ${iso(sql`fr.added_at`)}
            as reason
        from follow_relations fr
        join customers c on c.corp_id = fr.corp_id and c.external_userid = fr.external_userid
        where fr.corp_id = ${corp} and fr.status = 'active' and fr.added_at >= ${s.created_at}
          and fr.added_at <= ${now} and ${channel} ${fromC}
        order by c.id, fr.added_at`;
    }
    case "first_order": {
      const hours = Number(p.hours);
      return sql<Candidate>`select c.id::text as customer_id, c.external_userid, 'first-order' as instance,
          'added at ' || ${iso(sql`f.first_added`)} || ', no paid order ' || ${hours}::int || ' hours later' as reason
        from (select external_userid, min(added_at) as first_added from follow_relations
          where corp_id = ${corp} and status = 'active' and added_at is not null group by external_userid) f
        join customers c on c.corp_id = ${corp} and c.external_userid = f.external_userid
        where f.first_added <= ${new Date(now.getTime() - hours * HOUR)}
          and f.first_added >= ${new Date(s.created_at.getTime() - hours * HOUR)} ${fromC}
          and not exists (select 1 from orders o where o.corp_id = ${corp} and o.customer_id = c.id
            and o.status = 'paid')`;
    }
    case "coupon_expiring":
      return sql<Candidate>`select c.id::text as customer_id, c.external_userid, 'coupon:' || k.id as instance,
          'coupon "' || k.name || '" (' || k.item_id || ') expires ' || ${iso(sql`k.expires_at`)} || ', unused'
            as reason
        from customer_coupons k join customers c on c.id = k.customer_id and c.corp_id = k.corp_id
        where k.corp_id = ${corp} and k.customer_id is not null and k.used_at is null
          and k.expires_at > ${now} and k.expires_at <= ${new Date(now.getTime() + days * DAY)} ${fromC}
          and ${followed(sql`c.external_userid`)}`;
    case "subscription_expiring":
    case "renewal_due": {
      const expiring = s.template === "subscription_expiring";
      const window = expiring
        ? sql`k.expires_at > ${now} and k.expires_at <= ${new Date(now.getTime() + days * DAY)}`
        : sql`k.expires_at <= ${now} and k.expires_at > ${new Date(now.getTime() - days * DAY)}`;
      const prefix = expiring ? "subscription:" : "renewal:";
      const verb = expiring ? " expires " : " expired ";
      return sql<Candidate>`select c.id::text as customer_id, c.external_userid, ${prefix} || k.id as instance,
          '"' || k.product || '" (' || k.item_id || ')' || ${verb} || ${iso(sql`k.expires_at`)} || ', not renewed'
            as reason
        from customer_subscriptions k join customers c on c.id = k.customer_id and c.corp_id = k.corp_id
        where k.corp_id = ${corp} and k.customer_id is not null and ${window} ${fromC}
          and not exists (select 1 from customer_subscriptions r where r.corp_id = k.corp_id
            and r.customer_id = k.customer_id and r.product = k.product and r.expires_at > k.expires_at)
          and ${followed(sql`c.external_userid`)}`;
    }
    case "churn_winback":
      // The last sign of life: the latest add, paid order or message from the customer. Coming back and going
      // quiet again is a new instance.
      return sql<Candidate>`select customer_id, external_userid,
          'idle:' || ${iso(sql`last_active`)} as instance,
          'no paid order or message since ' || ${iso(sql`last_active`)} || ' (' || ${days}::int || ' days)' as reason
        from (select c.id::text as customer_id, c.external_userid, greatest(
            (select max(fr.added_at) from follow_relations fr where fr.corp_id = ${corp}
              and fr.external_userid = c.external_userid and fr.status = 'active'),
            (select max(o.ordered_at) from orders o where o.corp_id = ${corp} and o.customer_id = c.id
              and o.status = 'paid'),
            (select max(m.sent_at) from chat_messages m where m.corp_id = ${corp}
              and m.external_userid = c.external_userid and m.from_customer)) as last_active
          from customers c where c.corp_id = ${corp} and ${followed(sql`c.external_userid`)} ${fromC}) a
        where last_active <= ${new Date(now.getTime() - days * DAY)}`;
  }
}

/** One page of candidates not fired yet, after `after` (customer id, instance). */
export async function candidates(
  db: Db,
  s: ScenarioRow,
  now: Date,
  limit: number,
  after?: { customerId: string; instance: string },
): Promise<Candidate[]> {
  const cursor = after
    ? sql`and (x.customer_id::bigint, x.instance) > (${after.customerId}::bigint, ${after.instance})`
    : sql``;
  const { rows } = await sql<Candidate>`select x.customer_id, x.external_userid, x.instance, x.reason
    from (${candidatesSql(s, now, after?.customerId)}) x
    where not exists (select 1 from scenario_firings f where f.scenario_id = ${s.id}
      and f.customer_id = x.customer_id::bigint and f.instance = x.instance) ${cursor}
    order by x.customer_id::bigint, x.instance
    limit ${limit}`.execute(db);
  return rows;
}
