// Failed-login throttle per account and per IP (sliding window, in process memory).
import type { Clock } from "../../lib/clock.ts";

export interface LoginLimiter {
  blocked(username: string, ip: string): boolean;
  fail(username: string, ip: string): void;
  succeed(username: string): void;
}

export function createLoginLimiter(
  clock: Clock,
  opts = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 },
): LoginLimiter {
  const fails = new Map<string, number[]>();
  const recent = (key: string) => {
    const cutoff = clock.now() - opts.windowMs;
    const list = (fails.get(key) ?? []).filter((t) => t > cutoff);
    fails.set(key, list);
    return list;
  };
  return {
    blocked: (u, ip) => recent(`u:${u}`).length >= opts.perAccount || recent(`ip:${ip}`).length >= opts.perIp,
    fail(u, ip) {
      if (fails.size > 100_000) fails.clear();
      recent(`u:${u}`).push(clock.now());
      recent(`ip:${ip}`).push(clock.now());
    },
    succeed: (u) => void fails.delete(`u:${u}`),
  };
}
