// Granting rewards: one row per grant key (a replay or a re-run grants nothing new). A voucher takes a free code
// from its pool (FOR UPDATE SKIP LOCKED, marked with the reward so journeys never hand it out again); with none
// left the reward fails and waits to be fulfilled by hand. Manual rewards and red-packet amounts are fulfilment
// tasks someone closes. Each new grant is told to the customer through the send gate.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { type DbCtx, planCustomerNote } from "./notify.ts";
import type { RewardView } from "./rewards.schemas.ts";
import type { ActivityRewardsTable, RewardKind, RewardSource } from "./rewards.tables.ts";

export type GrantSpec =
  | { kind: "voucher"; poolId: string; name: string }
  | { kind: "manual"; name: string }
  | { kind: "cash"; name: string; amountCents: number };

export interface Grant {
  corpId: string;
  source: RewardSource;
  sourceId: string;
  grantKey: string;
  externalUserId: string;
  reward: GrantSpec;
  reason: string;
  /** The note to the customer; `{reward}` becomes the reward in words (with the code). Null: no note. */
  note: { text: string; planner: string; prefer?: string[] } | null;
}

type Row = Pick<ActivityRewardsTable, "kind" | "name" | "code" | "amount_cents" | "status">;

/** The reward in words for the customer: 「1元券」（券码 X）, a gift to be handed over, a red-packet amount. */
export function rewardWords(r: Row): string {
  if (r.kind === "voucher" && r.code) return `「${r.name}」（券码：${r.code}）`;
  if (r.kind === "cash") return `「${r.name}」¥${((r.amount_cents ?? 0) / 100).toFixed(2)}（稍后发放）`;
  return `「${r.name}」（工作人员将尽快为您发放）`;
}

