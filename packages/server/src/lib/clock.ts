// The one source of "now" for business code, so tests can jump ahead in time.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function nowDate(clock: Clock): Date {
  return new Date(clock.now());
}
