// Moment rules: tag customers who liked or commented on a customer moment (a given one, or any), under the post
// of the member whose customer they are. Fired by the moments worker for interactions it has just pulled.
import type { Db } from "../../db/database.ts";
import { queueRuleActions, type RuleFiring } from "./rule-actions.ts";
import { enabledRules } from "./rules.service.ts";

export interface MomentInteractionPulled {
  /** Siyu's moment id. */
  momentId: string;
  /** The moment's text (for the reason shown on the timeline). */
  momentText: string;
  userid: string;
  externalUserId: string;
  kind: "like" | "comment";
}

const excerpt = (text: string) => {
  const chars = [...text.trim()];
  return chars.length === 0 ? "" : ` "${chars.slice(0, 20).join("")}${chars.length > 20 ? "…" : ""}"`;
};

/** Queues the tag changes of the corp's enabled moment rules that these new interactions satisfy. */
export async function fireMomentRules(
  db: Db,
  corpId: string,
  interactions: MomentInteractionPulled[],
  at: Date,
): Promise<number> {
  if (interactions.length === 0) return 0;
  const rules = await enabledRules(db, corpId, "moment");
  const firings: RuleFiring[] = [];
  for (const rule of rules) {
    const wanted = String(rule.config.interaction ?? "any");
    const moment = rule.config.momentId === undefined ? undefined : String(rule.config.momentId);
    const seen = new Set<string>();
    for (const i of interactions) {
      if (moment !== undefined && i.momentId !== moment) continue;
      if (wanted !== "any" && wanted !== i.kind) continue;
      const key = `${i.externalUserId}/${i.userid}`;
      if (seen.has(key)) continue;
      seen.add(key);
      firings.push({
        rule,
        externalUserId: i.externalUserId,
        userid: i.userid,
        reason: `${i.kind === "like" ? "liked" : "commented on"} moment #${i.momentId}${excerpt(i.momentText)}`,
      });
    }
  }
  return queueRuleActions(db, corpId, firings, at);
}
