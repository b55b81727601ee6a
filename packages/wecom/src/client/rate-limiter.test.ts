import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

function fakeTime() {
  let t = 1_700_000_000_000;
  const slept: number[] = [];
  return {
    clock: { now: () => t },
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("RateLimiter", () => {
  it("lets calls through under the per-minute limit without waiting", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { perMinute: 5, perHour: 100 }, ...time });
    for (let i = 0; i < 5; i++) await limiter.acquire("corp", "/cgi-bin/a");
    expect(time.slept).toEqual([]);
  });

  it("waits (not fails) once the minute is full, then proceeds within about a minute", async () => {
    const time = fakeTime();
    const start = time.clock.now();
    const limiter = new RateLimiter({ limits: { perMinute: 5, perHour: 100 }, ...time });
    for (let i = 0; i < 6; i++) await limiter.acquire("corp", "/cgi-bin/a");
    expect(time.slept.length).toBeGreaterThan(0);
    const waited = time.clock.now() - start;
    expect(waited).toBeGreaterThanOrEqual(60_000);
    expect(waited).toBeLessThanOrEqual(61_000);
  });

  it("never admits more than the limit inside any 60 s window", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { perMinute: 10, perHour: 1000 }, ...time });
    const stamps: number[] = [];
    for (let i = 0; i < 45; i++) {
      await limiter.acquire("corp", "/cgi-bin/a");
      stamps.push(time.clock.now());
      time.advance(700);
    }
    for (const s of stamps) {
      expect(stamps.filter((x) => x >= s && x < s + 60_000).length).toBeLessThanOrEqual(10);
    }
  });

  it("applies the hourly limit", async () => {
    const time = fakeTime();
    const start = time.clock.now();
    const limiter = new RateLimiter({ limits: { perMinute: 1000, perHour: 3 }, ...time });
    for (let i = 0; i < 4; i++) await limiter.acquire("corp", "/cgi-bin/a");
    expect(time.clock.now() - start).toBeGreaterThanOrEqual(3_600_000);
  });

  it("counts each corp and path separately", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { perMinute: 1, perHour: 100 }, ...time });
    await limiter.acquire("corp", "/cgi-bin/a");
    await limiter.acquire("corp", "/cgi-bin/b");
    await limiter.acquire("other", "/cgi-bin/a");
    expect(time.slept).toEqual([]);
  });
});