/** Grants once per key; returns the reward and whether this call created it. Runs in ctx.db (a transaction). */
export async function grantReward(ctx: DbCtx, g: Grant): Promise<{ id: string; created: boolean }> {
  const at = new Date(ctx.clock.now());
  const kind: RewardKind = g.reward.kind;
  const inserted = await ctx.db
    .insertInto("activity_rewards")
    .values({
      corp_id: g.corpId,
      source: g.source,
      source_id: g.sourceId,
      grant_key: g.grantKey,
      external_userid: g.externalUserId,
      kind,
      name: g.reward.name,
      reason: g.reason,
      pool_id: g.reward.kind === "voucher" ? g.reward.poolId : null,
      code: null,
      amount_cents: g.reward.kind === "cash" ? g.reward.amountCents : null,
      status: "pending",
      note: null,
      outbox_id: null,
      created_at: at,
      fulfilled_at: null,
      fulfilled_by: null,
    })
    .onConflict((oc) => oc.columns(["corp_id", "grant_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    const existing = await ctx.db
      .selectFrom("activity_rewards")
      .select("id")
      .where("corp_id", "=", g.corpId)
      .where("grant_key", "=", g.grantKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }
  const id = inserted.id;
  let row: Row = {
    kind,
    name: g.reward.name,
    code: null,
    amount_cents: g.reward.kind === "cash" ? g.reward.amountCents : null,
    status: "pending",
  };
  if (g.reward.kind === "voucher") {
    const { rows } = await sql<{ code: string }>`
      update coupon_codes c set reward_id = ${id}, assigned_at = ${at}
      from (select code from coupon_codes where corp_id = ${g.corpId} and pool_id = ${g.reward.poolId}
        and customer_id is null and reward_id is null order by code limit 1 for update skip locked) f
      where c.pool_id = ${g.reward.poolId} and c.code = f.code
      returning c.code`.execute(ctx.db);
    const code = rows[0]?.code ?? null;
    row = { ...row, code, status: code ? "granted" : "failed" };
    await ctx.db
      .updateTable("activity_rewards")
      .set({
        code,
        status: row.status,
        note: code ? null : "the coupon pool had no codes left; upload codes, then fulfil it by hand",
      })
      .where("id", "=", id)
      .execute();
  }
  // A reward without a code to show yet (pool empty) is told when someone fulfils it, not now.
  if (g.note && row.status !== "failed") {
    const outboxId = await planCustomerNote(ctx, {
      corpId: g.corpId,
      externalUserId: g.externalUserId,
      key: `reward:${id}`,
      planner: g.note.planner,
      text: g.note.text.replaceAll("{reward}", rewardWords(row)),
      ...(g.note.prefer ? { prefer: g.note.prefer } : {}),
    });
    if (outboxId)
      await ctx.db
        .updateTable("activity_rewards")
        .set({ outbox_id: outboxId })
        .where("id", "=", id)
        .execute();
  }
  return { id, created: true };
}

const views = (ctx: Ctx, corpId: string) =>
  ctx.db
    .selectFrom("activity_rewards as r")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "r.corp_id").onRef("c.external_userid", "=", "r.external_userid"),
    )
    .leftJoin("fission_campaigns as f", (j) =>
      j.onRef("f.id", "=", "r.source_id").on("r.source", "=", "fission"),
    )
    .leftJoin("group_activities as g", (j) =>
      j.onRef("g.id", "=", "r.source_id").on("r.source", "!=", "fission"),
    )
    .selectAll("r")
    .select(["c.name as customer_name", "f.name as fission_name", "g.name as activity_name"])
    .where("r.corp_id", "=", corpId);

type ViewRow = Awaited<ReturnType<ReturnType<typeof views>["executeTakeFirstOrThrow"]>>;

function toView(r: ViewRow): RewardView {
  return {
    id: r.id,
    source: r.source,
    sourceId: String(r.source_id),
    sourceName: r.fission_name ?? r.activity_name ?? null,
    externalUserId: r.external_userid,
    customerName: r.customer_name ?? null,
    kind: r.kind,
    name: r.name,
    reason: r.reason,
    poolId: r.pool_id === null ? null : String(r.pool_id),
    code: r.code,
    amountCents: r.amount_cents,
    status: r.status,
    note: r.note,
    messagePlanned: r.outbox_id !== null,
    createdAt: r.created_at.toISOString(),
    fulfilledAt: r.fulfilled_at?.toISOString() ?? null,
    fulfilledBy: r.fulfilled_by,
  };
}

export async function listRewards(
  ctx: Ctx,
  corpId: string,
  q: { status?: RewardView["status"]; source?: RewardSource; sourceId?: string; limit: number },
): Promise<RewardView[]> {
  let query = views(ctx, corpId);
  if (q.status) query = query.where("r.status", "=", q.status);
  if (q.source) query = query.where("r.source", "=", q.source);
  if (q.sourceId) query = query.where("r.source_id", "=", q.sourceId);
  const rows = await query.orderBy("r.id", "desc").limit(q.limit).execute();
  return rows.map(toView);
}

export async function getReward(ctx: Ctx, corpId: string, id: string): Promise<RewardView> {
  const row = await views(ctx, corpId).where("r.id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("REWARD_NOT_FOUND", `no reward ${id} in corp ${corpId}`);
  return toView(row);
}

/** Closes a fulfilment task (a gift handed over, a red packet paid, a failed voucher given by hand). */
export async function fulfilReward(
  ctx: Ctx,
  corpId: string,
  id: string,
  by: string,
  note: string | undefined,
): Promise<RewardView> {
  const current = await getReward(ctx, corpId, id);
  if (current.status !== "pending" && current.status !== "failed")
    throw new AppError(
      "REWARD_NOT_PENDING",
      current.status === "granted"
        ? "this voucher was given automatically; there is nothing to fulfil"
        : "this reward is already fulfilled",
    );
  await ctx.db
    .updateTable("activity_rewards")
    .set({
      status: "fulfilled",
      fulfilled_at: new Date(ctx.clock.now()),
      fulfilled_by: by,
      ...(note ? { note } : {}),
    })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
  return getReward(ctx, corpId, id);
}
