// Opt-outs said in chat: a customer whose whole message is one of the corp's opt-out keywords ("退订", "TD", …,
// folded for case and width) is opted out of marketing, once, with the message kept as the reason and a line on
// their timeline.
import type { Db } from "../../db/database.ts";
import { fold } from "./gate-facts.ts";
import { type GateSettings, loadGateSettings } from "./gate-settings.ts";

const bare = (s: string) => fold(s).replace(/[\s\p{P}\p{S}]+/gu, "");

/** Whether a customer's message is an opt-out: the whole message, folded and without punctuation, is a keyword. */
export function isOptOutMessage(settings: GateSettings, text: string): boolean {
  const said = bare(text);
  return said.length > 0 && settings.optOutKeywords.some((k) => bare(k) === said);
}

export async function recordChatOptOuts(
  db: Db,
  corpId: string,
  messages: { externalUserId: string; text: string; sentAt: Date }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const settings = (await loadGateSettings(db, [corpId])).get(corpId);
  if (!settings) return 0;
  let recorded = 0;
  for (const m of messages) {
    if (!isOptOutMessage(settings, m.text)) continue;
    const r = await db
      .insertInto("opt_outs")
      .values({
        corp_id: corpId,
        external_userid: m.externalUserId,
        source: "chat",
        detail: m.text.slice(0, 200),
        opted_out_at: m.sentAt,
      })
      .onConflict((oc) => oc.columns(["corp_id", "external_userid"]).doNothing())
      .executeTakeFirst();
    if ((r.numInsertedOrUpdatedRows ?? 0n) === 0n) continue;
    recorded++;
    await db
      .insertInto("contact_timeline")
      .values({
        corp_id: corpId,
        external_userid: m.externalUserId,
        userid: null,
        kind: "customer.opted_out",
        detail: JSON.stringify({ said: m.text.slice(0, 200), source: "chat" }),
        occurred_at: m.sentAt,
        inbox_event_id: null,
      })
      .execute();
  }
  return recorded;
}
