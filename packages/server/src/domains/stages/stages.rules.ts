// Where the order-driven rules put a customer: by paid order count and the age of the latest paid order.
import type { ChurnSettings, DefaultStageKey } from "./stages.repository.ts";

const DAY_MS = 86_400_000;

/**
 * The stage a customer with `paidOrders` paid orders, the latest at `lastPaidAt`, belongs in at `now`; undefined
 * when the customer has never paid (order rules leave them where they are: new, engaged or a manual stage).
 */
export function orderStage(
  paidOrders: number,
  lastPaidAt: Date | null,
  now: Date,
  settings: ChurnSettings,
): DefaultStageKey | undefined {
  if (paidOrders <= 0 || !lastPaidAt) return undefined;
  const idle = now.getTime() - lastPaidAt.getTime();
  if (idle >= settings.churnedDays * DAY_MS) return "churned";
  if (idle >= settings.churnRiskDays * DAY_MS) return "churn_risk";
  return paidOrders >= 2 ? "repeat" : "first_order";
}

/** The rule name and reason recorded on the timeline for a move into `key`. */
export function ruleFor(key: DefaultStageKey, settings: ChurnSettings): { rule: string; reason: string } {
  switch (key) {
    case "churned":
      return { rule: `no_paid_order_${settings.churnedDays}d`, reason: "no_paid_order" };
    case "churn_risk":
      return { rule: `no_paid_order_${settings.churnRiskDays}d`, reason: "no_paid_order" };
    case "repeat":
      return { rule: "second_paid_order", reason: "order.paid" };
    case "first_order":
      return { rule: "first_paid_order", reason: "order.paid" };
    case "engaged":
      return { rule: "customer_message", reason: "message.received" };
    default:
      return { rule: "new_customer", reason: "customer.added" };
  }
}
