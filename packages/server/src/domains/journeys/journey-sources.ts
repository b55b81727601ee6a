// Where enrolments come from besides the API: live codes (a customer added through a code the line names is
// enrolled inside the add's inbox transaction) and a saved segment — "once" enrols the members when the segment is
// set, "continuous" also enrols customers who match later (the segment poller re-reads the members; enrolment is
// once per customer and line, so nobody comes back).
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import type { SegmentExpr } from "../segments/segments.ast.ts";
import { enrollCustomers } from "./journeys.enrol.ts";

const PAGE = 5000;

/** A customer was added through a live code: enrols them on every line naming that code. */
export async function enrollFromLiveCode(
  db: Db,
  corpId: string,
  liveCodeId: string,
  externalUserid: string,
  at: Date,
): Promise<number> {
  const lines = await db
    .selectFrom("journeys")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("status", "=", "active")
    .where(sql<boolean>`live_code_ids @> ${JSON.stringify([String(liveCodeId)])}::jsonb`)
    .execute();
  if (lines.length === 0) return 0;
  const c = await db
    .selectFrom("customers")
    .select(["id", "external_userid"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserid)
    .executeTakeFirst();
  if (!c) return 0;
  let n = 0;
  for (const l of lines)
    n += (await enrollCustomers(db, corpId, String(l.id), [c], `live_code:${liveCodeId}`, at)).length;
  return n;
}

/**
 * One pass: lines with a segment not yet read ("once") or last read `intervalMs` ago ("continuous") enrol the
 * segment's current members. Returns the lines read; nothing while the segment engine is still building.
 */
export async function enrollFromSegments(ctx: Ctx, intervalMs = 60_000, batch = 10): Promise<number> {
  if (ctx.segments.state().status !== "ready") return 0;
  const now = new Date(ctx.clock.now());
  const due = await ctx.db
    .selectFrom("journeys as j")
    .innerJoin("saved_segments as s", (jn) =>
      jn.onRef("s.id", "=", "j.segment_id").onRef("s.corp_id", "=", "j.corp_id"),
    )
    .select(["j.id", "j.corp_id", "j.segment_id", "s.expr"])
    .where("j.status", "=", "active")
    .where((eb) =>
      eb.or([
        eb("j.segment_polled_at", "is", null),
        eb.and([
          eb("j.segment_mode", "=", "continuous"),
          eb("j.segment_polled_at", "<", new Date(now.getTime() - intervalMs)),
        ]),
      ]),
    )
    .orderBy("j.segment_polled_at", (o) => o.nullsFirst())
    .limit(batch)
    .execute();
  await ctx.segments.catchUp();
  for (const j of due) {
    const expr = j.expr as SegmentExpr;
    let after: string | undefined;
    for (;;) {
      const ids = await ctx.segments.sample(j.corp_id, expr, PAGE, after);
      if (ids.length === 0) break;
      const customers = await ctx.db
        .selectFrom("customers")
        .select(["id", "external_userid"])
        .where("corp_id", "=", j.corp_id)
        .where("id", "in", ids)
        .execute();
      await enrollCustomers(ctx.db, j.corp_id, String(j.id), customers, `segment:${j.segment_id}`, now);
      if (ids.length < PAGE) break;
      after = ids[ids.length - 1];
    }
    await ctx.db.updateTable("journeys").set({ segment_polled_at: now }).where("id", "=", j.id).execute();
  }
  return due.length;
}

export function startSegmentEnroller(
  ctx: Ctx,
  opts: { intervalMs?: number; idleDelayMs?: number } = {},
): Poller {
  return startPoller(
    "journey segment enrolment",
    ctx.log,
    () => enrollFromSegments(ctx, opts.intervalMs ?? 60_000),
    opts.idleDelayMs ?? 30_000,
  );
}
