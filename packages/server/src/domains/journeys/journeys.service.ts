// Journeys: lines with versioned steps, enrolment (by API or by hand, once per customer and line), exits. Editing a
// line's steps makes a new version for customers enrolled from then on; customers already on the line keep the
// version they started, so nobody is reshuffled past or back over a step.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { type StepTiming, stepDueAt } from "./journey-time.ts";
import type { JourneyView, StepInput } from "./journeys.schemas.ts";

export const timingOf = (s: StepInput): StepTiming =>
  s.timing.kind === "hours"
    ? { kind: "hours", hours: s.timing.hours }
    : { kind: "day", day: s.timing.day, minute: parseHhMm(s.timing.at) };

export async function tzOffset(db: Db, corpId: string): Promise<number> {
  return (await loadGateSettings(db, [corpId])).get(corpId)?.tzOffsetMinutes ?? 480;
}

async function requireJourney(db: Db, corpId: string, id: string) {
  const j = await db
    .selectFrom("journeys")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!j) throw new AppError("JOURNEY_NOT_FOUND", `journey ${id} does not exist in corp ${corpId}`);
  return j;
}

export async function createJourney(
  ctx: Ctx,
  corpId: string,
  input: { name: string; steps: StepInput[]; exitOnOrder: boolean },
): Promise<JourneyView> {
  await requireCorp(ctx, corpId);
  const now = new Date(ctx.clock.now());
  const id = await ctx.db.transaction().execute(async (trx) => {
    const j = await trx
      .insertInto("journeys")
      .values({
        corp_id: corpId,
        name: input.name,
        version: 1,
        exit_on_order: input.exitOnOrder,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("journey_versions")
      .values({
        corp_id: corpId,
        journey_id: j.id,
        version: 1,
        steps: JSON.stringify(input.steps),
        created_at: now,
      })
      .execute();
    return j.id;
  });
  return getJourney(ctx, corpId, id);
}

/** New steps become a new version; customers already enrolled stay on theirs. */
export async function updateSteps(
  ctx: Ctx,
  corpId: string,
  id: string,
  steps: StepInput[],
): Promise<JourneyView> {
  const now = new Date(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    const j = await requireJourney(trx, corpId, id);
    const version = j.version + 1;
    await trx
      .insertInto("journey_versions")
      .values({ corp_id: corpId, journey_id: id, version, steps: JSON.stringify(steps), created_at: now })
      .execute();
    await trx.updateTable("journeys").set({ version, updated_at: now }).where("id", "=", id).execute();
  });
  return getJourney(ctx, corpId, id);
}

export async function setStatus(ctx: Ctx, corpId: string, id: string, status: "active" | "paused") {
  await requireJourney(ctx.db, corpId, id);
  await ctx.db
    .updateTable("journeys")
    .set({ status, updated_at: new Date(ctx.clock.now()) })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
  return getJourney(ctx, corpId, id);
}

export async function getJourney(ctx: Ctx, corpId: string, id: string): Promise<JourneyView> {
  const j = await requireJourney(ctx.db, corpId, id);
  const v = await ctx.db
    .selectFrom("journey_versions")
    .select("steps")
    .where("journey_id", "=", id)
    .where("version", "=", j.version)
    .executeTakeFirstOrThrow();
  const counts = await ctx.db
    .selectFrom("journey_enrollments")
    .select(["status", "step", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("journey_id", "=", id)
    .groupBy(["status", "step"])
    .execute();
  const steps = v.steps as StepInput[];
  const enrollments = { active: 0, done: 0, exited: 0, atStep: steps.map(() => 0) };
  for (const c of counts) {
    enrollments[c.status] += Number(c.n);
    if (c.status === "active") enrollments.atStep[c.step] = (enrollments.atStep[c.step] ?? 0) + Number(c.n);
  }
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    version: j.version,
    exitOnOrder: j.exit_on_order,
    steps,
    enrollments,
    createdAt: j.created_at.toISOString(),
  };
}

export async function listJourneys(ctx: Ctx, corpId: string): Promise<JourneyView[]> {
  const rows = await ctx.db
    .selectFrom("journeys")
    .select("id")
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .execute();
  return Promise.all(rows.map((r) => getJourney(ctx, corpId, r.id)));
}

/**
 * Enrols customers (by customers.id or external_userid) on the line's current version, each once: the first
 * step's due time is computed from the enrolment instant and the corp's UTC offset.
 */
export async function enroll(
  ctx: Ctx,
  corpId: string,
  id: string,
  who: { customerIds?: string[]; externalUserids?: string[] },
  source: string,
): Promise<{ enrolled: number; already: number; unknown: string[] }> {
  const j = await requireJourney(ctx.db, corpId, id);
  const asked = who.customerIds ?? who.externalUserids ?? [];
  let q = ctx.db.selectFrom("customers").select(["id", "external_userid"]).where("corp_id", "=", corpId);
  q = who.customerIds ? q.where("id", "in", who.customerIds) : q.where("external_userid", "in", asked);
  const found = await q.execute();
  const known = new Set(found.flatMap((c) => [c.id, c.external_userid]));
  const unknown = asked.filter((a) => !known.has(a));
  if (found.length === 0) return { enrolled: 0, already: 0, unknown };
  const v = await ctx.db
    .selectFrom("journey_versions")
    .select("steps")
    .where("journey_id", "=", id)
    .where("version", "=", j.version)
    .executeTakeFirstOrThrow();
  const first = (v.steps as StepInput[])[0] as StepInput;
  const now = new Date(ctx.clock.now());
  const due = stepDueAt(now, timingOf(first), await tzOffset(ctx.db, corpId));
  const inserted = await ctx.db
    .insertInto("journey_enrollments")
    .values(
      found.map((c) => ({
        corp_id: corpId,
        journey_id: id,
        version: j.version,
        customer_id: c.id,
        external_userid: c.external_userid,
        enrolled_at: now,
        source,
        next_due_at: due,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["corp_id", "journey_id", "customer_id"]).doNothing())
    .returning("id")
    .execute();
  return { enrolled: inserted.length, already: found.length - inserted.length, unknown };
}

/** Ends the lines of customers with a paid order placed after they enrolled (lines that exit on order). */
export async function exitOnOrders(db: Db, corpId: string, customerIds: string[]): Promise<number> {
  if (customerIds.length === 0) return 0;
  const r = await sql`
    update journey_enrollments e set status = 'exited', exit_reason = 'ordered', next_due_at = null,
      updated_at = now()
    from journeys j
    where e.corp_id = ${corpId} and e.customer_id = any(${customerIds}::bigint[]) and e.status = 'active'
      and j.id = e.journey_id and j.exit_on_order
      and exists (select 1 from orders o where o.corp_id = e.corp_id and o.customer_id = e.customer_id
        and o.status = 'paid' and o.ordered_at >= e.enrolled_at)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
