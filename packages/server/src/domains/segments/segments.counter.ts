// Counting and sampling a segment: the in-memory bitmap engine every Siyu process runs (ctx.segments). It follows
// the change log, so it first catches up with every change committed before the call (read-your-writes).
//
// After a restart the engine builds from PostgreSQL while the server already answers. A count or sample then waits
// for the build up to `config.segmentsWaitMs` (SIYU_SEGMENTS_WAIT_MS, default 2 s) and otherwise fails with
// SEGMENTS_WARMING_UP (503) carrying the build's progress, which the console shows as "try again in a moment".
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import type { SegmentSenders } from "./engine/index.ts";
import type { SegmentExpr } from "./segments.ast.ts";

export interface SegmentCounter {
  count(corpId: string, expr: SegmentExpr): Promise<number>;
  /** Up to `limit` customer ids, ascending, after `afterId`. */
  sample(corpId: string, expr: SegmentExpr, limit: number, afterId?: string): Promise<string[]>;
  /** Every customer of the segment with their mass-send sender (engine/index.ts, withSenders). */
  withSenders(corpId: string, expr: SegmentExpr): Promise<SegmentSenders>;
}

/** Throws SEGMENTS_WARMING_UP when the engine is not ready within the configured wait. */
export async function requireEngineReady(ctx: Ctx): Promise<void> {
  if (await ctx.segments.whenReady(ctx.config.segmentsWaitMs)) return;
  const state = ctx.segments.state();
  const progress = state.status === "ready" ? undefined : state.progress;
  throw new AppError(
    "SEGMENTS_WARMING_UP",
    "segment counts are not available yet: the engine is still being built after a restart; try again shortly",
    [
      {
        path: "/",
        message: state.status === "failed" ? `build failed, retrying: ${state.error}` : "building",
        status: state.status,
        step: progress?.step,
        steps: progress?.steps,
        customers: progress?.customers,
      },
    ],
  );
}

export function segmentCounter(ctx: Ctx): SegmentCounter {
  const engine = ctx.segments;
  return {
    async count(corpId, expr) {
      await requireEngineReady(ctx);
      await engine.catchUp();
      return engine.count(corpId, expr);
    },
    async sample(corpId, expr, limit, afterId) {
      await requireEngineReady(ctx);
      await engine.catchUp();
      return engine.sample(corpId, expr, limit, afterId);
    },
    async withSenders(corpId, expr) {
      await requireEngineReady(ctx);
      await engine.catchUp();
      return engine.withSenders(corpId, expr);
    },
  };
}
