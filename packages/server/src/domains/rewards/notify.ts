// A note to one customer (progress, a reward) planned on the outbox's 1:1 channel, so it passes the send gate
// like every other marketing message. It goes from a member the customer still follows (the preferred ones
// first); with none, nothing is planned.
import type { Ctx } from "../../context.ts";

import { CUSTOMER_MESSAGE_CHANNEL } from "../outbox/customer-message.channel.ts";
import { planMessage } from "../outbox/outbox.service.ts";

/** What granting and planning need: the database (a transaction) and the clock. */
export type DbCtx = Pick<Ctx, "db" | "clock">;

export interface CustomerNote {
  corpId: string;
  externalUserId: string;
  /** Idempotency key: planning the same note twice plans it once. */
  key: string;
  planner: string;
  text: string;
  attachments?: Record<string, unknown>[];
  prefer?: string[];
}

/** The member to send as: an active relation, preferring `prefer` in order. */
export async function senderFor(ctx: DbCtx, corpId: string, externalUserId: string, prefer: string[] = []) {
  const rows = await ctx.db
    .selectFrom("follow_relations")
    .select(["userid", "added_at"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserId)
    .where("status", "=", "active")
    .orderBy("added_at", "asc")
    .execute();
  for (const p of prefer) if (rows.some((r) => r.userid === p)) return p;
  return rows[0]?.userid ?? null;
}

/** Plans the note; returns the outbox id, or null when no member can send it. */
export async function planCustomerNote(ctx: DbCtx, n: CustomerNote): Promise<string | null> {
  const sender = await senderFor(ctx, n.corpId, n.externalUserId, n.prefer);
  if (!sender) return null;
  const now = new Date(ctx.clock.now());
  const planned = await planMessage(ctx, {
    corpId: n.corpId,
    idempotencyKey: n.key,
    planner: n.planner,
    channel: CUSTOMER_MESSAGE_CHANNEL,
    recipient: n.externalUserId,
    sender,
    payload: { text: n.text, ...(n.attachments?.length ? { attachments: n.attachments } : {}) },
    notBefore: now,
    notAfter: null,
  });
  return planned.id;
}
