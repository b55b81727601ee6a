// Counts every saved segment periodically (by the Ctx clock) so each has a count history even when nobody looks.
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import * as repo from "./segments.repository.ts";
import { countSaved } from "./segments.service.ts";

export type SegmentCountPoller = Poller;

/** One pass: counts up to `batch` segments whose last count is older than `intervalMs`; returns how many were counted. */
export async function countDueSegments(ctx: Ctx, intervalMs: number, batch = 20): Promise<number> {
  // While the engine builds after a restart there is nothing to count with yet.
  if (ctx.segments.state().status !== "ready") return 0;
  const before = new Date(nowDate(ctx.clock).getTime() - intervalMs);
  const due = await repo.dueForCount(ctx.db, before, batch);
  let counted = 0;
  for (const s of due) {
    try {
      await countSaved(ctx, s.corp_id, String(s.id), s.expr, "poll");
      counted++;
    } catch (err) {
      ctx.log.error({ err, segment: s.id }, "segment count failed");
    }
  }
  return counted; // failures wait for the next idle round rather than spinning
}

export function startSegmentCountPoller(
  ctx: Ctx,
  opts: { intervalMs?: number; idleDelayMs?: number } = {},
): SegmentCountPoller {
  const intervalMs = opts.intervalMs ?? 60 * 60 * 1000;
  return startPoller(
    "segment counts",
    ctx.log,
    () => countDueSegments(ctx, intervalMs),
    opts.idleDelayMs ?? 60_000,
  );
}
