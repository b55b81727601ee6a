// Failed-login throttle per account and per IP: a sliding window over failures kept in PostgreSQL, so every Siyu
// process sharing the database counts the same failures, a restart forgets none, and no flood of other names or
// addresses can wipe an account's count.
import type { Db } from "../../db/database.ts";
import type { Clock } from "../../lib/clock.ts";

export interface LoginLimiter {
  blocked(username: string, ip: string): Promise<boolean>;
  fail(username: string, ip: string): Promise<void>;
  succeed(username: string): Promise<void>;
}

export const LOGIN_LIMITS = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 };

export function createLoginLimiter(db: Db, clock: Clock, opts = LOGIN_LIMITS): LoginLimiter {
  const since = () => new Date(clock.now() - opts.windowMs);
  return {
    async blocked(username, ip) {
      const rows = await db
        .selectFrom("login_failures")
        .select(["key", (eb) => eb.fn.countAll<string>().as("n")])
        .where("key", "in", [`u:${username}`, `ip:${ip}`])
        .where("at", ">", since())
        .groupBy("key")
        .execute();
      const count = (key: string) => Number(rows.find((r) => r.key === key)?.n ?? 0);
      return count(`u:${username}`) >= opts.perAccount || count(`ip:${ip}`) >= opts.perIp;
    },
    async fail(username, ip) {
      const at = new Date(clock.now());
      await db
        .insertInto("login_failures")
        .values([
          { key: `u:${username}`, at },
          { key: `ip:${ip}`, at },
        ])
        .execute();
      // Failures past the window no longer count: dropped as new ones arrive, so the table stays small.
      await db.deleteFrom("login_failures").where("at", "<=", since()).execute();
    },
    async succeed(username) {
      await db.deleteFrom("login_failures").where("key", "=", `u:${username}`).execute();
    },
  };
}
