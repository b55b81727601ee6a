// A background loop (inbox processor, outbox dispatcher, schedulers): runs `round` until it finds nothing to do,
// then sleeps until woken or until the idle delay passes. drain() resolves after a whole round that started after
// the call found nothing to do.
import type { Logger } from "pino";

export interface Poller {
  wake(): void;
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startPoller(
  name: string,
  log: Logger,
  round: () => Promise<number>,
  idleDelayMs: number,
): Poller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  const waiters: Array<{ since: number; resolve: () => void }> = [];
  let rounds = 0;
  const release = (all: boolean, current: number) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (all || w.since < current) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };

  const loop = async () => {
    while (!stopped) {
      const current = ++rounds;
      let worked = 0;
      try {
        worked = await round();
      } catch (err) {
        if (!stopped) log.error({ err }, `${name} round failed`);
      }
      if (worked > 0) continue;
      release(false, current);
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, idleDelayMs);
      });
      clearTimeout(timer);
      wakeUp = undefined;
    }
  };
  const running = loop();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
      release(true, rounds);
    },
    drain: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        waiters.push({ since: rounds, resolve });
        wakeUp?.();
      }),
  };
}
