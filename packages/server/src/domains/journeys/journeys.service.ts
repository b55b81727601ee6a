// Journeys: lines with versioned steps, enrolment (by API or by hand, once per customer and line), exits. Editing a
// line's steps makes a new version for customers enrolled from then on; customers already on the line keep the
// version they started, so nobody is reshuffled past or back over a step.
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { checkReferences } from "./journey-rules.check.ts";
import type { JourneySettings } from "./journey-rules.schemas.ts";
import { enrollCustomers } from "./journeys.enrol.ts";
import type { JourneyView, StepInput } from "./journeys.schemas.ts";

export { timingOf } from "./journeys.enrol.ts";

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

/** The stored columns of a line's rules, cap and sources. */
const settingsRow = (s: JourneySettings) => ({
  exit_on_order: s.exitOnOrder || s.rules.some((r) => r.when === "ordered"),
  rules: JSON.stringify(s.rules),
  cap: s.cap ? JSON.stringify(s.cap) : null,
  live_code_ids: JSON.stringify(s.liveCodeIds),
  segment_id: s.segment?.segmentId ?? null,
  segment_mode: s.segment?.mode ?? null,
});

export async function createJourney(
  ctx: Ctx,
  corpId: string,
  input: JourneySettings & { name: string; steps: StepInput[] },
): Promise<JourneyView> {
  await requireCorp(ctx, corpId);
  await checkReferences(ctx.db, corpId, { settings: input, steps: input.steps });
  const now = new Date(ctx.clock.now());
  const id = await ctx.db.transaction().execute(async (trx) => {
    const j = await trx
      .insertInto("journeys")
      .values({
        corp_id: corpId,
        name: input.name,
        version: 1,
        ...settingsRow(input),
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
  await checkReferences(ctx.db, corpId, { steps });
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

/** Replaces the line's rules, cap and sources (not versioned: they apply to everyone on the line). */
export async function updateSettings(ctx: Ctx, corpId: string, id: string, input: JourneySettings) {
  await requireJourney(ctx.db, corpId, id);
  await checkReferences(ctx.db, corpId, { settings: input, self: id });
  await ctx.db
    .updateTable("journeys")
    .set({ ...settingsRow(input), segment_polled_at: null, updated_at: new Date(ctx.clock.now()) })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
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
  const exitReasons: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  const plannedAtStep = steps.map(() => 0);
  const skippedAtStep = steps.map(() => 0);
  const enrollments = {
    active: 0,
    done: 0,
    exited: 0,
    atStep: steps.map(() => 0),
    exitReasons,
    skipped,
    plannedAtStep,
    skippedAtStep,
  };
  for (const c of counts) {
    enrollments[c.status] += Number(c.n);
    if (c.status === "active") enrollments.atStep[c.step] = (enrollments.atStep[c.step] ?? 0) + Number(c.n);
  }
  const [exits, skips] = await Promise.all([
    ctx.db
      .selectFrom("journey_enrollments")
      .select(["exit_reason", (eb) => eb.fn.countAll<string>().as("n")])
      .where("corp_id", "=", corpId)
      .where("journey_id", "=", id)
      .where("status", "=", "exited")
      .groupBy("exit_reason")
      .execute(),
    ctx.db
      .selectFrom("journey_step_log")
      .select(["step", "outcome", "reason", (eb) => eb.fn.countAll<string>().as("n")])
      .where("corp_id", "=", corpId)
      .where("journey_id", "=", id)
      .groupBy(["step", "outcome", "reason"])
      .execute(),
  ]);
  for (const e of exits) exitReasons[e.exit_reason ?? "unknown"] = Number(e.n);
  for (const e of skips) {
    const n = Number(e.n);
    const at = e.outcome === "planned" ? plannedAtStep : skippedAtStep;
    if (e.step < at.length) at[e.step] = (at[e.step] ?? 0) + n;
    if (e.outcome === "skipped") skipped[e.reason ?? "unknown"] = (skipped[e.reason ?? "unknown"] ?? 0) + n;
  }
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    version: j.version,
    exitOnOrder: j.exit_on_order,
    rules: j.rules,
    cap: j.cap,
    liveCodeIds: j.live_code_ids,
    segment:
      j.segment_id && j.segment_mode ? { segmentId: String(j.segment_id), mode: j.segment_mode } : null,
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
  if (j.status === "paused")
    throw new AppError(
      "JOURNEY_PAUSED",
      `journey ${id} is paused: resume it (POST …/status {"status":"active"}) before enrolling customers`,
    );
  const asked = who.customerIds ?? who.externalUserids ?? [];
  let q = ctx.db.selectFrom("customers").select(["id", "external_userid"]).where("corp_id", "=", corpId);
  q = who.customerIds ? q.where("id", "in", who.customerIds) : q.where("external_userid", "in", asked);
  const found = await q.execute();
  const known = new Set(found.flatMap((c) => [c.id, c.external_userid]));
  const unknown = asked.filter((a) => !known.has(a));
  if (found.length === 0) return { enrolled: 0, already: 0, unknown };
  const enrolled = await enrollCustomers(ctx.db, corpId, j.id, found, source, new Date(ctx.clock.now()));
  return { enrolled: enrolled.length, already: found.length - enrolled.length, unknown };
}

export { exitOnOrders } from "./journey-exits.ts";
