// Why a customer is in a stage, in the console's language: the reason and the rule that moved them.
import type { TFunction } from "i18next";

const keyOf = (s: string) => s.replaceAll(".", "_");

export function reasonText(
  t: TFunction,
  reason: string,
  rule: string | null,
  exists: (k: string) => boolean,
) {
  const r = `stages.reasons.${keyOf(reason)}`;
  const base = exists(r) ? t(r) : reason;
  if (!rule) return base;
  const days = /^no_paid_order_(\d+)d$/.exec(rule);
  if (days) return `${base} · ${t("stages.rules.no_paid_order", { days: days[1] })}`;
  const k = `stages.rules.${rule}`;
  return exists(k) ? `${base} · ${t(k)}` : base;
}
