import { describe, expect, it } from "vitest";
import { type FetchedToken, TokenCache } from "./token-cache.ts";

function fakeClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("TokenCache", () => {
  it("shares one fetch between 50 concurrent misses", async () => {
    const cache = new TokenCache();
    const clock = fakeClock();
    let calls = 0;
    const fetchToken = async (): Promise<FetchedToken> => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return { accessToken: `tok${calls}`, expiresIn: 7200 };
    };
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () => cache.get("corp", "s", clock, fetchToken)),
    );
    expect(calls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(["tok1"]));
  });

  it("refreshes 300 s before expires_in", async () => {
    const cache = new TokenCache();
    const clock = fakeClock();
    let calls = 0;
    const fetchToken = async () => ({ accessToken: `tok${++calls}`, expiresIn: 7200 });
    expect(await cache.get("corp", "s", clock, fetchToken)).toBe("tok1");
    clock.advance((7200 - 300) * 1000 - 1);
    expect(await cache.get("corp", "s", clock, fetchToken)).toBe("tok1");
    clock.advance(1);
    expect(await cache.get("corp", "s", clock, fetchToken)).toBe("tok2");
  });

  it("keys by corp and secret", async () => {
    const cache = new TokenCache();
    const clock = fakeClock();
    let calls = 0;
    const fetchToken = async () => ({ accessToken: `tok${++calls}`, expiresIn: 7200 });
    await cache.get("corp", "a", clock, fetchToken);
    await cache.get("corp", "b", clock, fetchToken);
    await cache.get("other", "a", clock, fetchToken);
    await cache.get("corp", "a", clock, fetchToken);
    expect(calls).toBe(3);
  });

  it("does not cache a failed fetch", async () => {
    const cache = new TokenCache();
    const clock = fakeClock();
    let calls = 0;
    const fetchToken = async () => {
      calls += 1;
      if (calls === 1) throw new Error("down");
      return { accessToken: "ok", expiresIn: 7200 };
    };
    await expect(cache.get("corp", "s", clock, fetchToken)).rejects.toThrow("down");
    expect(await cache.get("corp", "s", clock, fetchToken)).toBe("ok");
  });

  it("invalidate with a stale token keeps the fresh one", async () => {
    const cache = new TokenCache();
    const clock = fakeClock();
    let calls = 0;
    const fetchToken = async () => ({ accessToken: `tok${++calls}`, expiresIn: 7200 });
    await cache.get("corp", "s", clock, fetchToken);
    cache.invalidate("corp", "s", "tok1");
    expect(await cache.get("corp", "s", clock, fetchToken)).toBe("tok2");
    cache.invalidate("corp", "s", "tok1");
    expect(cache.peek("corp", "s", clock.now())).toBe("tok2");
    cache.invalidate("corp", "s");
    expect(cache.peek("corp", "s", clock.now())).toBeUndefined();
  });
});
