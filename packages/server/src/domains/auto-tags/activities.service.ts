// Activity participations (live streams, check-ins, lotteries, fission campaigns…) and the rules they fire:
// an activity rule tags everyone who took part in a named activity (or any activity under a prefix, 'live:*').
import type { Db } from "../../db/database.ts";
import type { ActivityKind } from "./auto-tags.tables.ts";
import { queueRuleActions, type RuleFiring } from "./rule-actions.ts";
import { enabledRules } from "./rules.service.ts";

export interface Participation {
  customerId: string;
  externalUserId: string;
  activity: string;
  kind: ActivityKind;
  occurredAt: Date;
  detail: Record<string, unknown>;
}

export function activityMatches(pattern: string, activity: string): boolean {
  return pattern.endsWith("*") ? activity.startsWith(pattern.slice(0, -1)) : pattern === activity;
}

/** Records participations (a repeat keeps the first time and takes the new detail). */
export async function recordParticipations(db: Db, corpId: string, list: Participation[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    await db
      .insertInto("activity_participations")
      .values(
        list.slice(i, i + 500).map((p) => ({
          corp_id: corpId,
          customer_id: p.customerId,
          activity: p.activity,
          kind: p.kind,
          occurred_at: p.occurredAt,
          detail: JSON.stringify(p.detail),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["corp_id", "customer_id", "activity"])
          .doUpdateSet((eb) => ({ detail: eb.ref("excluded.detail") })),
      )
      .execute();
  }
}

/** Queues the activity rules these participations fire. */
export async function fireActivityRules(
  db: Db,
  corpId: string,
  list: Participation[],
  at: Date,
): Promise<number> {
  const rules = await enabledRules(db, corpId, "activity");
  const firings: RuleFiring[] = [];
  for (const rule of rules) {
    const pattern = String(rule.config.activity ?? "");
    const kind = rule.config.kind as string | undefined;
    for (const p of list) {
      if (!activityMatches(pattern, p.activity) || (kind && kind !== p.kind)) continue;
      firings.push({ rule, externalUserId: p.externalUserId, reason: `took part in ${p.activity}` });
    }
  }
  return queueRuleActions(db, corpId, firings, at);
}
