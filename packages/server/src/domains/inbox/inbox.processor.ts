// Drains the inbox: claims due events with FOR UPDATE SKIP LOCKED (so several processes can share it), runs each
// event's handler in a savepoint of the claiming transaction, and marks it done in that same transaction.
// A crash before commit leaves the events pending with their effects rolled back: processed once, never twice.
// Failures retry with exponential backoff; an event that keeps failing is parked as dead with its error.
import { parseCallbackEvent } from "@siyu/wecom";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import type { HandlerRegistry } from "./handlers.ts";

export interface ProcessorOptions {
  batchSize?: number;
  maxAttempts?: number;
  idleDelayMs?: number;
}

export function backoffMs(attempt: number): number {
  return Math.min(2 ** attempt * 1000, 3600_000);
}

type Claimed = {
  id: string;
  corp_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  received_at: Date;
};

class BatchFailed extends Error {}

async function claim(trx: Ctx["db"], now: Date, batchSize: number): Promise<Claimed[]> {
  return trx
    .selectFrom("inbox_events")
    .select(["id", "corp_id", "event_type", "payload", "attempts", "received_at"])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(batchSize)
    .forUpdate()
    .skipLocked()
    .execute();
}

async function handle(ctx: Ctx, registry: HandlerRegistry, row: Claimed): Promise<void> {
  const handlers = registry.get(row.event_type);
  if (handlers.length === 0) return; // an event no domain cares about (yet) is simply acknowledged
  const event = parseCallbackEvent(row.payload);
  const meta = { inboxId: row.id, corpId: row.corp_id, receivedAt: row.received_at };
  for (const handler of handlers) await handler(ctx, event, meta);
}

async function markDone(trx: Ctx["db"], rows: Claimed[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .updateTable("inbox_events")
    .set((eb) => ({ status: "done", attempts: eb("attempts", "+", 1), processed_at: now, last_error: null }))
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
}

/**
 * Processes one batch; returns how many events it claimed. The fast path runs the whole batch in one transaction;
 * if any handler fails, that transaction rolls back and the batch is redone with a savepoint per event, so one bad
 * event neither blocks nor undoes the others.
 */
export async function processBatch(
  ctx: Ctx,
  registry: HandlerRegistry,
  opts: ProcessorOptions = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? 100;
  const now = new Date(ctx.clock.now());
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const rows = await claim(trx, now, batchSize);
      const tctx: Ctx = { ...ctx, db: trx };
      for (const row of rows) {
        try {
          await handle(tctx, registry, row);
        } catch (err) {
          throw new BatchFailed("a handler failed", { cause: err });
        }
      }
      await markDone(trx, rows, now);
      return rows.length;
    });
  } catch (err) {
    if (!(err instanceof BatchFailed)) throw err;
    return processOneByOne(ctx, registry, opts, now);
  }
}

async function processOneByOne(ctx: Ctx, registry: HandlerRegistry, opts: ProcessorOptions, now: Date) {
  const maxAttempts = opts.maxAttempts ?? 8;
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await claim(trx, now, opts.batchSize ?? 100);
    const tctx: Ctx = { ...ctx, db: trx };
    const done: Claimed[] = [];
    for (const row of rows) {
      await sql`savepoint inbox_event`.execute(trx);
      try {
        await handle(tctx, registry, row);
        await sql`release savepoint inbox_event`.execute(trx);
        done.push(row);
      } catch (err) {
        await sql`rollback to savepoint inbox_event`.execute(trx);
        const attempts = row.attempts + 1;
        const dead = attempts >= maxAttempts;
        const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        ctx.log.warn(
          { inboxId: row.id, eventType: row.event_type, attempts, dead, err: message },
          "event handler failed",
        );
        await trx
          .updateTable("inbox_events")
          .set({
            status: dead ? "dead" : "pending",
            attempts,
            last_error: message.slice(0, 2000),
            next_attempt_at: new Date(now.getTime() + backoffMs(attempts)),
          })
          .where("id", "=", row.id)
          .execute();
      }
    }
    await markDone(trx, done, now);
    return rows.length;
  });
}

export type Processor = Poller;

/** Runs batches until the inbox has nothing due, then sleeps until woken (new events) or the idle delay passes. */
export function startProcessor(ctx: Ctx, registry: HandlerRegistry, opts: ProcessorOptions = {}): Processor {
  return startPoller(
    "inbox processor",
    ctx.log,
    () => processBatch(ctx, registry, opts),
    opts.idleDelayMs ?? 500,
  );
}
