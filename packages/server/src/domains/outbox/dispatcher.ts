// The dispatcher: takes due outbox rows, asks the send gate, and sends what it allows through the row's channel.
// Exactly-once out: a row is marked `sending` (committed) before the channel is called, and `sent` after. A
// crash in between leaves it `sending`; recovery turns such rows into `unknown` (reported, never resent), so a
// message is sent at most once. Failures are retried only when the channel says a retry cannot duplicate.
import type { Ctx } from "../../context.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { sendGate as defaultGate, type GateDecision, type SendGate } from "../send-gate/send-gate.ts";
import type { Channel, ChannelRegistry, OutboxRow } from "./channels.ts";

export interface DispatcherOptions {
  gate?: SendGate;
  batchSize?: number;
  /** How often to look for due rows when nothing woke the dispatcher. */
  idleDelayMs?: number;
  /** A row still `sending` after this long was interrupted (a crash): it becomes `unknown`. */
  interruptedAfterMs?: number;
  maxAttempts?: number;
  /** Parallel sends per batch. */
  concurrency?: number;
}

const retryDelayMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 300_000);

/** Marks rows left `sending` by a crashed process as `unknown`; returns how many. */
export async function recoverInterrupted(ctx: Ctx, interruptedAfterMs: number): Promise<number> {
  const now = new Date(ctx.clock.now());
  const rows = await ctx.db
    .updateTable("outbox")
    .set({
      status: "unknown",
      reason:
        "interrupted while sending (the process stopped); not resent, so it may or may not have arrived",
      updated_at: now,
    })
    .where("status", "=", "sending")
    .where("updated_at", "<=", new Date(now.getTime() - interruptedAfterMs))
    .returning("id")
    .execute();
  if (rows.length > 0) ctx.log.warn({ count: rows.length }, "outbox rows interrupted while sending");
  return rows.length;
}

/**
 * Phase 1: claim due rows, decide each through the gate, and mark the allowed ones `sending` — one
 * transaction. Returns the rows to send now.
 */
export async function claimAndDecide(
  ctx: Ctx,
  channels: ChannelRegistry,
  opts: DispatcherOptions = {},
): Promise<{ claimed: number; toSend: OutboxRow[] }> {
  const gate = opts.gate ?? defaultGate;
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const tctx: Ctx = { ...ctx, db: trx };
    const rows = (await trx
      .selectFrom("outbox")
      .select([
        "id",
        "corp_id",
        "idempotency_key",
        "planner",
        "channel",
        "recipient",
        "sender",
        "payload",
        "attempts",
        "not_before",
        "not_after",
      ])
      .where("status", "=", "pending")
      .where("not_before", "<=", now)
      .orderBy("not_before")
      .orderBy("id")
      .limit(opts.batchSize ?? 50)
      .forUpdate()
      .skipLocked()
      .execute()) as OutboxRow[];
    const toSend: OutboxRow[] = [];
    const routed: { row: OutboxRow; channel: Channel }[] = [];
    for (const row of rows) {
      const channel = channels.get(row.channel);
      if (channel) {
        routed.push({ row, channel });
        continue;
      }
      await trx
        .updateTable("outbox")
        .set({ status: "failed", reason: `no channel ${row.channel} in this process`, updated_at: now })
        .where("id", "=", row.id)
        .execute();
    }
    const decisions = await gate.submitBatch(
      tctx,
      routed.map(({ row, channel }) => ({
        corpId: row.corp_id,
        outboxId: row.id,
        idempotencyKey: row.idempotency_key,
        planner: row.planner,
        channel: row.channel,
        purpose: channel.purpose,
        recipient: row.recipient,
        sender: row.sender,
        content: channel.content(row),
        notBefore: row.not_before,
        notAfter: row.not_after,
        ...(channel.notAfterWhy ? { notAfterWhy: channel.notAfterWhy } : {}),
      })),
    );
    for (const [i, { row }] of routed.entries()) {
      const decision = decisions[i] as GateDecision;
      if (decision.action === "drop") {
        await trx
          .updateTable("outbox")
          .set({ status: "dropped", reason: `${decision.rule}: ${decision.reason}`, updated_at: now })
          .where("id", "=", row.id)
          .execute();
      } else if (decision.action === "defer") {
        await trx
          .updateTable("outbox")
          .set({
            not_before: decision.until,
            reason: `${decision.rule}: ${decision.reason}`,
            updated_at: now,
          })
          .where("id", "=", row.id)
          .execute();
      } else {
        await trx
          .updateTable("outbox")
          .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updated_at: now }))
          .where("id", "=", row.id)
          .execute();
        toSend.push({ ...row, attempts: row.attempts + 1 });
      }
    }
    return { claimed: rows.length, toSend };
  });
}

/** Phase 2 and 3: send one row through its channel and record the outcome. */
export async function sendOne(
  ctx: Ctx,
  channels: ChannelRegistry,
  row: OutboxRow,
  opts: DispatcherOptions = {},
): Promise<void> {
  const channel = channels.get(row.channel);
  if (!channel) return;
  let result: Record<string, unknown> | undefined;
  try {
    result = await channel.send(ctx, row);
  } catch (err) {
    const verdict = channel.classify(err);
    const now = new Date(ctx.clock.now());
    const retry = verdict.retry && row.attempts < (opts.maxAttempts ?? 5);
    ctx.log.warn(
      { outboxId: row.id, channel: row.channel, retry, reason: verdict.reason },
      "outbox send failed",
    );
    await ctx.db
      .updateTable("outbox")
      .set({
        status: retry ? "pending" : "failed",
        reason: verdict.reason,
        not_before: retry ? new Date(now.getTime() + retryDelayMs(row.attempts)) : row.not_before,
        updated_at: now,
      })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .execute();
    // A message that did not go out does not count against the customer's quota or cap (a retry is decided anew).
    await ctx.db.deleteFrom("recipient_touches").where("outbox_id", "=", row.id).execute();
    return;
  }
  const now = new Date(ctx.clock.now());
  await ctx.db
    .updateTable("outbox")
    .set({
      status: "sent",
      sent_at: now,
      reason: null,
      result: result ? JSON.stringify(result) : null,
      updated_at: now,
    })
    .where("id", "=", row.id)
    .where("status", "=", "sending")
    .execute();
}

/** One round: recover, claim, send. Returns how many rows it claimed. */
export async function dispatchOnce(
  ctx: Ctx,
  channels: ChannelRegistry,
  opts: DispatcherOptions = {},
): Promise<number> {
  await recoverInterrupted(ctx, opts.interruptedAfterMs ?? 60_000);
  const { claimed, toSend } = await claimAndDecide(ctx, channels, opts);
  const concurrency = opts.concurrency ?? 8;
  for (let i = 0; i < toSend.length; i += concurrency) {
    await Promise.all(toSend.slice(i, i + concurrency).map((row) => sendOne(ctx, channels, row, opts)));
  }
  return claimed;
}

export type Dispatcher = Poller;

export function startDispatcher(
  ctx: Ctx,
  channels: ChannelRegistry,
  opts: DispatcherOptions = {},
): Dispatcher {
  return startPoller(
    "outbox dispatcher",
    ctx.log,
    () => dispatchOnce(ctx, channels, opts),
    opts.idleDelayMs ?? 200,
  );
}
