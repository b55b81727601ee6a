// Bulk tag/untag: a job materialises its targets (every live follow relation of the selected or filtered
// customers, within the caller's scope) as tag_job_items, then calls mark_tag for each pending item. Progress is
// committed per chunk, so an interrupted job (crash, WeCom outage) resumes with the items still pending.
import { WeComApiError } from "@siyu/wecom";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Scope } from "../customers/customers.scope.ts";
import { type CustomerFilter, filteredCustomers } from "../customers/customers.service.ts";
import { isStopping } from "../sync/sync.stop.ts";
import { markTags } from "./tags.service.ts";

const CHUNK = 50;

export interface TagJobInput {
  add: string[];
  remove: string[];
  customerIds?: string[];
  filter?: Omit<CustomerFilter, "corpId">;
}

export async function createTagJob(
  ctx: Ctx,
  corpId: string,
  input: TagJobInput,
  scope: Scope,
  userId: string | null,
) {
  const at = nowDate(ctx.clock);
  const job = await ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto("tag_jobs")
      .values({
        corp_id: corpId,
        add_tags: input.add,
        remove_tags: input.remove,
        selection: JSON.stringify(
          input.customerIds ? { customerIds: input.customerIds } : { filter: input.filter },
        ),
        created_by: userId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const tctx = { ...ctx, db: trx };
    let customers = filteredCustomers(tctx, { tag: [], ...input.filter, corpId }, scope).select(
      "customers.external_userid",
    );
    if (input.customerIds) customers = customers.where("customers.id", "in", input.customerIds);
    const memberOnly = scope.kind === "member" ? (scope.userid ?? "") : null;
    const inserted = await sql<{ n: string }>`with ins as (
        insert into tag_job_items (job_id, external_userid, userid)
        select ${created.id}::bigint, f.external_userid, f.userid from follow_relations f
        where f.corp_id = ${corpId} and f.status in ('active', 'deleted_by_customer')
          and (${memberOnly}::text is null or f.userid = ${memberOnly}::text)
          and f.external_userid in (${customers.clearSelect().select("customers.external_userid")})
        on conflict do nothing returning 1)
      select count(*) as n from ins`.execute(trx);
    const total = Number(inserted.rows[0]!.n);
    await trx.updateTable("tag_jobs").set({ total }).where("id", "=", created.id).execute();
    return created.id;
  });
  return job;
}

export async function getTagJob(ctx: Ctx, corpId: string, id: string) {
  const j = await ctx.db
    .selectFrom("tag_jobs")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!j) throw new AppError("TAG_JOB_NOT_FOUND", `no tag job ${id}`);
  return {
    id: j.id,
    corpId: j.corp_id,
    status: j.status,
    add: j.add_tags,
    remove: j.remove_tags,
    total: j.total,
    done: j.done,
    failed: j.failed,
    error: j.error,
    createdAt: new Date(j.created_at).toISOString(),
    updatedAt: new Date(j.updated_at).toISOString(),
  };
}

const running = new Map<string, { db: object; promise: Promise<void> }>();

/** Waits for the jobs this server is running; call after markStopping(ctx.db). */
export async function settleTagJobs(ctx: Ctx): Promise<void> {
  await Promise.all([...running.values()].filter((e) => e.db === ctx.db).map((e) => e.promise));
}

/** Runs (or resumes) a job in the background; the promise never rejects. */
export function runTagJob(ctx: Ctx, id: string): Promise<void> {
  const current = running.get(id);
  if (current) return current.promise;
  const p = execute(ctx, id)
    .catch((err) => ctx.log.error({ err, jobId: id }, "tag job could not record its outcome"))
    .finally(() => running.delete(id));
  running.set(id, { db: ctx.db, promise: p });
  return p;
}

async function execute(ctx: Ctx, id: string): Promise<void> {
  const job = await ctx.db.selectFrom("tag_jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  await ctx.db
    .updateTable("tag_jobs")
    .set({ status: "running", error: null, updated_at: nowDate(ctx.clock) })
    .where("id", "=", id)
    .execute();
  try {
    for (;;) {
      const items = await ctx.db
        .selectFrom("tag_job_items")
        .select(["external_userid", "userid"])
        .where("job_id", "=", id)
        .where("status", "=", "pending")
        .limit(CHUNK)
        .execute();
      if (items.length === 0) break;
      if (isStopping(ctx.db)) {
        // Shutting down: leave the job pending; it resumes at the next start.
        await ctx.db.updateTable("tag_jobs").set({ status: "pending" }).where("id", "=", id).execute();
        return;
      }
      for (const item of items) {
        let status: "done" | "failed" = "done";
        let error: string | null = null;
        try {
          await markTags(ctx, {
            corpId: job.corp_id,
            userid: item.userid,
            externalUserId: item.external_userid,
            add: job.add_tags,
            remove: job.remove_tags,
            source: "siyu",
            reason: `bulk job ${id}`,
          });
        } catch (err) {
          // WeCom refusing this one relation fails the item; anything else (network, outage) stops the job.
          if (!(err instanceof WeComApiError) || [-1, 45009].includes(err.errcode)) throw err;
          status = "failed";
          error = `errcode ${err.errcode}`;
        }
        await ctx.db.transaction().execute(async (trx) => {
          await trx
            .updateTable("tag_job_items")
            .set({ status, error })
            .where("job_id", "=", id)
            .where("external_userid", "=", item.external_userid)
            .where("userid", "=", item.userid)
            .execute();
          await trx
            .updateTable("tag_jobs")
            .set((eb) =>
              status === "done"
                ? { done: eb("done", "+", 1), updated_at: nowDate(ctx.clock) }
                : { failed: eb("failed", "+", 1), updated_at: nowDate(ctx.clock) },
            )
            .where("id", "=", id)
            .execute();
        });
      }
    }
    await ctx.db
      .updateTable("tag_jobs")
      .set({ status: "done", updated_at: nowDate(ctx.clock) })
      .where("id", "=", id)
      .execute();
  } catch (err) {
    ctx.log.warn({ err, jobId: id }, "tag job stopped");
    await ctx.db
      .updateTable("tag_jobs")
      .set({
        status: "failed",
        error: err instanceof Error ? err.message : String(err),
        updated_at: nowDate(ctx.clock),
      })
      .where("id", "=", id)
      .execute();
  }
}

/** Jobs a stopped process left pending or running; called at start-up. */
export async function resumeTagJobs(ctx: Ctx): Promise<void> {
  const jobs = await ctx.db
    .selectFrom("tag_jobs")
    .select("id")
    .where("status", "in", ["pending", "running"])
    .execute();
  for (const j of jobs) void runTagJob(ctx, j.id);
}
