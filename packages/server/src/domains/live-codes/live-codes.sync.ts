// Keeps a live code's WeCom contact way equal to what its routing offers now: recomputed after adds, at
// schedule boundaries and at local midnight (by the scheduler), and at once when an operator edits the code.
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { passiveBurst } from "../account-health/add-guard.ts";
import { nextRestrictionEnd, restrictionsInForce } from "../account-health/restrictions.ts";
import * as repo from "./live-codes.repository.ts";
import type { ScheduleRange } from "./live-codes.tables.ts";
import { localTime, nextBoundary, type Routing, route, type StaffEntry } from "./routing.ts";

type StaffRow = Awaited<ReturnType<typeof repo.staffOf>>[number];

const now = (ctx: Ctx) => new Date(ctx.clock.now());

export function toEntry(s: StaffRow): StaffEntry {
  return {
    userid: s.userid,
    role: s.role,
    position: s.position,
    weight: s.weight,
    dailyCap: s.daily_cap,
    schedule: s.schedule as ScheduleRange[],
  };
}

export async function computeRouting(
  ctx: Ctx,
  code: repo.CodeRow,
  staff: StaffEntry[],
): Promise<Routing & { held: string[] }> {
  const t = localTime(ctx.clock.now(), code.tz_offset_minutes);
  const adds = await repo.addsOnDay(ctx.db, code.corp_id, [code.id], t.day);
  const unable = await repo.unableMembers(
    ctx.db,
    code.corp_id,
    staff.map((s) => s.userid),
  );
  // A restricted account (until its cool-down ends) takes no customers.
  const restricted = await restrictionsInForce(
    ctx.db,
    code.corp_id,
    now(ctx),
    staff.map((s) => s.userid),
  );
  // A new account at its passive-add threshold waits out the minute.
  const burst = await passiveBurst(
    ctx.db,
    code.corp_id,
    staff.map((s) => s.userid),
    now(ctx),
  );
  const able = staff.filter(
    (s) => !unable.has(s.userid) && !restricted.has(s.userid) && !burst.has(s.userid),
  );
  const routing = route({
    strategy: code.strategy,
    codeDailyCap: code.daily_cap,
    // Nobody able at all: keep the pool so the way stays valid and the failure is reported.
    staff: able.length > 0 ? able : staff,
    addsToday: new Map(adds.map((a) => [a.userid, Number(a.n)])),
    lastAssigned: await repo.lastAssigned(ctx.db, code.corp_id, code.id),
    now: t,
  });
  return { ...routing, held: [...burst] };
}

/**
 * Recomputes a code's routing inside the caller's transaction (the code row is locked) and, when the
 * offered staff changed (or `force`), updates the WeCom contact way. A disabled code keeps its way as is.
 */
export async function syncLocked(
  ctx: Ctx,
  corpId: string,
  id: string,
  opts: { force?: boolean; skipLocked?: boolean } = {},
): Promise<boolean> {
  const code = await repo.getCodeForUpdate(ctx.db, corpId, id, opts.skipLocked ?? false);
  if (!code) return false;
  const staff = (await repo.staffOf(ctx.db, corpId, [id])).map(toEntry);
  const at = now(ctx);
  // Re-route at the next schedule boundary, local midnight or end of a staff member's cool-down.
  const coolDownEnd = await nextRestrictionEnd(
    ctx.db,
    corpId,
    at,
    staff.map((s) => s.userid),
  );
  const boundary = nextBoundary(staff, ctx.clock.now(), code.tz_offset_minutes);
  const next = new Date(coolDownEnd ? Math.min(boundary, coolDownEnd.getTime()) : boundary);
  if (!code.enabled || !code.config_id) {
    await ctx.db
      .updateTable("live_codes")
      .set({ sync_needed: false, next_check_at: next })
      .where("id", "=", id)
      .execute();
    return true;
  }
  const routing = await computeRouting(ctx, code, staff);
  // Someone held for the passive-add threshold comes back when the minute has passed.
  const recheck = routing.held.length > 0 ? Math.min(next.getTime(), at.getTime() + 61_000) : next.getTime();
  const current = code.offered_users;
  const same = current.length === routing.offered.length && current.every((u, i) => u === routing.offered[i]);
  let error: string | null = null;
  if (!same || opts.force) {
    try {
      const client = await ctx.wecom.forCorp(ctx, corpId);
      await client.contactWay.update({
        config_id: code.config_id,
        user: routing.offered,
        skip_verify: code.skip_verify,
        ...(code.remark ? { remark: code.remark } : {}),
      });
    } catch (err) {
      if (!(err instanceof WeComApiError)) throw err;
      error = `update_contact_way failed with errcode ${err.errcode}`;
      ctx.log.warn({ corpId, liveCodeId: id, errcode: err.errcode }, "live code sync failed");
    }
  }
  await ctx.db
    .updateTable("live_codes")
    .set({
      sync_needed: false,
      next_check_at: error ? new Date(at.getTime() + 30_000) : new Date(recheck),
      last_sync_error: error,
      ...(error ? {} : { offered_users: JSON.stringify(routing.offered), synced_at: at }),
    })
    .where("id", "=", id)
    .execute();
  return true;
}

/** Syncs the codes that are due (an add, a schedule boundary, midnight); returns how many it synced. */
export async function syncDueCodes(ctx: Ctx, limit = 20): Promise<number> {
  const due = await repo.dueCodes(ctx.db, now(ctx), limit);
  let synced = 0;
  for (const d of due) {
    try {
      const done = await ctx.db
        .transaction()
        .execute((trx) => syncLocked({ ...ctx, db: trx }, d.corp_id, d.id, { skipLocked: true }));
      if (done) synced++;
    } catch (err) {
      ctx.log.error({ err, liveCodeId: d.id }, "live code sync failed");
      await ctx.db
        .updateTable("live_codes")
        .set({
          sync_needed: false,
          next_check_at: new Date(ctx.clock.now() + 30_000),
          last_sync_error: String(err),
        })
        .where("id", "=", d.id)
        .execute();
      synced++;
    }
  }
  return synced;
}
