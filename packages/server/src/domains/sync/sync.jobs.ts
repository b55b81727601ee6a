// Sync and reconcile runs: directory → tags → customers → groups → sweep, each phase checkpointed in sync_runs so
// a run interrupted by a crash or a WeCom failure resumes where it stopped. A full sync and a reconcile run the
// same passes; a reconcile also writes timeline entries and itemised repairs for what it found different.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { type CustomerCheckpoint, sweepRelations, syncCustomers } from "../customers/customers.sync.ts";
import { syncGroups } from "../customers/groups.sync.ts";
import { syncDirectory } from "../directory/directory.sync.ts";
import { mirrorTagGroups } from "../tags/tags.mirror.ts";
import { RunRecorder, type SyncRun } from "./sync.run.ts";
import { isStopping, JobStopped } from "./sync.stop.ts";

export const PHASES = ["directory", "tags", "customers", "groups", "sweep", "done"] as const;
export type Phase = (typeof PHASES)[number];

export interface SyncRunView {
  id: string;
  corpId: string;
  kind: "full" | "reconcile";
  trigger: string;
  status: "pending" | "running" | "done" | "failed";
  phase: string;
  progress: Record<string, number>;
  repairs: Record<string, number>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

type Row = Awaited<ReturnType<typeof loadRun>>;

function loadRun(db: Db, id: string) {
  return db.selectFrom("sync_runs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function toView(r: NonNullable<Row>): SyncRunView {
  return {
    id: r.id,
    corpId: r.corp_id,
    kind: r.kind,
    trigger: r.trigger,
    status: r.status,
    phase: r.phase,
    progress: r.progress as Record<string, number>,
    repairs: r.repairs as Record<string, number>,
    error: r.error,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: r.started_at ? r.started_at.toISOString() : null,
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  };
}

/** Runs executing in this process, so one run is never executed twice at once. */
const executing = new Map<string, { db: object; promise: Promise<SyncRunView> }>();

/** Waits for the runs this server is executing; call after markStopping(ctx.db). */
export async function settleRuns(ctx: Ctx): Promise<void> {
  await Promise.all([...executing.values()].filter((e) => e.db === ctx.db).map((e) => e.promise));
}

/**
 * Starts a sync (or reconcile) of a corp in the background, or returns the one already pending/running.
 * `promise` settles when the run ends (it never rejects: a failure is recorded on the run).
 */
export async function startSync(
  ctx: Ctx,
  corpId: string,
  kind: "full" | "reconcile",
  trigger = "manual",
): Promise<{ run: SyncRunView; promise: Promise<SyncRunView>; started: boolean }> {
  const corp = await ctx.db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!corp) throw new AppError("CORP_NOT_FOUND", `no corp ${corpId}`);
  const inserted = await ctx.db
    .insertInto("sync_runs")
    .values({
      corp_id: corpId,
      kind,
      trigger,
      created_at: nowDate(ctx.clock),
      updated_at: nowDate(ctx.clock),
    })
    .onConflict((oc) => oc.column("corp_id").where("status", "in", ["pending", "running"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  const row =
    inserted ??
    (await ctx.db
      .selectFrom("sync_runs")
      .selectAll()
      .where("corp_id", "=", corpId)
      .where("status", "in", ["pending", "running"])
      .executeTakeFirstOrThrow());
  // A run already active may be executing in another process (server vs CLI): watch it rather than run it twice.
  const promise = inserted
    ? executeRun(ctx, row.id)
    : (executing.get(row.id)?.promise ?? waitForRun(ctx, row.id));
  return { run: toView(row), promise, started: inserted !== undefined };
}

/** Resumes a failed or interrupted run from its checkpoint. */
export async function resumeSync(ctx: Ctx, runId: string): Promise<Promise<SyncRunView>> {
  const res = await ctx.db
    .updateTable("sync_runs")
    .set({ status: "pending", error: null })
    .where("id", "=", runId)
    .where("status", "in", ["failed", "pending", "running"])
    .returning("id")
    .executeTakeFirst();
  if (!res) throw new AppError("SYNC_NOT_RESUMABLE", `sync run ${runId} is finished or unknown`);
  return executeRun(ctx, runId);
}

/** Runs left pending or running by a process that stopped; called at start-up. */
export async function resumeInterrupted(ctx: Ctx): Promise<Promise<SyncRunView>[]> {
  const rows = await ctx.db
    .selectFrom("sync_runs")
    .select("id")
    .where("status", "in", ["pending", "running"])
    .execute();
  return rows.filter((r) => !executing.has(r.id)).map((r) => executeRun(ctx, r.id));
}

/** Polls a run until it ends. */
export async function waitForRun(ctx: Ctx, runId: string, everyMs = 500): Promise<SyncRunView> {
  for (;;) {
    const row = await loadRun(ctx.db, runId);
    if (row.status === "done" || row.status === "failed") return toView(row);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function executeRun(ctx: Ctx, runId: string): Promise<SyncRunView> {
  const current = executing.get(runId);
  if (current) return current.promise;
  const p = execute(ctx, runId).finally(() => executing.delete(runId));
  executing.set(runId, { db: ctx.db, promise: p });
  return p;
}

/** Never rejects: a run that cannot even record its failure (e.g. the database closed) stays resumable. */
async function execute(ctx: Ctx, runId: string): Promise<SyncRunView> {
  try {
    return await executeUnsafe(ctx, runId);
  } catch (err) {
    ctx.log.error({ err, runId }, "sync run could not record its outcome");
    return { id: runId, status: "failed", error: String(err) } as SyncRunView;
  }
}

async function executeUnsafe(ctx: Ctx, runId: string): Promise<SyncRunView> {
  let row = await loadRun(ctx.db, runId);
  const startedAt = row.started_at ?? nowDate(ctx.clock);
  await ctx.db
    .updateTable("sync_runs")
    .set({ status: "running", started_at: startedAt, updated_at: nowDate(ctx.clock) })
    .where("id", "=", runId)
    .execute();
  const stored = await ctx.db
    .selectFrom("sync_repairs")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("run_id", "=", runId)
    .executeTakeFirstOrThrow();
  const rec = new RunRecorder(
    { ...(row.progress as Record<string, number>) },
    { ...(row.repairs as Record<string, number>) },
    Number(stored.n),
  );
  const checkpoint: Record<string, unknown> = { ...row.checkpoint };
  let phase = row.phase as Phase;
  try {
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    const run: SyncRun = {
      ctx,
      corpId: row.corp_id,
      runId,
      kind: row.kind,
      timeline: row.kind === "reconcile",
      startedAt,
      client,
      rec,
      async save(patch, db = ctx.db) {
        // Shutting down: stop here (the caller's transaction rolls back; the run resumes at the next start).
        if (isStopping(ctx.db)) throw new JobStopped("the server is stopping");
        Object.assign(checkpoint, patch);
        const at = nowDate(ctx.clock);
        await rec.flush(db, runId, row.corp_id, at);
        await db
          .updateTable("sync_runs")
          .set({
            phase,
            checkpoint: JSON.stringify(checkpoint),
            progress: JSON.stringify(rec.progress),
            repairs: JSON.stringify(rec.repairs),
            updated_at: at,
          })
          .where("id", "=", runId)
          .execute();
      },
    };
    while (phase !== "done") {
      if (phase === "directory") await syncDirectory(run);
      else if (phase === "tags") {
        const { tag_group } = await client.corpTags.list();
        const diffs = await ctx.db
          .transaction()
          .execute((trx) =>
            mirrorTagGroups(trx, run.corpId, tag_group, nowDate(ctx.clock), { complete: true }),
          );
        for (const d of diffs)
          rec.repair(d.kind, { id: d.id, name: d.name, ...(d.from ? { from: d.from } : {}) });
        rec.count(
          "tags",
          tag_group.reduce((n, g) => n + g.tag.length, 0),
        );
      } else if (phase === "customers")
        await syncCustomers(run, (checkpoint.customers ?? {}) as CustomerCheckpoint);
      else if (phase === "groups") await syncGroups(run);
      else if (phase === "sweep") await sweepRelations(run);
      phase = PHASES[PHASES.indexOf(phase) + 1]!;
      await run.save({});
    }
    await ctx.db
      .updateTable("sync_runs")
      .set({ status: "done", finished_at: nowDate(ctx.clock), updated_at: nowDate(ctx.clock) })
      .where("id", "=", runId)
      .execute();
  } catch (err) {
    if (err instanceof JobStopped) {
      await ctx.db
        .updateTable("sync_runs")
        .set({ status: "pending", updated_at: nowDate(ctx.clock) })
        .where("id", "=", runId)
        .execute();
      return toView(await loadRun(ctx.db, runId));
    }
    ctx.log.warn({ err, runId }, "sync run failed");
    await ctx.db
      .updateTable("sync_runs")
      .set({
        status: "failed",
        error: err instanceof Error ? err.message : String(err),
        progress: JSON.stringify(rec.progress),
        repairs: JSON.stringify(rec.repairs),
        updated_at: nowDate(ctx.clock),
      })
      .where("id", "=", runId)
      .execute();
  }
  row = await loadRun(ctx.db, runId);
  return toView(row);
}

export async function latestRuns(ctx: Ctx, corpId: string, limit = 10): Promise<SyncRunView[]> {
  const rows = await ctx.db
    .selectFrom("sync_runs")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toView);
}

export async function runRepairs(ctx: Ctx, corpId: string, runId: string, limit = 200) {
  const rows = await ctx.db
    .selectFrom("sync_repairs")
    .select(["kind", "ref", "at"])
    .where("corp_id", "=", corpId)
    .where("run_id", "=", runId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ kind: r.kind, ref: r.ref, at: new Date(r.at).toISOString() }));
}

/** Counts used by tests and the CLI. */
export async function countRows(ctx: Ctx, corpId: string) {
  const q = await sql<{ customers: string; relations: string }>`select
      (select count(*) from customers where corp_id = ${corpId}) as customers,
      (select count(*) from follow_relations where corp_id = ${corpId} and status in ('active', 'deleted_by_customer')) as relations`.execute(
    ctx.db,
  );
  const r = q.rows[0]!;
  return { customers: Number(r.customers), relations: Number(r.relations) };
}
