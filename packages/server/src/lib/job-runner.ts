// The scale-out executor for scheduled work (SIYU_SCHEDULER=graphile): graphile-worker jobs in Siyu's own
// PostgreSQL (schema graphile_worker, migrated by the runner), run by every Siyu process that starts a runner, with
// retries and backoff. Tasks must be idempotent: a job may run again after a crash.
import { Logger as GraphileLogger, run, type TaskList } from "graphile-worker";
import type { Logger } from "pino";

export interface JobRunner {
  stop(): Promise<void>;
  /** Jobs this process finished, and jobs that failed an attempt. */
  stats(): { succeeded: number; failed: number };
}

export async function startJobRunner(opts: {
  connectionString: string;
  concurrency: number;
  tasks: TaskList;
  log: Logger;
  pollIntervalMs?: number;
}): Promise<JobRunner> {
  const log = opts.log.child({ component: "graphile-worker" });
  const logger = new GraphileLogger(() => (level, message, meta) => {
    if (level === "error") log.error(meta, message);
    else if (level === "warning") log.warn(meta, message);
    else log.debug(meta, message);
  });
  const runner = await run({
    connectionString: opts.connectionString,
    concurrency: opts.concurrency,
    taskList: opts.tasks,
    noHandleSignals: true,
    pollInterval: opts.pollIntervalMs ?? 1000,
    logger,
  });
  const stats = { succeeded: 0, failed: 0 };
  runner.events.on("job:success", () => stats.succeeded++);
  runner.events.on("job:error", () => stats.failed++);
  return {
    stop: () => runner.stop(),
    stats: () => ({ ...stats }),
  };
}
