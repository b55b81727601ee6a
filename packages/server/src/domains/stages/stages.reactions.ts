// What other domains call, inside their own transaction, when something happens that moves customers between
// stages. afterOrdersBound is called by the orders domain (import, API, late bind), per the shared contract.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import {
  churnSettings,
  corpStages,
  ensureDefaultStages,
  type Move,
  moveCustomers,
} from "./stages.repository.ts";
import { orderStage, ruleFor } from "./stages.rules.ts";

async function dbNow(db: Db): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return rows[0]!.now;
}

/**
 * Orders were bound to these customers (or their status changed): recount each one's paid orders from `orders`,
 * then move them to "first order", "repeat", "churn risk" or "churned" as their orders say. A manual placement
 * stays unless a paid order was placed after it. `now` defaults to the database's clock.
 */
export async function afterOrdersBound(
  trx: Db,
  corpId: string,
  customerIds: string[],
  opts: { now?: Date } = {},
): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  await ensureDefaultStages(trx, corpId);
  const { rows } = await sql<{ customer_id: string; paid_orders: number; last_paid_at: Date | null }>`
    update customer_stages cs set paid_orders = a.n, last_paid_at = a.last
    from (
      select c.id, coalesce(o.n, 0)::int as n, o.last
      from unnest(${ids}::bigint[]) as c(id)
      left join lateral (
        select count(*) as n, max(ordered_at) as last from orders
        where corp_id = ${corpId} and customer_id = c.id and status = 'paid'
      ) o on true
    ) a
    where cs.corp_id = ${corpId} and cs.customer_id = a.id
    returning cs.customer_id, cs.paid_orders, cs.last_paid_at
  `.execute(trx);
  const now = opts.now ?? (await dbNow(trx));
  const settings = await churnSettings(trx, corpId);
  const byKey = new Map((await corpStages(trx, corpId)).map((s) => [s.key, s.id]));
  const moves: Move[] = [];
  for (const r of rows) {
    const key = orderStage(r.paid_orders, r.last_paid_at, now, settings);
    const stageId = key && byKey.get(key);
    if (!key || !stageId || !r.last_paid_at) continue;
    moves.push({
      customerId: r.customer_id,
      toStageId: stageId,
      ...ruleFor(key, settings),
      source: "rule",
      at: now,
      eventAt: r.last_paid_at,
    });
  }
  await moveCustomers(trx, corpId, moves);
  // A manual placement that a newer paid order confirmed (same stage) is the rules' again, so churn can follow.
  await sql`
    update customer_stages cs set source = 'rule', reason = 'order.paid'
    where cs.corp_id = ${corpId} and cs.customer_id = any(${ids}::bigint[])
      and cs.source = 'manual' and cs.last_paid_at > cs.entered_at
  `.execute(trx);
}

/**
 * Customers sent messages (or replied): a customer in "new" becomes "engaged". Called by the message intake
 * (auto-tags' ingestMessages) inside its transaction, for messages just stored. A manual placement in "new" gives
 * way only to a message sent after it.
 */
export async function afterCustomerMessages(
  trx: Db,
  corpId: string,
  messages: Array<{ externalUserId: string; sentAt: Date }>,
  opts: { now?: Date } = {},
): Promise<number> {
  const latest = new Map<string, Date>();
  for (const m of messages) {
    const seen = latest.get(m.externalUserId);
    if (!seen || m.sentAt > seen) latest.set(m.externalUserId, m.sentAt);
  }
  if (latest.size === 0) return 0;
  const stages = await corpStages(trx, corpId);
  const newId = stages.find((s) => s.key === "new")?.id;
  const engagedId = stages.find((s) => s.key === "engaged")?.id;
  if (!newId || !engagedId) return 0;
  const inNew = await trx
    .selectFrom("customer_stages as cs")
    .innerJoin("customers as c", "c.id", "cs.customer_id")
    .select(["cs.customer_id", "c.external_userid"])
    .where("cs.corp_id", "=", corpId)
    .where("c.corp_id", "=", corpId)
    .where("c.external_userid", "in", [...latest.keys()])
    .where("cs.stage_id", "=", newId)
    .execute();
  if (inNew.length === 0) return 0;
  const now = opts.now ?? (await dbNow(trx));
  const moved = await moveCustomers(
    trx,
    corpId,
    inNew.map((r) => ({
      customerId: r.customer_id,
      toStageId: engagedId,
      rule: "customer_message",
      reason: "message.received",
      source: "rule" as const,
      at: now,
      eventAt: latest.get(r.external_userid)!,
    })),
  );
  return moved.length;
}
