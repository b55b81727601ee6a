// Background work of the sync domain in one process: resumes sync runs and bulk tag jobs a stopped process left
// behind, refreshes customers and groups that callbacks marked, and checks every minute whether the nightly
// reconcile is due.
import type { Ctx } from "../../context.ts";
import { refreshMarked } from "../customers/customers.refresh.ts";
import { resumeTagJobs, settleTagJobs } from "../tags/tags.jobs.ts";
import { resumeInterrupted, settleRuns } from "./sync.jobs.ts";
import { reconcileTick } from "./sync.scheduler.ts";
import { markStopping } from "./sync.stop.ts";

export interface SyncWorkers {
  /** Ask the refresh loop to look now (e.g. after callbacks were processed). */
  wake(): void;
  stop(): Promise<void>;
}

export function startSyncWorkers(
  ctx: Ctx,
  opts: { refreshMs?: number; scheduleMs?: number } = {},
): SyncWorkers {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();
  const refreshLoop = async () => {
    try {
      while (!stopped && (await refreshMarked(ctx, 50, () => stopped)) > 0) {}
    } catch (err) {
      if (!stopped) ctx.log.error({ err }, "refresh worker failed");
    }
  };
  const runRefresh = () => {
    busy = busy.then(refreshLoop);
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runRefresh();
      schedule();
    }, opts.refreshMs ?? 1000);
  };
  schedule();
  const nightly = setInterval(() => {
    reconcileTick(ctx).catch((err) => ctx.log.error({ err }, "nightly reconcile check failed"));
  }, opts.scheduleMs ?? 60_000);
  resumeInterrupted(ctx).catch((err) => ctx.log.error({ err }, "resuming sync runs failed"));
  resumeTagJobs(ctx).catch((err) => ctx.log.error({ err }, "resuming tag jobs failed"));
  return {
    wake: runRefresh,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(nightly);
      // Runs and jobs stop at their next checkpoint and resume at the next start.
      markStopping(ctx.db);
      await Promise.all([busy, settleRuns(ctx), settleTagJobs(ctx)]);
    },
  };
}
