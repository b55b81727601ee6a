// The churn scan: buyers with no paid order in N days move to "churn risk", in M days to "churned" (N, M per
// corp). Batch-wise and idempotent — a customer already where the rule puts them is not a candidate — and it
// leaves manual placements alone. Runs on the poller with the Ctx clock.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { churnSettings, corpStages, type Move, moveCustomers } from "./stages.repository.ts";
import { orderStage, ruleFor } from "./stages.rules.ts";

const BATCH = 500;

/** One batch for one corp; returns the number of customers moved. */
export async function scanCorp(ctx: Ctx, corpId: string, limit = BATCH): Promise<number> {
  const now = nowDate(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    const settings = await churnSettings(trx, corpId);
    const byKey = new Map((await corpStages(trx, corpId)).map((s) => [s.key, s.id]));
    const risk = byKey.get("churn_risk");
    const churned = byKey.get("churned");
    if (!risk || !churned) return 0;
    const riskBefore = new Date(now.getTime() - settings.churnRiskDays * 86_400_000);
    const churnedBefore = new Date(now.getTime() - settings.churnedDays * 86_400_000);
    const { rows } = await sql<{ customer_id: string; paid_orders: number; last_paid_at: Date }>`
      select customer_id, paid_orders, last_paid_at from customer_stages
      where corp_id = ${corpId} and source = 'rule' and last_paid_at is not null and last_paid_at <= ${riskBefore}
        and stage_id <> ${churned}::bigint
        and not (stage_id = ${risk}::bigint and last_paid_at > ${churnedBefore})
      order by last_paid_at, customer_id
      limit ${limit}
      for update skip locked
    `.execute(trx);
    const moves: Move[] = [];
    for (const r of rows) {
      const key = orderStage(r.paid_orders, r.last_paid_at, now, settings);
      const stageId = key && byKey.get(key);
      if (!key || !stageId) continue;
      moves.push({
        customerId: r.customer_id,
        toStageId: stageId,
        ...ruleFor(key, settings),
        source: "rule",
        at: now,
      });
    }
    return (await moveCustomers(trx, corpId, moves)).length;
  });
}

/** One round over every corp: a batch each; the poller repeats rounds while anything moved. */
export async function scanChurn(ctx: Ctx): Promise<number> {
  const corps = await ctx.db.selectFrom("corps").select("corp_id").orderBy("corp_id").execute();
  let moved = 0;
  for (const c of corps) moved += await scanCorp(ctx, c.corp_id);
  return moved;
}

export type StageScheduler = Poller;

export function startStageScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): StageScheduler {
  return startPoller("stage churn scan", ctx.log, () => scanChurn(ctx), opts.idleDelayMs ?? 60_000);
}
