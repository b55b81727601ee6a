// Planning outgoing messages: one outbox row per (corp, idempotency key). Planning twice (a replayed event,
// a re-run after a crash) finds the existing row and plans nothing new. Call it inside the transaction that
// made the decision to send, so the plan commits with it.
import type { Ctx } from "../../context.ts";
import type { OutboxStatus } from "./outbox.tables.ts";

export interface PlannedMessage {
  corpId: string;
  idempotencyKey: string;
  planner: string;
  channel: string;
  recipient: string;
  sender: string | null;
  payload: Record<string, unknown>;
  notBefore: Date;
  notAfter: Date | null;
}

export async function planMessage(
  ctx: Pick<Ctx, "db" | "clock">,
  m: PlannedMessage,
): Promise<{ id: string; created: boolean }> {
  const now = new Date(ctx.clock.now());
  const inserted = await ctx.db
    .insertInto("outbox")
    .values({
      corp_id: m.corpId,
      idempotency_key: m.idempotencyKey,
      planner: m.planner,
      channel: m.channel,
      recipient: m.recipient,
      sender: m.sender,
      payload: JSON.stringify(m.payload),
      not_before: m.notBefore,
      not_after: m.notAfter,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(["corp_id", "idempotency_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await ctx.db
    .selectFrom("outbox")
    .select("id")
    .where("corp_id", "=", m.corpId)
    .where("idempotency_key", "=", m.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export interface OutboxItemView {
  id: string;
  idempotencyKey: string;
  planner: string;
  channel: string;
  recipient: string;
  sender: string | null;
  status: OutboxStatus;
  reason: string | null;
  attempts: number;
  notBefore: string;
  notAfter: string | null;
  createdAt: string;
  sentAt: string | null;
  decisions: {
    action: string;
    rule: string | null;
    reason: string;
    deferUntil: string | null;
    decidedAt: string;
  }[];
}

export async function listOutbox(
  ctx: Ctx,
  corpId: string,
  q: { status?: OutboxStatus; planner?: string; recipient?: string; limit: number },
): Promise<OutboxItemView[]> {
  let query = ctx.db.selectFrom("outbox").selectAll().where("corp_id", "=", corpId);
  if (q.status) query = query.where("status", "=", q.status);
  if (q.planner) query = query.where("planner", "=", q.planner);
  if (q.recipient) query = query.where("recipient", "=", q.recipient);
  const rows = await query.orderBy("id", "desc").limit(q.limit).execute();
  const ids = rows.map((r) => r.id);
  const decisions =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom("send_decisions")
          .selectAll()
          .where("corp_id", "=", corpId)
          .where("outbox_id", "in", ids)
          .orderBy("id")
          .execute();
  return rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotency_key,
    planner: r.planner,
    channel: r.channel,
    recipient: r.recipient,
    sender: r.sender,
    status: r.status,
    reason: r.reason,
    attempts: r.attempts,
    notBefore: r.not_before.toISOString(),
    notAfter: r.not_after?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    decisions: decisions
      .filter((d) => d.outbox_id === r.id)
      .map((d) => ({
        action: d.action,
        rule: d.rule,
        reason: d.reason,
        deferUntil: d.defer_until?.toISOString() ?? null,
        decidedAt: d.decided_at.toISOString(),
      })),
  }));
}
