// Runs the bulk-add cycle (expire, accept, assign) for every corp with open bulk adds, once a minute.
import type { Ctx } from "../../context.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { corpsWithBulkAdds, runBulkAddCycle } from "./bulk-adds.plan.ts";

export type BulkAddScheduler = Poller;

/** One round over the corps; returns 0 so the poller sleeps between rounds (a cycle is idempotent). */
export async function bulkAddRound(ctx: Ctx): Promise<number> {
  for (const corpId of await corpsWithBulkAdds(ctx.db)) {
    try {
      await runBulkAddCycle(ctx, corpId);
    } catch (err) {
      ctx.log.error({ err, corpId }, "bulk-add cycle failed");
    }
  }
  return 0;
}

export function startBulkAddScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): BulkAddScheduler {
  return startPoller("bulk-add scheduler", ctx.log, () => bulkAddRound(ctx), opts.idleDelayMs ?? 60_000);
}
