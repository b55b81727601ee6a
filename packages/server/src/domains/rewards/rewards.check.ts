// Checks the rewards an activity names before it is saved: each voucher's pool must be the corp's and still have
// codes to give. Every problem is a field-level error at the reward's path.
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import type { RewardInput } from "./rewards.schemas.ts";

export type Detail = { path: string; message: string };

/** Free codes per pool (not given by a journey nor as a reward), for the corp's pools among `ids`. */
export async function poolStock(db: Db, corpId: string, ids: string[]) {
  const out = new Map<string, { name: string; free: number }>();
  if (ids.length === 0) return out;
  const pools = await db
    .selectFrom("coupon_pools as p")
    .leftJoin("coupon_codes as c", (j) =>
      j.onRef("c.pool_id", "=", "p.id").on("c.customer_id", "is", null).on("c.reward_id", "is", null),
    )
    .select(["p.id", "p.name", (eb) => eb.fn.count<string>("c.code").as("free")])
    .where("p.corp_id", "=", corpId)
    .where("p.id", "in", ids)
    .groupBy(["p.id", "p.name"])
    .execute();
  for (const p of pools) out.set(String(p.id), { name: p.name, free: Number(p.free) });
  return out;
}

/** Problems with the rewards (unknown or empty pools), as details at `${path}/poolId`. */
export async function rewardProblems(
  db: Db,
  corpId: string,
  rewards: { path: string; reward: RewardInput }[],
): Promise<Detail[]> {
  const ids = [...new Set(rewards.flatMap((r) => (r.reward.kind === "voucher" ? [r.reward.poolId] : [])))];
  const stock = await poolStock(db, corpId, ids);
  const out: Detail[] = [];
  for (const { path, reward } of rewards) {
    if (reward.kind !== "voucher") continue;
    const pool = stock.get(reward.poolId);
    if (!pool) out.push({ path: `${path}/poolId`, message: `coupon pool ${reward.poolId} does not exist` });
    else if (pool.free === 0)
      out.push({
        path: `${path}/poolId`,
        message: `coupon pool "${pool.name}" has no codes left; upload codes to it first`,
      });
  }
  return out;
}

export function failIf(details: Detail[]): void {
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", "the request is invalid", details);
}
