// The journey scheduler: due enrolments are claimed a batch at a time with FOR UPDATE SKIP LOCKED (several Siyu
// processes share the work, none takes a row another holds) and executed (journeys.step.ts) in the same
// transaction. Sending is the dispatcher's job, through the send gate.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { type DueRow, executeDue } from "./journeys.step.ts";

const BATCH = 500;

/**
 * Locks due enrolments (all due ones up to `limit`, or just `ids` when given), skipping rows another scheduler
 * holds; the lock lasts until the caller's transaction ends.
 */
async function claimDue(trx: Db, now: Date, limit: number, ids?: string[]): Promise<DueRow[]> {
  const only = ids ? sql`and e.id = any(${ids}::bigint[])` : sql``;
  const { rows } = await sql<DueRow>`
    select e.id::text, e.corp_id, e.journey_id::text, e.version, e.customer_id::text, e.external_userid,
      e.enrolled_at, e.step, e.next_due_at, v.steps,
      (select fr.userid from follow_relations fr
        where fr.corp_id = e.corp_id and fr.external_userid = e.external_userid and fr.status = 'active'
        order by fr.added_at desc nulls last limit 1) as sender
    from journey_enrollments e
    join journeys j on j.id = e.journey_id and j.status = 'active'
    join journey_versions v on v.journey_id = e.journey_id and v.version = e.version
    where e.status = 'active' and e.next_due_at <= ${now} ${only}
    order by e.next_due_at
    limit ${limit}
    for update of e skip locked`.execute(trx);
  return rows;
}

/** Runs one batch of due steps (or the given enrolments, if due); returns how many enrolments it moved. */
export async function runDueJourneys(ctx: Ctx, limit = BATCH, ids?: string[]): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await claimDue(trx, now, limit, ids);
    if (rows.length > 0) await executeDue({ ...ctx, db: trx }, rows, now);
    return rows.length;
  });
}

export type JourneyScheduler = Poller;

export function startJourneyScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): JourneyScheduler {
  return startPoller("journey scheduler", ctx.log, () => runDueJourneys(ctx), opts.idleDelayMs ?? 5_000);
}
