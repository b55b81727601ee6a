// Call campaigns: the list summary an operator plans from (bucket counts by tier and category, and the team's
// capacity), planning a campaign from a bucket (classify, rank, fit incentives, script, schedule over capacity
// and windows, store the calls), and reading campaigns, their calls and the unanswered / refused lists.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { localMidnight } from "../send-gate/periods.ts";
import { BUCKETS, type Bucket, loadCallSettings, TIERS, type Tier } from "./call-campaigns.settings.ts";
import { loadBuyers } from "./call-list.repository.ts";
import { classifyBuyers, type ListedBuyer } from "./call-list.ts";
import { buildSchedule, dayLabel, dayStart } from "./call-plan.ts";
import { buildScript, type CampaignKind, scriptKey } from "./call-scripts.ts";
import { type CapacityFn, healthCapacity, type TeamCapacity } from "./capacity.ts";

/** The capacity the planner spreads schedules over: account health's daily caps. */
const capacityFn: CapacityFn = healthCapacity;

const DAY = 86_400_000;

export async function teamCapacity(ctx: Ctx, corpId: string): Promise<TeamCapacity> {
  return capacityFn(ctx.db, corpId, new Date(ctx.clock.now()));
}

async function listed(ctx: Ctx, corpId: string): Promise<ListedBuyer[]> {
  const [settings, offset, buyers] = await Promise.all([
    loadCallSettings(ctx.db, corpId),
    corpUtcOffset(ctx.db, corpId),
    loadBuyers(ctx.db, corpId),
  ]);
  return classifyBuyers(buyers, settings, new Date(ctx.clock.now()), offset);
}

export interface ListSummary {
  buckets: {
    bucket: Bucket;
    total: number;
    byTier: Record<Tier, number>;
    byCategory: Record<string, number>;
  }[];
  capacity: TeamCapacity;
}

export async function listSummary(ctx: Ctx, corpId: string): Promise<ListSummary> {
  const buyers = await listed(ctx, corpId);
  const buckets = BUCKETS.map((bucket) => {
    const of = buyers.filter((b) => b.bucket === bucket);
    const byTier = Object.fromEntries(TIERS.map((t) => [t, of.filter((b) => b.tier === t).length])) as Record<
      Tier,
      number
    >;
    const byCategory: Record<string, number> = {};
    for (const b of of) byCategory[b.category] = (byCategory[b.category] ?? 0) + 1;
    return { bucket, total: of.length, byTier, byCategory };
  });
  return { buckets, capacity: await teamCapacity(ctx, corpId) };
}

export interface CampaignInput {
  name: string;
  kind: CampaignKind;
  brandName: string;
  bucket: Bucket;
  tiers?: Tier[] | undefined;
  categories?: string[] | undefined;
  /** YYYY-MM-DD, the corp's local day; default tomorrow. */
  startDay?: string | undefined;
  /** Members to spread the list over; default everyone with capacity. */
  userids?: string[] | undefined;
  /** At most this many customers (the freshest). */
  limit?: number | undefined;
}

