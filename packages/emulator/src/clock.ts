// The emulator's controllable clock: real time by default, freezable and advanceable so tests can jump past
// the 20 s welcome-code window or the 24 h transfer takeover without waiting.
export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulated platform sees it. */
  now(): number;
  freeze(atMs?: number): void;
  unfreeze(): void;
  advance(ms: number): void;
  set(ms: number): void;
  readonly frozen: boolean;
}

export function createClock(realNow: () => number = Date.now): EmulatorClock {
  let offset = 0;
  let frozenAt: number | undefined;
  return {
    now: () => frozenAt ?? realNow() + offset,
    freeze(atMs) {
      frozenAt = atMs ?? frozenAt ?? realNow() + offset;
    },
    unfreeze() {
      if (frozenAt !== undefined) offset = frozenAt - realNow();
      frozenAt = undefined;
    },
    advance(ms) {
      if (frozenAt !== undefined) frozenAt += ms;
      else offset += ms;
    },
    set(ms) {
      if (frozenAt !== undefined) frozenAt = ms;
      else offset = ms - realNow();
    },
    get frozen() {
      return frozenAt !== undefined;
    },
  };
}

export const seconds = (clock: EmulatorClock): number => Math.floor(clock.now() / 1000);
