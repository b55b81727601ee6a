// The one source of "now" for business code, so tests can jump ahead in time.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function nowDate(clock: Clock): Date {
  return new Date(clock.now());
}

/** A clock that runs with the system's, moved ahead by an offset (browser tests jump days with it). */
export interface TestClock extends Clock {
  /** Moves the clock forward; returns the new now. */
  advance(ms: number): number;
}

export function createTestClock(base: Clock = systemClock): TestClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance(ms) {
      offset += ms;
      return base.now() + offset;
    },
  };
}
