// The journey scheduler: due enrolments are claimed a batch at a time with FOR UPDATE SKIP LOCKED (several Siyu
// processes share the work, none takes a row another holds) and executed set-based (journeys.batch.ts) in the
// same transaction — by the scanning process, or, with SIYU_SCHEDULER=graphile, by whichever process's
// graphile-worker runner takes the step's job. Sending is the dispatcher's job, through the send gate.
import type { TaskList } from "graphile-worker";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { executeDueBatch } from "./journeys.batch.ts";
import type { StepInput } from "./journeys.schemas.ts";
import type { DueRow } from "./journeys.step.ts";

const BATCH = 2_000;

/**
 * Who sends each row's step: the member of the customer's newest active relation who has neither left nor been
 * removed — one query for the batch (per row, a correlated look-up cost more than the rest of the step).
 */
async function senders(trx: Db, rows: Omit<DueRow, "steps" | "sender">[]): Promise<Map<number, string>> {
  const { rows: found } = await sql<{ i: number; userid: string }>`
    select distinct on (u.i) u.i, fr.userid
    from unnest(${rows.map((_, i) => i)}::int[], ${rows.map((r) => r.corp_id)}::text[],
      ${rows.map((r) => r.external_userid)}::text[]) as u(i, corp, ext)
    join follow_relations fr on fr.corp_id = u.corp and fr.external_userid = u.ext and fr.status = 'active'
    left join members m on m.corp_id = fr.corp_id and m.userid = fr.userid
    where m.userid is null or not (m.status = 5 or m.removed)
    order by u.i, fr.added_at desc nulls last`.execute(trx);
  return new Map(found.map((f) => [f.i, f.userid]));
}

/**
 * Locks due enrolments (all due ones up to `limit`, or just `ids` when given), skipping rows another scheduler
 * holds; the lock lasts until the caller's transaction ends.
 */
export async function claimDue(trx: Db, now: Date, limit: number, ids?: string[]): Promise<DueRow[]> {
  // The active lines first (a handful of rows), so the claim itself walks the due index in order and stops at
  // `limit` rows instead of joining every due enrolment to its line and sorting them.
  const active = (await trx.selectFrom("journeys").select("id").where("status", "=", "active").execute()).map(
    (j) => String(j.id),
  );
  if (active.length === 0) return [];
  const only = ids ? sql`and e.id = any(${ids}::bigint[])` : sql``;
  const { rows } = await sql<Omit<DueRow, "steps" | "sender">>`
    select e.id::text, e.corp_id, e.journey_id::text, e.version, e.customer_id::text, e.external_userid,
      e.enrolled_at, e.step, e.next_due_at
    from journey_enrollments e
    where e.status = 'active' and e.next_due_at <= ${now} and e.journey_id = any(${active}::bigint[]) ${only}
    order by e.next_due_at
    limit ${limit}
    for update of e skip locked`.execute(trx);
  if (rows.length === 0) return [];
  const sender = await senders(trx, rows);
  // Each (line, version)'s steps once for the batch, shared by its rows.
  const pairs = [...new Set(rows.map((r) => `${r.journey_id}:${r.version}`))].map((p) => p.split(":"));
  const { rows: versions } = await sql<{ journey_id: string; version: number; steps: StepInput[] }>`
    select v.journey_id::text, v.version, v.steps from journey_versions v
    join unnest(${pairs.map((p) => p[0])}::bigint[], ${pairs.map((p) => Number(p[1]))}::int[]) as u(j, v)
      on v.journey_id = u.j and v.version = u.v`.execute(trx);
  const steps = new Map(versions.map((v) => [`${v.journey_id}:${v.version}`, v.steps]));
  return rows.map((r, i) => ({
    ...r,
    steps: steps.get(`${r.journey_id}:${r.version}`) ?? [],
    sender: sender.get(i) ?? null,
  }));
}

/** Runs one batch of due steps (or the given enrolments, if due); returns how many enrolments it moved. */
export async function runDueJourneys(ctx: Ctx, limit = BATCH, ids?: string[]): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await claimDue(trx, now, limit, ids);
    if (rows.length > 0) await executeDueBatch({ ...ctx, db: trx }, rows, now);
    return rows.length;
  });
}

/** The graphile-worker task that runs one enrolment's due step (a no-op when it is no longer due). */
export const JOURNEY_STEP_TASK = "journey_step";

export function journeyTasks(ctx: Ctx): TaskList {
  return {
    [JOURNEY_STEP_TASK]: async (payload) => {
      const { id } = payload as { id: string };
      await runDueJourneys(ctx, 1, [id]);
    },
  };
}

/**
 * A step job takes well under a second; one still locked after this long belongs to a worker that died (a SIGKILL:
 * graphile-worker itself frees such jobs only after 4 hours, and the job key keeps the step from being queued again).
 */
const DEAD_WORKER_AFTER = "5 minutes";

/** Frees the jobs of workers that died holding a journey step job; returns how many workers. */
export async function unlockDeadJourneyWorkers(ctx: Ctx): Promise<number> {
  const { rows } = await sql<{ workers: string[] | null }>`
    select array_agg(distinct locked_by) as workers from graphile_worker.jobs
    where task_identifier = ${JOURNEY_STEP_TASK} and locked_at < now() - ${DEAD_WORKER_AFTER}::interval`.execute(
    ctx.db,
  );
  const workers = rows[0]?.workers ?? [];
  if (workers.length === 0) return 0;
  await sql`select graphile_worker.force_unlock_workers(${workers}::text[])`.execute(ctx.db);
  ctx.log.warn({ workers }, "journey step jobs of dead graphile workers unlocked");
  return workers.length;
}

/**
 * The graphile executor's scan: a job per due enrolment step that has none yet (the job key names enrolment and
 * step, so a step is queued once; a job failing for good stays in graphile_worker.jobs for an operator to see).
 * Jobs a dead worker held are freed first, so the step runs now rather than hours later.
 */
export async function enqueueDueJourneys(ctx: Ctx, limit = BATCH): Promise<number> {
  await unlockDeadJourneyWorkers(ctx);
  const now = new Date(ctx.clock.now());
  const { rows } = await sql<{ n: number }>`
    with due as (
      select e.id, e.step from journey_enrollments e
      join journeys j on j.id = e.journey_id and j.status = 'active'
      where e.status = 'active' and e.next_due_at <= ${now}
        and not exists (select 1 from graphile_worker.jobs g where g.key = 'journey:' || e.id || ':s' || e.step)
      order by e.next_due_at
      limit ${limit}
    )
    select count(graphile_worker.add_job(${JOURNEY_STEP_TASK}, json_build_object('id', due.id::text),
      job_key => 'journey:' || due.id || ':s' || due.step, max_attempts => 10))::int as n
    from due`.execute(ctx.db);
  return rows[0]?.n ?? 0;
}

export type JourneyScheduler = Poller;

/** Scans for due steps: runs them here (in-process executor) or queues them as graphile-worker jobs. */
export function startJourneyScheduler(
  ctx: Ctx,
  opts: { idleDelayMs?: number; executor?: "inprocess" | "graphile" } = {},
): JourneyScheduler {
  const round = opts.executor === "graphile" ? () => enqueueDueJourneys(ctx) : () => runDueJourneys(ctx);
  return startPoller("journey scheduler", ctx.log, round, opts.idleDelayMs ?? 5_000);
}
