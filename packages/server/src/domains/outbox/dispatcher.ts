// The dispatcher: takes due outbox rows, asks the send gate, and sends what it allows through the row's channel.
// Exactly-once out: a row is marked `sending` (committed) before the channel is called, and `sent` after; the
// batch's rows are held by session advisory locks on one connection from before that commit until their outcome is
// recorded. A row found `sending` whose lock is free was interrupted (the process or its connection died): its
// channel asks the provider whether the message arrived (customer messages: WeCom's mass-message list) — found, it
// is marked sent; not there, it goes back to pending and is sent again once. A channel that cannot tell leaves it
// `unknown` (reported, never resent). Failures are retried only when the channel says a retry cannot duplicate.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { sendGate as defaultGate, type GateDecision, type SendGate } from "../send-gate/send-gate.ts";
import type { Channel, ChannelRegistry, InterruptedRow, OutboxRow, Reconciled } from "./channels.ts";

export interface DispatcherOptions {
  gate?: SendGate;
  batchSize?: number;
  /** How often to look for due rows when nothing woke the dispatcher. */
  idleDelayMs?: number;
  maxAttempts?: number;
  /** Parallel sends per batch. */
  concurrency?: number;
}

const retryDelayMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 300_000);

/** The advisory lock held on a row while it is `sending` (ids as bigint[]). */
const lockAll = (db: Db, ids: string[]) =>
  sql`select pg_advisory_lock(hashtextextended('outbox:' || id, 0)) from unnest(${ids}::bigint[]) id`.execute(
    db,
  );
const unlockAll = (db: Db, ids: string[]) =>
  sql`select pg_advisory_unlock(hashtextextended('outbox:' || id, 0)) from unnest(${ids}::bigint[]) id`.execute(
    db,
  );

const rowColumns = [
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
] as const;

/** What becomes of an interrupted row, per its channel's answer. */
async function settleInterrupted(ctx: Ctx, row: InterruptedRow, answer: Reconciled | undefined) {
  const now = new Date(ctx.clock.now());
  const q = ctx.db.updateTable("outbox").where("id", "=", row.id).where("status", "=", "sending");
  if (!answer) {
    await q
      .set({
        status: "unknown",
        reason:
          "interrupted while sending (the process stopped); not resent, so it may or may not have arrived",
        updated_at: now,
      })
      .execute();
    return;
  }
  if (answer.sent) {
    await q
      .set({
        status: "sent",
        sent_at: now,
        reason: null,
        result: JSON.stringify({ ...answer.result, recovered: "found after an interruption" }),
        updated_at: now,
      })
      .execute();
    return;
  }
  // Not there: sent again once, through the gate like any due row (its touch no longer counts).
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("outbox")
      .set({
        status: "pending",
        not_before: now > row.not_before ? now : row.not_before,
        reason: "interrupted before it reached the provider; sending it again",
        updated_at: now,
      })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .execute();
    await trx.deleteFrom("recipient_touches").where("outbox_id", "=", row.id).execute();
  });
}

/**
 * Rows left `sending` by a process that stopped (their advisory lock is free): each channel's provider says
 * whether they arrived; returns how many were settled.
 */
export async function recoverInterrupted(ctx: Ctx, channels: ChannelRegistry, limit = 100): Promise<number> {
  const candidates = await ctx.db
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "sending")
    .orderBy("id")
    .limit(limit)
    .execute();
  if (candidates.length === 0) return 0;
  return ctx.db.connection().execute(async (conn) => {
    const { rows: tried } = await sql<{ id: string; ok: boolean }>`
      select id::text, pg_try_advisory_lock(hashtextextended('outbox:' || id, 0)) as ok
      from unnest(${candidates.map((c) => c.id)}::bigint[]) id`.execute(conn);
    const mine = tried.filter((t) => t.ok).map((t) => t.id);
    if (mine.length === 0) return 0;
    try {
      // Under the locks: the ones still `sending` have nobody sending them.
      const rows = (await conn
        .selectFrom("outbox")
        .select([...rowColumns, "updated_at as sending_since"])
        .where("id", "in", mine)
        .where("status", "=", "sending")
        .orderBy("id")
        .execute()) as InterruptedRow[];
      const byChannel = new Map<string, InterruptedRow[]>();
      for (const r of rows) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r]);
      let settled = 0;
      for (const [name, list] of byChannel) {
        const channel = channels.get(name);
        let answers = new Map<string, Reconciled>();
        if (channel?.reconcile) {
          try {
            answers = await channel.reconcile(ctx, list);
          } catch (err) {
            // The provider could not be asked: the rows stay `sending` and are tried again next round.
            ctx.log.warn(
              { err, channel: name, rows: list.length },
              "outbox: interrupted sends not reconciled yet",
            );
            continue;
          }
        }
        for (const r of list) await settleInterrupted(ctx, r, answers.get(r.id));
        settled += list.length;
        const found = list.filter((r) => answers.get(r.id)?.sent === true).length;
        const again = list.filter((r) => answers.get(r.id)?.sent === false).length;
        ctx.log.warn(
          { channel: name, found, again, unknown: list.length - found - again },
          "outbox rows interrupted while sending",
        );
      }
      return settled;
    } finally {
      await unlockAll(conn, mine);
    }
  });
}