export async function createCampaign(
  ctx: Ctx,
  corpId: string,
  input: CampaignInput,
  createdBy: string | null,
): Promise<string> {
  const now = new Date(ctx.clock.now());
  const [settings, offset] = await Promise.all([
    loadCallSettings(ctx.db, corpId),
    corpUtcOffset(ctx.db, corpId),
  ]);
  let buyers = (await listed(ctx, corpId)).filter(
    (b) =>
      b.bucket === input.bucket &&
      (!input.tiers?.length || input.tiers.includes(b.tier)) &&
      (!input.categories?.length || input.categories.includes(b.category)),
  );
  if (input.limit) buyers = buyers.slice(0, input.limit);
  if (buyers.length === 0)
    throw new AppError("CALL_CAMPAIGN_EMPTY", "nobody to call: the bucket (with these filters) is empty", [
      { path: "/bucket", message: "no customer in this bucket with these filters" },
    ]);
  const capacity = await capacityFn(ctx.db, corpId, now);
  const members = input.userids?.length
    ? capacity.members.filter((m) => input.userids?.includes(m.userid))
    : capacity.members;
  const unknown = (input.userids ?? []).filter((u) => !capacity.members.some((m) => m.userid === u));
  if (unknown.length > 0)
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/userids", message: `not members who may take customers: ${unknown.join(", ")}` },
    ]);
  if (!members.some((m) => m.healthCap > 0 && (!m.restricted || m.restrictedUntil !== null)))
    throw new AppError(
      "CALL_CAMPAIGN_NO_CAPACITY",
      "no member can take new customers (every account is restricted or has no daily cap)",
    );
  const startDay = input.startDay ?? dayLabel(localMidnight(now, offset) + DAY, offset);
  const start = dayStart(startDay, offset);
  if (Number.isNaN(start) || dayLabel(start, offset) !== startDay)
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/startDay", message: "a date as YYYY-MM-DD" },
    ]);
  if (start + DAY <= now.getTime())
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/startDay", message: "the start day has already passed" },
    ]);
  const schedule = buildSchedule({ buyers, members, startDay, now, offsetMinutes: offset, settings });
  const rankOf = new Map(buyers.map((b, i) => [b.phone, i + 1]));
  const label = (key: string) => settings.categories.find((c) => c.key === key)?.label ?? key;
  return ctx.db.transaction().execute(async (trx) => {
    const campaign = await trx
      .insertInto("call_campaigns")
      .values({
        corp_id: corpId,
        name: input.name,
        kind: input.kind,
        brand_name: input.brandName,
        bucket: input.bucket,
        tiers: input.tiers ?? [],
        categories: input.categories ?? [],
        start_day: startDay,
        days: schedule.days,
        total: schedule.calls.length,
        capacity: JSON.stringify({
          source: capacity.source,
          members: members.map((m) => ({
            userid: m.userid,
            cap: m.cap,
            remaining: m.remaining,
            restricted: m.restricted,
          })),
          perDay: schedule.perDay,
          unscheduled: schedule.unscheduled.length,
        }),
        created_by: createdBy,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = schedule.calls.map((c) => {
      const b = c.buyer;
      const script = buildScript({
        kind: input.kind,
        bucket: b.bucket,
        tier: b.tier,
        incentive: b.incentive,
        name: b.name,
        brand: input.brandName,
        categoryLabel: label(b.category),
      });
      return {
        corp_id: corpId,
        campaign_id: campaign.id,
        rank: rankOf.get(b.phone) ?? 0,
        phone: b.phone,
        name: b.name,
        unionid: b.unionid,
        customer_id: b.customerId,
        bucket: b.bucket,
        tier: b.tier,
        category: b.category,
        last_order_at: b.lastPaidAt,
        usual_amount_cents: b.usualAmountCents,
        total_cents: b.totalCents,
        incentive: b.incentive ? JSON.stringify(b.incentive) : null,
        script_key: scriptKey({ kind: input.kind, bucket: b.bucket, tier: b.tier }),
        script: JSON.stringify(script),
        day: c.day,
        call_window: c.window,
        planned_at: c.plannedAt,
        redial_at: c.redialAt,
        userid: c.userid,
      };
    });
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto("call_campaign_calls")
        .values(rows.slice(i, i + 1000))
        .execute();
    return campaign.id;
  });
}

export async function getCampaignRow(ctx: Ctx, corpId: string, id: string) {
  const row = /^\d+$/.test(id)
    ? await ctx.db
        .selectFrom("call_campaigns")
        .selectAll()
        .where("corp_id", "=", corpId)
        .where("id", "=", id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new AppError("CALL_CAMPAIGN_NOT_FOUND", `no call campaign ${id}`);
  return row;
}

export type CallsFilter = "all" | "unanswered" | "refused" | "pending";

export async function listCalls(
  ctx: Ctx,
  corpId: string,
  id: string,
  q: { filter: CallsFilter; offset: number; limit: number },
) {
  await getCampaignRow(ctx, corpId, id);
  let query = ctx.db
    .selectFrom("call_campaign_calls")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", id);
  if (q.filter === "unanswered") query = query.where("outcome", "=", "no_answer");
  if (q.filter === "refused") query = query.where("outcome", "=", "refused");
  if (q.filter === "pending") query = query.where("outcome", "is", null);
  const rows = await query
    .orderBy(q.filter === "unanswered" ? "next_redial_at" : "planned_at")
    .orderBy("rank")
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  return rows.map(callView);
}

export function callView(r: {
  id: string;
  rank: number;
  phone: string;
  name: string | null;
  bucket: string;
  tier: string;
  category: string;
  last_order_at: Date | null;
  usual_amount_cents: string;
  incentive: Record<string, unknown> | null;
  script_key: string;
  script: { step: string; text: string }[];
  day: string;
  call_window: string;
  planned_at: Date;
  redial_at: Date;
  userid: string;
  attempts: number;
  outcome: string | null;
  next_redial_at: Date | null;
  sms_kind: string | null;
}) {
  return {
    id: r.id,
    rank: r.rank,
    phone: r.phone,
    name: r.name,
    bucket: r.bucket,
    tier: r.tier,
    category: r.category,
    lastOrderAt: r.last_order_at?.toISOString() ?? null,
    usualAmountCents: Number(r.usual_amount_cents),
    incentive: (r.incentive?.name as string | undefined) ?? null,
    incentiveId: (r.incentive?.id as string | undefined) ?? null,
    scriptKey: r.script_key,
    script: r.script,
    day: r.day,
    window: r.call_window,
    plannedAt: r.planned_at.toISOString(),
    redialAt: r.redial_at.toISOString(),
    userid: r.userid,
    attempts: r.attempts,
    outcome: r.outcome,
    nextRedialAt: r.next_redial_at?.toISOString() ?? null,
    sms: r.sms_kind,
  };
}

export async function getCampaign(ctx: Ctx, corpId: string, id: string) {
  const c = await getCampaignRow(ctx, corpId, id);
  const windows = await ctx.db
    .selectFrom("call_campaign_calls")
    .select(["day", "call_window", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", id)
    .groupBy(["day", "call_window"])
    .orderBy("day")
    .orderBy("call_window")
    .execute();
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    brandName: c.brand_name,
    bucket: c.bucket,
    tiers: c.tiers,
    categories: c.categories,
    startDay: c.start_day,
    days: c.days,
    total: c.total,
    capacity: c.capacity,
    schedule: windows.map((w) => ({ day: w.day, window: w.call_window, calls: Number(w.n) })),
    createdAt: c.created_at.toISOString(),
  };
}

export async function listCampaigns(ctx: Ctx, corpId: string) {
  const rows = await ctx.db
    .selectFrom("call_campaigns")
    .select(["id", "name", "kind", "bucket", "start_day", "days", "total", "created_at"])
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    bucket: r.bucket,
    startDay: r.start_day,
    days: r.days,
    total: r.total,
    createdAt: r.created_at.toISOString(),
  }));
}
