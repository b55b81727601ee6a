// Access-token cache keyed by (corpId, secret), shareable between clients (contract §1): a token is reused
// until shortly before it expires, and concurrent misses share one in-flight gettoken (single-flight).
import type { Clock } from "./clock.ts";

export interface FetchedToken {
  accessToken: string;
  /** Seconds, as returned by gettoken. */
  expiresIn: number;
}

interface Entry {
  token: string;
  /** Epoch ms after which the token is no longer handed out. */
  refreshAt: number;
}

/** Refresh this long before WeCom's stated expiry. */
export const REFRESH_AHEAD_SECONDS = 300;

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();

  private static key(corpId: string, secret: string): string {
    return `${corpId}\u0000${secret}`;
  }

  /** The cached token if it is still fresh at `now`, else undefined. */
  peek(corpId: string, secret: string, now: number): string | undefined {
    const entry = this.entries.get(TokenCache.key(corpId, secret));
    return entry !== undefined && now < entry.refreshAt ? entry.token : undefined;
  }

  /**
   * Returns a fresh token, calling `fetchToken` at most once for all concurrent callers of the same key.
   * A failed fetch is not cached: the next call tries again.
   */
  get(
    corpId: string,
    secret: string,
    clock: Clock,
    fetchToken: () => Promise<FetchedToken>,
  ): Promise<string> {
    const cached = this.peek(corpId, secret, clock.now());
    if (cached !== undefined) return Promise.resolve(cached);
    const key = TokenCache.key(corpId, secret);
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const started = (async () => {
      try {
        const fetched = await fetchToken();
        const lifetime =
          fetched.expiresIn > REFRESH_AHEAD_SECONDS * 2
            ? fetched.expiresIn - REFRESH_AHEAD_SECONDS
            : fetched.expiresIn / 2;
        this.entries.set(key, { token: fetched.accessToken, refreshAt: clock.now() + lifetime * 1000 });
        return fetched.accessToken;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, started);
    return started;
  }

  /**
   * Drops the cached token. With `token`, drops it only if it is still the cached one, so a caller holding a
   * stale token cannot evict the fresh token another caller has just fetched.
   */
  invalidate(corpId: string, secret: string, token?: string): void {
    const key = TokenCache.key(corpId, secret);
    const entry = this.entries.get(key);
    if (entry !== undefined && (token === undefined || entry.token === token)) this.entries.delete(key);
  }
}
