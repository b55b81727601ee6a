// Completion of auto SOP tasks, detected: once every planned mass send of a task has left the outbox, WeCom is
// asked (get_groupmsg_task) whether the owner confirmed each one; when all that went out were confirmed the task
// is done ("detected"). Tasks are looked at again at most every few minutes; network calls hold no locks.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";

const BATCH = 20;
const RECHECK_MS = 5 * 60_000;

/** Looks at one batch of auto tasks; returns how many it found done. */
export async function detectCompletions(ctx: Ctx, limit = BATCH): Promise<number> {
  const now = new Date(ctx.clock.now());
  const tasks = await ctx.db
    .selectFrom("sop_tasks")
    .select(["id", "corp_id", "owner", "targets"])
    .where("status", "=", "open")
    .where("mode", "=", "auto")
    .where("due_at", "<=", now)
    .where((eb) =>
      eb.or([eb("checked_at", "is", null), eb("checked_at", "<=", new Date(now.getTime() - RECHECK_MS))]),
    )
    .orderBy(sql`checked_at asc nulls first`)
    .orderBy("id")
    .limit(limit)
    .execute();
  let done = 0;
  for (const t of tasks) {
    let confirmed = false;
    try {
      confirmed = await ownerConfirmedAll(ctx, t.corp_id, t.id, t.owner, t.targets);
    } catch (err) {
      ctx.log.warn({ err, taskId: t.id }, "could not read a SOP task's mass-send status");
    }
    const r = await ctx.db
      .updateTable("sop_tasks")
      .set(
        confirmed
          ? { status: "done", done_at: now, done_by: "detected", checked_at: now }
          : { checked_at: now },
      )
      .where("id", "=", t.id)
      .where("status", "=", "open")
      .executeTakeFirst();
    if (confirmed && Number(r.numUpdatedRows) > 0) done++;
  }
  return done;
}

async function ownerConfirmedAll(
  ctx: Ctx,
  corpId: string,
  taskId: string,
  owner: string,
  targets: string[],
): Promise<boolean> {
  // The task's rows by their exact keys (sops.fire.ts), so the outbox's unique index finds them.
  const keys = targets.map((target) => `sop-task:${taskId}:${target}`);
  if (keys.length === 0) return false;
  const rows = await ctx.db
    .selectFrom("outbox")
    .select(["status", "result"])
    .where("corp_id", "=", corpId)
    .where("idempotency_key", "=", sql<string>`any(${keys}::text[])`)
    .execute();
  if (rows.length === 0 || rows.some((r) => r.status === "pending" || r.status === "sending")) return false;
  const msgids = rows
    .filter((r) => r.status === "sent")
    .map((r) => (r.result as { msgid?: unknown } | null)?.msgid)
    .filter((m): m is string => typeof m === "string");
  if (msgids.length === 0) return false;
  const client = await ctx.wecom.forCorp(ctx, corpId);
  for (const msgid of msgids) {
    let sent = false;
    for await (const task of client.massMessage.tasks(msgid))
      if (task.userid === owner && task.status === 2) sent = true;
    if (!sent) return false;
  }
  return true;
}
