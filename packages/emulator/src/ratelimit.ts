// Per-(corp, path) frequency limits (contract §6): a per-minute and a per-hour window; once a window is
// exceeded the key stays blocked until that window ends. Driven by the emulator clock.

interface Window {
  minuteStart: number;
  minuteCount: number;
  hourStart: number;
  hourCount: number;
  blockedUntil: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** Counts one call; returns false when the key is over its limit (the caller answers 45009). */
  hit(key: string, nowMs: number, perMinute: number, perHour: number): boolean {
    const minute = nowMs - (nowMs % 60_000);
    const hour = nowMs - (nowMs % 3_600_000);
    let w = this.windows.get(key);
    if (!w) {
      w = { minuteStart: minute, minuteCount: 0, hourStart: hour, hourCount: 0, blockedUntil: 0 };
      this.windows.set(key, w);
    }
    if (nowMs < w.blockedUntil) return false;
    if (w.minuteStart !== minute) {
      w.minuteStart = minute;
      w.minuteCount = 0;
    }
    if (w.hourStart !== hour) {
      w.hourStart = hour;
      w.hourCount = 0;
    }
    w.minuteCount++;
    w.hourCount++;
    if (w.hourCount > perHour) {
      w.blockedUntil = hour + 3_600_000;
      return false;
    }
    if (w.minuteCount > perMinute) {
      w.blockedUntil = minute + 60_000;
      return false;
    }
    return true;
  }

  reset(prefix?: string): void {
    if (prefix === undefined) this.windows.clear();
    else for (const k of this.windows.keys()) if (k.startsWith(prefix)) this.windows.delete(k);
  }
}
