// Reactions other domains call inside their own transactions.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { queueRuleActions, type RuleFiring } from "./rule-actions.ts";
import { enabledRules } from "./rules.service.ts";

interface OrderRuleConfig {
  minTotalCents?: number;
  minOrderCents?: number;
  minOrders?: number;
  categories?: string[];
  withinDays?: number;
}

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

/**
 * Orders were bound to these customers (import, API or a late bind). Evaluates the corp's order rules over each
 * customer's paid orders (amount, category, recency) and queues the tag changes; the rule worker applies them
 * to WeCom after the caller's transaction commits.
 */
export async function afterOrdersBound(
  trx: Kysely<Database>,
  corpId: string,
  customerIds: string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  const rules = await enabledRules(trx, corpId, "order");
  if (rules.length === 0) return;
  const now = (await sql<{ now: Date }>`select now() as now`.execute(trx)).rows[0]!.now;
  const firings: RuleFiring[] = [];
  for (const rule of rules) {
    const c = rule.config as OrderRuleConfig;
    const cats = c.categories ?? [];
    const result = await sql<{ external_userid: string; n: string; total: string; biggest: string }>`
      select c.external_userid, count(*) as n, sum(o.amount_cents) as total, max(o.amount_cents) as biggest
      from orders o join customers c on c.id = o.customer_id and c.corp_id = o.corp_id
      where o.corp_id = ${corpId}
        and o.customer_id = any(${customerIds}::bigint[])
        and o.status = 'paid'
        ${cats.length > 0 ? sql`and o.categories && ${cats}::text[]` : sql``}
        ${c.withinDays ? sql`and o.ordered_at >= ${new Date(now.getTime() - c.withinDays * 86_400_000)}` : sql``}
      group by c.external_userid`.execute(trx);
    for (const r of result.rows) {
      const n = Number(r.n);
      const total = Number(r.total);
      const biggest = Number(r.biggest);
      if (n < (c.minOrders ?? 1)) continue;
      if (c.minTotalCents !== undefined && total < c.minTotalCents) continue;
      if (c.minOrderCents !== undefined && biggest < c.minOrderCents) continue;
      const scope = [
        ...(cats.length > 0 ? [`in ${cats.join("/")}`] : []),
        ...(c.withinDays ? [`within ${c.withinDays} days`] : []),
      ];
      firings.push({
        rule,
        externalUserId: r.external_userid,
        reason: `${n} paid order${n === 1 ? "" : "s"}, ${yuan(total)} in total${scope.length ? ` ${scope.join(" ")}` : ""}`,
      });
    }
  }
  await queueRuleActions(trx, corpId, firings, now);
}