/**
 * Phase 1: claim due rows, decide each through the gate, and mark the allowed ones `sending` — one
 * transaction. Returns the rows to send now.
 */
export async function claimAndDecide(
  ctx: Ctx,
  channels: ChannelRegistry,
  opts: DispatcherOptions = {},
  /** A connection of the caller's own that holds the rows' advisory locks until their outcome is recorded. */
  holder?: Db,
): Promise<{ claimed: number; toSend: OutboxRow[] }> {
  const gate = opts.gate ?? defaultGate;
  const now = new Date(ctx.clock.now());
  return (holder ?? ctx.db).transaction().execute(async (trx) => {
    const tctx: Ctx = { ...ctx, db: trx };
    const rows = (await trx
      .selectFrom("outbox")
      .select(rowColumns)
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
    // The decisions applied set-based: one update per outcome for the whole batch.
    const dropped: { id: string; reason: string }[] = [];
    const deferred: { id: string; until: Date; reason: string }[] = [];
    for (const [i, { row }] of routed.entries()) {
      const decision = decisions[i] as GateDecision;
      if (decision.action === "drop")
        dropped.push({ id: row.id, reason: `${decision.rule}: ${decision.reason}` });
      else if (decision.action === "defer")
        deferred.push({ id: row.id, until: decision.until, reason: `${decision.rule}: ${decision.reason}` });
      else toSend.push({ ...row, attempts: row.attempts + 1 });
    }
    if (dropped.length > 0)
      await sql`update outbox o set status = 'dropped', reason = u.reason, updated_at = ${now}
        from unnest(${dropped.map((d) => d.id)}::bigint[], ${dropped.map((d) => d.reason)}::text[]) as u(id, reason)
        where o.id = u.id`.execute(trx);
    if (deferred.length > 0)
      await sql`update outbox o set not_before = u.until, reason = u.reason, updated_at = ${now}
        from unnest(${deferred.map((d) => d.id)}::bigint[], ${deferred.map((d) => d.until)}::timestamptz[],
          ${deferred.map((d) => d.reason)}::text[]) as u(id, until, reason)
        where o.id = u.id`.execute(trx);
    if (toSend.length > 0)
      await trx
        .updateTable("outbox")
        .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updated_at: now }))
        .where(
          "id",
          "in",
          toSend.map((r) => r.id),
        )
        .execute();
    // Locked before `sending` commits, so nobody can see the row `sending` with its lock free while it is sent.
    if (holder && toSend.length > 0)
      await lockAll(
        trx,
        toSend.map((r) => r.id),
      );
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
    if (!verdict.retry && verdict.lookUp && channel.reconcile) {
      // It may have arrived: the row stays `sending`, and once this batch lets go of it, recovery asks the provider.
      ctx.log.warn({ outboxId: row.id, channel: row.channel, reason: verdict.reason }, "outbox send unclear");
      await ctx.db
        .updateTable("outbox")
        .set({ reason: verdict.reason })
        .where("id", "=", row.id)
        .where("status", "=", "sending")
        .execute();
      return;
    }
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

/** One round: recover interrupted rows, claim, send. Returns how many rows it settled and claimed. */
export async function dispatchOnce(
  ctx: Ctx,
  channels: ChannelRegistry,
  opts: DispatcherOptions = {},
): Promise<number> {
  const recovered = await recoverInterrupted(ctx, channels);
  const claimed = await ctx.db.connection().execute(async (holder) => {
    const { claimed, toSend } = await claimAndDecide(ctx, channels, opts, holder);
    try {
      const concurrency = opts.concurrency ?? 8;
      for (let i = 0; i < toSend.length; i += concurrency) {
        await Promise.all(toSend.slice(i, i + concurrency).map((row) => sendOne(ctx, channels, row, opts)));
      }
    } finally {
      if (toSend.length > 0)
        await unlockAll(
          holder,
          toSend.map((r) => r.id),
        );
    }
    return claimed;
  });
  return recovered + claimed;
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
