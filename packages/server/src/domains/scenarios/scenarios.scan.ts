// The scenario scanner (a poller in every process): claims an active scenario not scanned for `intervalMs` (the
// claim sets scanned_at, so two processes never scan one scenario at once; a crash leaves it for the next interval),
// binds imported coupons/subscriptions whose customers appeared since, walks the trigger's candidates a page at a
// time (one SQL query per page, never one per customer), keeps the audience's members, and for each page records
// the firings and enrols the newly fired customers on the scenario's line in one transaction — a firing is unique
// per scenario, customer and trigger instance, so a re-scan, a second process or a retry fires nobody twice.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { enroll } from "../journeys/journeys.service.ts";
import { segmentCounter } from "../segments/segments.counter.ts";
import { bindHoldings } from "./holdings.repository.ts";
import { type Candidate, candidates, type ScenarioRow } from "./scenarios.triggers.ts";

const PAGE = 2000;
const SEGMENT_PAGE = 10_000;
const DAY = 86_400_000;

interface Claimed extends ScenarioRow {
  journey_id: string;
  segment_id: string | null;
}

async function claim(db: Db, now: Date, intervalMs: number): Promise<Claimed | undefined> {
  const { rows } = await sql<Claimed>`
    update scenarios s set scanned_at = ${now}
    where s.id = (select id from scenarios
      where status = 'active' and (scanned_at is null or scanned_at <= ${new Date(now.getTime() - intervalMs)})
      order by scanned_at nulls first, id limit 1 for update skip locked)
    returning s.id::text, s.corp_id, s.template, s.params, s.created_at, s.journey_id::text,
      s.segment_id::text`.execute(db);
  return rows[0];
}

/** The saved segment's members (null: no audience filter; an empty set when the segment is gone). */
async function audience(ctx: Ctx, s: Claimed): Promise<Set<string> | null> {
  if (s.segment_id === null) return null;
  const seg = await ctx.db
    .selectFrom("saved_segments")
    .select("expr")
    .where("corp_id", "=", s.corp_id)
    .where("id", "=", s.segment_id)
    .executeTakeFirst();
  if (!seg) return new Set();
  const counter = segmentCounter(ctx);
  const out = new Set<string>();
  for (let after: string | undefined; ; ) {
    const page = await counter.sample(s.corp_id, seg.expr, SEGMENT_PAGE, after);
    for (const id of page) out.add(id);
    if (page.length < SEGMENT_PAGE) return out;
    after = page[page.length - 1];
  }
}

/** Records the firings and enrols the customers fired now; returns how many fired. */
async function fire(ctx: Ctx, s: Claimed, found: Candidate[], now: Date): Promise<number> {
  if (found.length === 0) return 0;
  return ctx.db.transaction().execute(async (trx) => {
    const { rows: fired } = await sql<{ customer_id: string }>`
      insert into scenario_firings (corp_id, scenario_id, customer_id, external_userid, instance, reason, enrolled,
        fired_at)
      select ${s.corp_id}, ${s.id}::bigint, x.customer_id::bigint, x.external_userid, x.instance, x.reason, false, ${now}
      from unnest(${found.map((c) => c.customer_id)}::text[], ${found.map((c) => c.external_userid)}::text[],
        ${found.map((c) => c.instance)}::text[], ${found.map((c) => c.reason)}::text[])
        as x(customer_id, external_userid, instance, reason)
      on conflict (scenario_id, customer_id, instance) do nothing
      returning customer_id::text`.execute(trx);
    if (fired.length === 0) return 0;
    const ids = [...new Set(fired.map((f) => f.customer_id))];
    const source = `scenario:${s.id}`;
    await enroll({ ...ctx, db: trx }, s.corp_id, s.journey_id, { customerIds: ids }, source);
    await sql`update scenario_firings f set enrolled = true
      from journey_enrollments e
      where f.scenario_id = ${s.id}::bigint and f.fired_at = ${now} and f.customer_id = any(${ids}::bigint[])
        and e.corp_id = f.corp_id and e.journey_id = ${s.journey_id}::bigint and e.customer_id = f.customer_id
        and e.source = ${source} and e.enrolled_at = ${now}`.execute(trx);
    return fired.length;
  });
}

/** Scans one scenario now (already claimed); returns the firings made. */
async function scanOne(ctx: Ctx, s: Claimed, now: Date, pageSize: number): Promise<number> {
  if (s.template === "coupon_expiring")
    await bindHoldings(ctx.db, s.corp_id, "coupons", now, { since: now, limit: 50_000 });
  if (s.template === "subscription_expiring" || s.template === "renewal_due")
    await bindHoldings(ctx.db, s.corp_id, "subscriptions", now, {
      since: new Date(now.getTime() - 366 * DAY),
      limit: 50_000,
    });
  const members = await audience(ctx, s);
  let total = 0;
  let after: { customerId: string; instance: string } | undefined;
  for (;;) {
    const page = await candidates(ctx.db, s, now, pageSize, after);
    const kept = members ? page.filter((c) => members.has(c.customer_id)) : page;
    total += await fire(ctx, s, kept, now);
    if (page.length < pageSize) return total;
    const last = page[page.length - 1]!;
    after = { customerId: last.customer_id, instance: last.instance };
  }
}

/** One round: scans up to `max` due scenarios (`page` candidates per query); returns how many it scanned. */
export async function scanScenarios(
  ctx: Ctx,
  opts: { intervalMs?: number; max?: number; page?: number } = {},
): Promise<number> {
  const now = new Date(ctx.clock.now());
  let n = 0;
  for (; n < (opts.max ?? 10); n++) {
    const s = await claim(ctx.db, now, opts.intervalMs ?? 60_000);
    if (!s) break;
    try {
      await scanOne(ctx, s, now, opts.page ?? PAGE);
    } catch (err) {
      ctx.log.error({ err, scenario: s.id }, "scenario scan failed");
    }
  }
  return n;
}

export type ScenarioScanner = Poller;

export function startScenarioScanner(
  ctx: Ctx,
  opts: { intervalMs?: number; idleDelayMs?: number } = {},
): ScenarioScanner {
  return startPoller(
    "scenario scanner",
    ctx.log,
    () => scanScenarios(ctx, { intervalMs: opts.intervalMs ?? 60_000 }),
    opts.idleDelayMs ?? 15_000,
  );
}
