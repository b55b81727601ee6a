// Inbox inspection: counts for the dashboard, the dead-letter list, and replay of a dead event.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";

export async function inboxStats(ctx: Ctx, since: Date) {
  const row = await ctx.db
    .selectFrom("inbox_events")
    .select([
      sql<string>`count(*) filter (where received_at >= ${since})`.as("received_today"),
      sql<string>`count(*) filter (where status = 'pending')`.as("pending"),
      sql<string>`count(*) filter (where status = 'done')`.as("processed"),
      sql<string>`count(*) filter (where status = 'dead')`.as("dead"),
    ])
    .executeTakeFirstOrThrow();
  return {
    receivedToday: Number(row.received_today),
    pending: Number(row.pending),
    processed: Number(row.processed),
    dead: Number(row.dead),
  };
}

export async function listDead(ctx: Ctx, opts: { corpId?: string; limit: number; afterId?: string }) {
  let q = ctx.db
    .selectFrom("inbox_events")
    .select(["id", "corp_id", "event_type", "last_error", "attempts", "received_at"])
    .where("status", "=", "dead")
    .orderBy("id", "desc")
    .limit(opts.limit);
  if (opts.corpId) q = q.where("corp_id", "=", opts.corpId);
  if (opts.afterId) q = q.where("id", "<", opts.afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    corpId: r.corp_id,
    eventType: r.event_type,
    error: r.last_error ?? "",
    attempts: r.attempts,
    receivedAt: r.received_at.toISOString(),
  }));
}

export async function replayDead(ctx: Ctx, id: string): Promise<void> {
  const exists = await ctx.db
    .selectFrom("inbox_events")
    .select("status")
    .where("id", "=", id)
    .executeTakeFirst();
  if (!exists) throw new AppError("EVENT_NOT_FOUND", `inbox event ${id} does not exist`);
  if (exists.status !== "dead")
    throw new AppError("EVENT_NOT_DEAD", `inbox event ${id} is ${exists.status}, not dead`);
  await ctx.db
    .updateTable("inbox_events")
    .set({ status: "pending", attempts: 0, next_attempt_at: new Date(ctx.clock.now()) })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .execute();
}
