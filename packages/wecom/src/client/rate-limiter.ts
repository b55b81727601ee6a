// Client-side rate limiter under WeCom's per-corp, per-API limits (contract §6: 10,000/min and 150,000/h).
// Sliding-window counters over small buckets; a caller over the limit waits for room instead of failing,
// so the client never provokes a 45009 block (which lasts the whole window).
import { type Clock, realSleep, type Sleep, systemClock } from "./clock.ts";

export interface RateLimits {
  perMinute: number;
  perHour: number;
}

/** A little under the official limits, leaving room for clock skew and other callers of the same corp. */
export const DEFAULT_RATE_LIMITS: RateLimits = { perMinute: 9_500, perHour: 142_500 };

/** Counts events in buckets of `bucketMs`; a bucket counts while any part of it lies inside the window. */
class SlidingWindow {
  private readonly buckets: { index: number; count: number }[] = [];
  private total = 0;

  constructor(
    private readonly windowMs: number,
    private readonly bucketMs: number,
  ) {}

  private prune(now: number): void {
    const oldestLive = Math.floor((now - this.windowMs) / this.bucketMs);
    while (this.buckets.length > 0 && this.buckets[0]!.index <= oldestLive) {
      this.total -= this.buckets.shift()!.count;
    }
  }

  count(now: number): number {
    this.prune(now);
    return this.total;
  }

  record(now: number): void {
    const index = Math.floor(now / this.bucketMs);
    const last = this.buckets[this.buckets.length - 1];
    if (last !== undefined && last.index === index) last.count += 1;
    else this.buckets.push({ index, count: 1 });
    this.total += 1;
  }

  /** Milliseconds until the oldest bucket leaves the window. */
  waitMs(now: number): number {
    const oldest = this.buckets[0];
    if (oldest === undefined) return 0;
    return Math.max(1, (oldest.index + 1) * this.bucketMs + this.windowMs - now);
  }
}

export class RateLimiter {
  private readonly windows = new Map<string, { minute: SlidingWindow; hour: SlidingWindow }>();
  private readonly limits: RateLimits;
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  constructor(opts?: { limits?: RateLimits; clock?: Clock; sleep?: Sleep }) {
    this.limits = opts?.limits ?? DEFAULT_RATE_LIMITS;
    this.clock = opts?.clock ?? systemClock;
    this.sleep = opts?.sleep ?? realSleep;
  }

  /** Resolves once one call for (corpId, path) fits under both windows, and records it. */
  async acquire(corpId: string, path: string): Promise<void> {
    const key = `${corpId} ${path}`;
    let w = this.windows.get(key);
    if (w === undefined) {
      w = { minute: new SlidingWindow(60_000, 1_000), hour: new SlidingWindow(3_600_000, 60_000) };
      this.windows.set(key, w);
    }
    for (;;) {
      const now = this.clock.now();
      const minuteFull = w.minute.count(now) >= this.limits.perMinute;
      const hourFull = w.hour.count(now) >= this.limits.perHour;
      if (!minuteFull && !hourFull) {
        w.minute.record(now);
        w.hour.record(now);
        return;
      }
      const wait = Math.max(minuteFull ? w.minute.waitMs(now) : 0, hourFull ? w.hour.waitMs(now) : 0);
      await this.sleep(wait);
    }
  }
}
