// Chat messages reaching Siyu from a message source (the session-archive adapter, an external archive bridge
// posting to the API, 微信客服 sync_msg): stored once per (source, msgid) and run through the keyword rules.
import type { Db } from "../../db/database.ts";
import { recordChatLines } from "../followups/sla.intake.ts";
import { afterGroupMessages } from "../group-activities/group-activities.entries.ts";
import { guardGroupMessages } from "../group-guard/evaluate.ts";
import { afterJourneyMessages } from "../journeys/journey-exits.ts";
import { recordChatOptOuts } from "../send-gate/opt-outs.ts";
import { afterCustomerMessages } from "../stages/stages.reactions.ts";
import { keywordFirings } from "./keyword-rules.ts";
import { queueRuleActions } from "./rule-actions.ts";

export interface IncomingMessage {
  msgid: string;
  /** external_userid or member userid. */
  from: string;
  to?: string | null;
  roomId?: string | null;
  kind: string;
  text?: string | null;
  /** Content of a link, mini-program (weapp) or contact-card message, for the group anti-harassment rules. */
  detail?: { url?: string; title?: string; appid?: string; appName?: string; cardUserid?: string };
  sentAt: Date;
}

/** WeCom external user ids start with wm or wo (customers) — used when Siyu does not know the id yet. */
const looksExternal = (id: string) => /^w[mo][A-Za-z0-9_-]{6,}$/.test(id);

/**
 * Stores new messages (a replayed msgid is ignored) and queues the tag changes their keywords decide.
 * Runs in the caller's transaction when given one.
 */
export async function ingestMessages(
  db: Db,
  corpId: string,
  source: string,
  messages: IncomingMessage[],
  at: Date,
): Promise<{ accepted: number; duplicates: number; tagChanges: number }> {
  if (messages.length === 0) return { accepted: 0, duplicates: 0, tagChanges: 0 };
  const ids = [...new Set(messages.flatMap((m) => [m.from, m.to ?? ""]).filter(Boolean))];
  const customers = new Set(
    (
      await db
        .selectFrom("customers")
        .select("external_userid")
        .where("corp_id", "=", corpId)
        .where("external_userid", "in", ids)
        .execute()
    ).map((c) => c.external_userid),
  );
  const isCustomer = (id: string | null | undefined) => !!id && (customers.has(id) || looksExternal(id));
  const rows = messages.map((m) => {
    const fromCustomer = isCustomer(m.from);
    const room = m.roomId ? m.roomId : null;
    const externalUserId = fromCustomer ? m.from : !room && isCustomer(m.to) ? m.to! : null;
    const userid = fromCustomer ? (room ? null : (m.to ?? null)) : m.from;
    return {
      corp_id: corpId,
      source,
      msgid: m.msgid,
      sender: m.from,
      receiver: m.to ?? null,
      room_id: room,
      kind: m.kind,
      text: m.text ?? null,
      external_userid: externalUserId,
      userid,
      from_customer: fromCustomer,
      sent_at: m.sentAt,
      received_at: at,
    };
  });
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const done = await db
      .insertInto("chat_messages")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["corp_id", "source", "msgid"]).doNothing())
      .returning("msgid")
      .execute();
    for (const d of done) inserted.add(d.msgid);
  }
  // A customer who writes (1:1 or in a group) is engaged (客户阶段).
  await afterCustomerMessages(
    db,
    corpId,
    rows
      .filter((r) => inserted.has(r.msgid) && r.from_customer && r.external_userid)
      .map((r) => ({ externalUserId: r.external_userid!, sentAt: r.sent_at })),
    { now: at },
  );
  // A customer who writes 1:1 after enrolling ends (or branches) lines with a "replied" rule.
  await afterJourneyMessages(
    db,
    corpId,
    rows
      .filter((r) => inserted.has(r.msgid) && r.from_customer && r.external_userid && !r.room_id)
      .map((r) => ({ externalUserId: r.external_userid!, sentAt: r.sent_at })),
  );
  // Response-time SLA: who waits for whose reply in 1:1 chats (followups).
  await recordChatLines(
    db,
    corpId,
    rows
      .filter((r) => inserted.has(r.msgid) && !r.room_id && r.external_userid && r.userid)
      .map((r) => ({
        externalUserId: r.external_userid!,
        userid: r.userid!,
        fromCustomer: r.from_customer,
        sentAt: r.sent_at,
      })),
  );
  // Group anti-harassment (防骚扰): what customers post in groups.
  const details = new Map(messages.map((m) => [m.msgid, m.detail]));
  await guardGroupMessages(
    db,
    corpId,
    rows
      .filter((r) => inserted.has(r.msgid) && r.room_id)
      .map((r) => ({
        msgid: r.msgid,
        roomId: r.room_id!,
        sender: r.sender,
        fromCustomer: r.from_customer,
        kind: r.kind,
        text: r.text,
        detail: details.get(r.msgid),
        sentAt: r.sent_at,
      })),
  );
  const fresh = rows.filter((r) => inserted.has(r.msgid) && r.kind === "text");
  // "退订" and the like opt the customer out of marketing (the send gate's opt-out rule).
  await recordChatOptOuts(
    db,
    corpId,
    fresh
      .filter((r) => r.from_customer && r.external_userid && !r.room_id && r.text)
      .map((r) => ({ externalUserId: r.external_userid!, text: r.text!, sentAt: r.sent_at })),
  );
  // A keyword in an activity's group is a check-in, a lottery draw or a red-packet claim (group activities).
  await afterGroupMessages(
    db,
    corpId,
    fresh
      .filter((r) => r.from_customer && r.external_userid && r.room_id && r.text)
      .map((r) => ({
        msgid: r.msgid,
        roomId: r.room_id!,
        externalUserId: r.external_userid!,
        text: r.text!,
        sentAt: r.sent_at,
      })),
    at,
  );
  const firings = await keywordFirings(
    db,
    corpId,
    fresh.map((r) => ({
      text: r.text,
      fromCustomer: r.from_customer,
      externalUserId: r.external_userid,
      userid: r.userid,
    })),
  );
  const tagChanges = await queueRuleActions(db, corpId, firings, at);
  return { accepted: inserted.size, duplicates: rows.length - inserted.size, tagChanges };
}
