// Coupon pools: codes uploaded by the operator (CSV or JSON), each handed to one customer at most once. A step
// whose text has {coupon_code} claims the customer's code (the one they already hold from that pool, or a free
// one taken with FOR UPDATE SKIP LOCKED, so concurrent schedulers never hand out one code twice). A code an activity
// handed out as a reward (reward_id, see domains/rewards) is not free either.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";

export interface CouponPoolView {
  id: string;
  name: string;
  total: number;
  given: number;
  left: number;
  createdAt: string;
}

/** Codes from an upload: a CSV (one code per line; the first column; a "code" header line is skipped) or a list. */
export function parseCodes(body: { codes?: string[]; csv?: string }): string[] {
  const raw =
    body.codes ?? (body.csv ?? "").split(/\r?\n/).map((l) => (l.split(",")[0] ?? "").replace(/^"|"$/g, ""));
  const codes = raw.map((c) => c.trim()).filter((c) => c.length > 0 && c.toLowerCase() !== "code");
  const bad = codes.findIndex((c) => c.length > 64);
  if (bad >= 0)
    throw new AppError("VALIDATION_FAILED", "a coupon code is at most 64 characters", [
      {
        path: body.codes ? `/codes/${bad}` : "/csv",
        message: `code ${bad + 1} is longer than 64 characters`,
      },
    ]);
  if (codes.length === 0)
    throw new AppError("VALIDATION_FAILED", "no codes in the upload", [
      { path: body.codes ? "/codes" : "/csv", message: "give at least one code" },
    ]);
  return [...new Set(codes)];
}

async function poolView(db: Db, corpId: string, id: string): Promise<CouponPoolView> {
  const p = await db
    .selectFrom("coupon_pools")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!p) throw new AppError("COUPON_POOL_NOT_FOUND", `coupon pool ${id} does not exist in corp ${corpId}`);
  const c = await db
    .selectFrom("coupon_codes")
    .select([
      (eb) => eb.fn.countAll<string>().as("total"),
      (eb) => eb.fn.count<string>("customer_id").as("given"),
      (eb) => eb.fn.count<string>("reward_id").as("rewarded"),
    ])
    .where("pool_id", "=", id)
    .executeTakeFirstOrThrow();
  const total = Number(c.total);
  // A code handed out as an activity reward is given too (activity_rewards).
  const given = Number(c.given) + Number(c.rewarded);
  return {
    id: String(p.id),
    name: p.name,
    total,
    given,
    left: total - given,
    createdAt: p.created_at.toISOString(),
  };
}

export async function createPool(ctx: Ctx, corpId: string, name: string): Promise<CouponPoolView> {
  await requireCorp(ctx, corpId);
  const p = await ctx.db
    .insertInto("coupon_pools")
    .values({ corp_id: corpId, name, created_at: new Date(ctx.clock.now()) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return poolView(ctx.db, corpId, String(p.id));
}

/** Adds codes to the pool; a code already in it is ignored. */
export async function addCodes(ctx: Ctx, corpId: string, poolId: string, codes: string[]) {
  await poolView(ctx.db, corpId, poolId);
  let added = 0;
  for (let i = 0; i < codes.length; i += 1000) {
    const r = await ctx.db
      .insertInto("coupon_codes")
      .values(codes.slice(i, i + 1000).map((code) => ({ corp_id: corpId, pool_id: poolId, code })))
      .onConflict((oc) => oc.columns(["pool_id", "code"]).doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return { added, duplicates: codes.length - added, pool: await poolView(ctx.db, corpId, poolId) };
}

export async function listPools(ctx: Ctx, corpId: string): Promise<CouponPoolView[]> {
  const rows = await ctx.db
    .selectFrom("coupon_pools")
    .select("id")
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .execute();
  return Promise.all(rows.map((r) => poolView(ctx.db, corpId, String(r.id))));
}

/** The customer's code from the pool: the one already given, else a free one; null when the pool is exhausted. */
export async function claimCode(
  db: Db,
  corpId: string,
  poolId: string,
  customerId: string,
  at: Date,
): Promise<string | null> {
  const held = await db
    .selectFrom("coupon_codes")
    .select("code")
    .where("corp_id", "=", corpId)
    .where("pool_id", "=", poolId)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
  if (held) return held.code;
  const { rows } = await sql<{ code: string }>`
    update coupon_codes c set customer_id = ${customerId}, assigned_at = ${at}
    from (select code from coupon_codes where corp_id = ${corpId} and pool_id = ${poolId} and customer_id is null
      and reward_id is null order by code limit 1 for update skip locked) f
    where c.pool_id = ${poolId} and c.code = f.code
    returning c.code`.execute(db);
  return rows[0]?.code ?? null;
}
