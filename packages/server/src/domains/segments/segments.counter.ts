// Counting and sampling a segment: the in-memory bitmap engine every Siyu process runs (ctx.segments). It follows
// the change log, so it first catches up with every change committed before the call (read-your-writes).
import type { Ctx } from "../../context.ts";
import type { SegmentExpr } from "./segments.ast.ts";

export interface SegmentCounter {
  count(corpId: string, expr: SegmentExpr): Promise<number>;
  /** Up to `limit` customer ids, ascending, after `afterId`. */
  sample(corpId: string, expr: SegmentExpr, limit: number, afterId?: string): Promise<string[]>;
}

export function segmentCounter(ctx: Ctx): SegmentCounter {
  const engine = ctx.segments;
  return {
    async count(corpId, expr) {
      await engine.catchUp();
      return engine.count(corpId, expr);
    },
    async sample(corpId, expr, limit, afterId) {
      await engine.catchUp();
      return engine.sample(corpId, expr, limit, afterId);
    },
  };
}
