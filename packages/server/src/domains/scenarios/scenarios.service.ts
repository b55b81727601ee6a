// Scenarios: CRUD per corp (references to the journey line, the saved segment and live codes checked field by
// field), the firings list, and the template catalogue.
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import type { ScenarioInput, ScenarioView } from "./scenarios.schemas.ts";
import type { ScenarioTemplate } from "./scenarios.tables.ts";

/** The six templates (seed 002): what fires, and the parameters each takes with their defaults. */
export const TEMPLATES: { template: ScenarioTemplate; trigger: string; params: Record<string, unknown> }[] = [
  {
    template: "lead_captured",
    trigger: "a customer is added through one of the live codes or channel states (none given: any add)",
    params: { liveCodeIds: [], states: [] },
  },
  {
    template: "first_order",
    trigger: "N hours after a customer was first added they have no paid order",
    params: { hours: 48 },
  },
  {
    template: "coupon_expiring",
    trigger: "an imported coupon held by the customer expires within N days and is unused",
    params: { days: 3 },
  },
  {
    template: "subscription_expiring",
    trigger:
      "an imported subscription or course expires within N days and has no later one of the same product",
    params: { days: 7 },
  },
  {
    template: "renewal_due",
    trigger: "an imported subscription or course expired within the last N days and was not renewed",
    params: { days: 7 },
  },
  {
    template: "churn_winback",
    trigger: "no paid order and no message from the customer (nor a new add) in N days",
    params: { days: 30 },
  },
];

type Row = {
  id: string;
  name: string;
  template: ScenarioTemplate;
  params: Record<string, unknown>;
  journey_id: string;
  segment_id: string | null;
  status: "active" | "paused";
  scanned_at: Date | null;
  created_at: Date;
};

async function checkReferences(db: Db, corpId: string, input: ScenarioInput) {
  const details: { path: string; message: string }[] = [];
  const j = await db
    .selectFrom("journeys")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("id", "=", input.journeyId)
    .executeTakeFirst();
  if (!j) details.push({ path: "/journeyId", message: `no journey line ${input.journeyId} in this corp` });
  if (input.segmentId) {
    const s = await db
      .selectFrom("saved_segments")
      .select("id")
      .where("corp_id", "=", corpId)
      .where("id", "=", input.segmentId)
      .executeTakeFirst();
    if (!s) details.push({ path: "/segmentId", message: `no saved segment ${input.segmentId} in this corp` });
  }
  if (input.template === "lead_captured" && input.params.liveCodeIds.length > 0) {
    const found = await db
      .selectFrom("live_codes")
      .select("id")
      .where("corp_id", "=", corpId)
      .where("id", "in", input.params.liveCodeIds)
      .execute();
    const known = new Set(found.map((f) => String(f.id)));
    input.params.liveCodeIds.forEach((id, i) => {
      if (!known.has(id))
        details.push({ path: `/params/liveCodeIds/${i}`, message: `no live code ${id} in this corp` });
    });
  }
  // A trigger on coupons or subscriptions needs some to look at: refuse one the corp has no data for.
  const holdings =
    input.template === "coupon_expiring"
      ? "coupons"
      : input.template === "subscription_expiring" || input.template === "renewal_due"
        ? "subscriptions"
        : null;
  if (holdings) {
    const any = await db
      .selectFrom(holdings === "coupons" ? "customer_coupons" : "customer_subscriptions")
      .select("corp_id")
      .where("corp_id", "=", corpId)
      .limit(1)
      .executeTakeFirst();
    if (!any)
      details.push({
        path: "/template",
        message: `this corp has no ${holdings} yet; import them first (POST /api/corps/${corpId}/${holdings}/imports)`,
      });
  }
  if (details.length > 0)
    throw new AppError("VALIDATION_FAILED", "the scenario names things that do not exist", details);
}

async function requireScenario(db: Db, corpId: string, id: string): Promise<Row> {
  const r = await db
    .selectFrom("scenarios")
    .select([
      "id",
      "name",
      "template",
      "params",
      "journey_id",
      "segment_id",
      "status",
      "scanned_at",
      "created_at",
    ])
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!r) throw new AppError("SCENARIO_NOT_FOUND", `scenario ${id} does not exist in corp ${corpId}`);
  return r;
}

/** Firings per scenario, in one query. */
async function firingCounts(db: Db, corpId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("scenario_firings")
    .select(["scenario_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("scenario_id", "in", ids)
    .groupBy("scenario_id")
    .execute();
  return new Map(rows.map((r) => [String(r.scenario_id), Number(r.n)]));
}

function view(r: Row, firings: number): ScenarioView {
  return {
    id: String(r.id),
    name: r.name,
    template: r.template,
    params: r.params,
    journeyId: String(r.journey_id),
    segmentId: r.segment_id === null ? null : String(r.segment_id),
    status: r.status,
    firings,
    scannedAt: r.scanned_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

const columns = (input: ScenarioInput) => ({
  name: input.name,
  template: input.template,
  params: JSON.stringify(input.params),
  journey_id: input.journeyId,
  segment_id: input.segmentId ?? null,
  status: input.status,
});

export async function createScenario(ctx: Ctx, corpId: string, input: ScenarioInput): Promise<ScenarioView> {
  await requireCorp(ctx, corpId);
  await checkReferences(ctx.db, corpId, input);
  const now = new Date(ctx.clock.now());
  const r = await ctx.db
    .insertInto("scenarios")
    .values({ corp_id: corpId, ...columns(input), created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return getScenario(ctx, corpId, r.id);
}

/** Replaces the definition; firings stay, so nobody fires twice for the same instance. */
export async function updateScenario(
  ctx: Ctx,
  corpId: string,
  id: string,
  input: ScenarioInput,
): Promise<ScenarioView> {
  await requireScenario(ctx.db, corpId, id);
  await checkReferences(ctx.db, corpId, input);
  await ctx.db
    .updateTable("scenarios")
    .set({ ...columns(input), scanned_at: null, updated_at: new Date(ctx.clock.now()) })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
  return getScenario(ctx, corpId, id);
}

export async function deleteScenario(ctx: Ctx, corpId: string, id: string): Promise<void> {
  await requireScenario(ctx.db, corpId, id);
  await ctx.db.deleteFrom("scenarios").where("corp_id", "=", corpId).where("id", "=", id).execute();
}

export async function getScenario(ctx: Ctx, corpId: string, id: string): Promise<ScenarioView> {
  const r = await requireScenario(ctx.db, corpId, id);
  return view(r, (await firingCounts(ctx.db, corpId, [r.id])).get(String(r.id)) ?? 0);
}

export async function listScenarios(ctx: Ctx, corpId: string): Promise<ScenarioView[]> {
  const rows = await ctx.db
    .selectFrom("scenarios")
    .select([
      "id",
      "name",
      "template",
      "params",
      "journey_id",
      "segment_id",
      "status",
      "scanned_at",
      "created_at",
    ])
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .execute();
  const counts = await firingCounts(
    ctx.db,
    corpId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(r, counts.get(String(r.id)) ?? 0));
}

export async function listFirings(ctx: Ctx, corpId: string, id: string, offset: number, limit: number) {
  await requireScenario(ctx.db, corpId, id);
  const rows = await ctx.db
    .selectFrom("scenario_firings")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("scenario_id", "=", id)
    .orderBy("id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((f) => ({
    id: String(f.id),
    scenarioId: String(f.scenario_id),
    customerId: String(f.customer_id),
    externalUserid: f.external_userid,
    instance: f.instance,
    reason: f.reason,
    enrolled: f.enrolled,
    firedAt: f.fired_at.toISOString(),
  }));
}
