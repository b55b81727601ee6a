// The before/after report of a transfer job. Before: the customers and groups the job started with. After: where
// each one ended — with a new owner, refused, at the takeover's limit, failed, or still open — and a check against
// Siyu's follow relations that every customer reported as taken over is active with its new owner. The report
// balances when the after counts add up to the before counts and no taken-over customer lacks its new owner.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { getJob } from "./inheritance.views.ts";

export async function jobReport(ctx: Ctx, corpId: string, jobId: string) {
  const job = await getJob(ctx, corpId, jobId);
  const { rows: owners } = await sql<{ takeover: string; name: string | null; status: string; n: string }>`
    select i.takeover_userid as takeover, m.name, i.status, count(*)::text as n
    from inheritance_customers i
    left join members m on m.corp_id = i.corp_id and m.userid = i.takeover_userid
    where i.corp_id = ${corpId} and i.job_id = ${jobId}
    group by i.takeover_userid, m.name, i.status order by i.takeover_userid`.execute(ctx.db);
  const { rows: missing } = await sql<{ external_userid: string; takeover_userid: string }>`
    select i.external_userid, i.takeover_userid from inheritance_customers i
    where i.corp_id = ${corpId} and i.job_id = ${jobId} and i.status = 'succeeded'
      and not exists (select 1 from follow_relations r where r.corp_id = i.corp_id
        and r.external_userid = i.external_userid and r.userid = i.takeover_userid and r.status = 'active')
    order by i.external_userid limit 100`.execute(ctx.db);
  const c = job.customers;
  const afterCustomers = {
    newOwner: c.succeeded,
    refused: c.refused,
    limit: c.limit,
    failed: c.failed,
    open: c.planned + c.waiting,
  };
  const afterGroups = { newOwner: job.groups.succeeded, failed: job.groups.failed, open: job.groups.planned };
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const perTakeover = new Map<string, { takeover: string; name: string; counts: Record<string, number> }>();
  for (const o of owners) {
    const e = perTakeover.get(o.takeover) ?? { takeover: o.takeover, name: o.name || o.takeover, counts: {} };
    e.counts[o.status] = Number(o.n);
    perTakeover.set(o.takeover, e);
  }
  return {
    job,
    before: job.before,
    after: { customers: afterCustomers, groups: afterGroups },
    perTakeover: [...perTakeover.values()],
    /** Customers reported taken over whose new owner Siyu does not see active (should be none). */
    ownerMismatches: missing.map((m) => ({ externalUserid: m.external_userid, takeover: m.takeover_userid })),
    finished: afterCustomers.open === 0 && afterGroups.open === 0,
    balanced:
      sum(afterCustomers) === job.before.customers &&
      sum(afterGroups) === job.before.groups &&
      missing.length === 0,
  };
}
