// Follow-up tasks: a customer whose line ended by a "task" rule (typically: they replied) is handed to the staff
// member who follows them; the console lists open tasks and staff mark them done. Also the step log's skips, so
// the operator sees who missed which step and why.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";

export async function listTasks(
  ctx: Ctx,
  corpId: string,
  status: "open" | "done" | undefined,
  limit: number,
) {
  let q = ctx.db
    .selectFrom("journey_tasks as t")
    .innerJoin("journeys as j", "j.id", "t.journey_id")
    .leftJoin("customers as c", (jn) =>
      jn.onRef("c.id", "=", "t.customer_id").onRef("c.corp_id", "=", "t.corp_id"),
    )
    .select([
      "t.id",
      "t.journey_id",
      "j.name as journey_name",
      "t.external_userid",
      "c.name as customer_name",
    ])
    .select(["t.userid", "t.reason", "t.status", "t.created_at", "t.done_at"])
    .where("t.corp_id", "=", corpId)
    .orderBy("t.id", "desc")
    .limit(limit);
  if (status) q = q.where("t.status", "=", status);
  return (await q.execute()).map((t) => ({
    id: String(t.id),
    journeyId: String(t.journey_id),
    journeyName: t.journey_name,
    externalUserid: t.external_userid,
    customerName: t.customer_name ?? "",
    userid: t.userid,
    reason: t.reason,
    status: t.status,
    createdAt: t.created_at.toISOString(),
    doneAt: t.done_at?.toISOString() ?? null,
  }));
}

export async function completeTask(ctx: Ctx, corpId: string, id: string) {
  const r = await ctx.db
    .updateTable("journey_tasks")
    .set({ status: "done", done_at: new Date(ctx.clock.now()) })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) {
    const exists = await ctx.db
      .selectFrom("journey_tasks")
      .select("id")
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (!exists) throw new AppError("JOURNEY_TASK_NOT_FOUND", `task ${id} does not exist in corp ${corpId}`);
  }
}

/** The line's skipped steps, newest first: customer, step, channel and reason. */
export async function listSkips(ctx: Ctx, corpId: string, journeyId: string, limit: number) {
  const rows = await ctx.db
    .selectFrom("journey_step_log as l")
    .innerJoin("customers as c", (jn) =>
      jn.onRef("c.id", "=", "l.customer_id").onRef("c.corp_id", "=", "l.corp_id"),
    )
    .select(["l.step", "l.version", "l.channel", "l.reason", "l.at", "c.external_userid", "c.name"])
    .where("l.corp_id", "=", corpId)
    .where("l.journey_id", "=", journeyId)
    .where("l.outcome", "=", "skipped")
    .orderBy("l.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    externalUserid: r.external_userid,
    customerName: r.name,
    version: r.version,
    step: r.step,
    channel: r.channel,
    reason: r.reason ?? "",
    at: r.at.toISOString(),
  }));
}
