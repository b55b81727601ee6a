// The nightly reconcile: once a day, at a fixed UTC time, every corp that has been synced at least once gets a
// reconcile run (unless one ran in the last 20 hours). `reconcileTick` is the whole decision, driven by an
// injectable clock, so tests call it with any "now".
import type { Ctx } from "../../context.ts";
import { type SyncRunView, startSync } from "./sync.jobs.ts";

/** 19:00 UTC = 03:00 China Standard Time. */
export const NIGHTLY_UTC_HOUR = 19;
const QUIET_MS = 20 * 3600_000;

/** The most recent nightly slot at or before `now` (epoch ms). */
export function lastSlot(now: number, hourUtc = NIGHTLY_UTC_HOUR): number {
  const d = new Date(now);
  const slot = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hourUtc);
  return slot <= now ? slot : slot - 24 * 3600_000;
}

/** Starts the reconciles due at `now`; returns their completion promises. */
export async function reconcileTick(ctx: Ctx, now = ctx.clock.now(), hourUtc = NIGHTLY_UTC_HOUR) {
  const slot = lastSlot(now, hourUtc);
  const corps = await ctx.db
    .selectFrom("sync_runs")
    .select("corp_id")
    .select((eb) => eb.fn.max("created_at").as("last"))
    .where("status", "=", "done")
    .groupBy("corp_id")
    .execute();
  const started: Promise<SyncRunView>[] = [];
  for (const c of corps) {
    const latest = await ctx.db
      .selectFrom("sync_runs")
      .select("created_at")
      .where("corp_id", "=", c.corp_id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    const last = new Date(latest.created_at).getTime();
    if (last >= slot || now - last < QUIET_MS) continue;
    const { promise } = await startSync(ctx, c.corp_id, "reconcile", "nightly");
    started.push(promise);
  }
  return started;
}
