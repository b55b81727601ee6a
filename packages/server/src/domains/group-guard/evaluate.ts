// Anti-harassment over group messages as they are ingested (inside the intake transaction): each message a
// customer posts in a group is checked against the enabled rules that watch that group; a violation is logged
// with its evidence as a strike; when a member's strikes under a rule reach the rule's limit within its window,
// the member is blacklisted and the owner gets a removal task (decided by the rule, so no confirmation is
// needed: WeCom has no removal API, the owner removes by hand and the del_member callback closes the task).
// Members of the corp and whitelisted senders always pass.
import type { Db } from "../../db/database.ts";
import { openRemovalTask } from "../group-duplicates/removals.ts";
import { addToBlacklist } from "./blacklist.ts";
import { contentFindings, type Finding, type GuardedMessage } from "./checks.ts";

export interface GroupMessage extends GuardedMessage {
  msgid: string;
  roomId: string;
  sender: string;
  fromCustomer: boolean;
  sentAt: Date;
}

const HOUR = 3_600_000;

async function rulesOf(db: Db, corpId: string) {
  return db
    .selectFrom("group_guard_rules")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("enabled", "=", true)
    .orderBy("id")
    .execute();
}
type Rule = Awaited<ReturnType<typeof rulesOf>>[number];

/** The N-th message within M seconds is flooding (once per burst: the N-th, not every one after it). */
async function floodFinding(db: Db, corpId: string, r: Rule, m: GroupMessage): Promise<Finding | undefined> {
  if (!r.flood_count || !r.flood_seconds) return undefined;
  const since = new Date(m.sentAt.getTime() - r.flood_seconds * 1000);
  const recent = await db
    .selectFrom("chat_messages")
    .select(["msgid", "sent_at"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", m.sender)
    .where("room_id", "=", m.roomId)
    .where("sent_at", ">", since)
    .where("sent_at", "<=", m.sentAt)
    .orderBy("sent_at")
    .execute();
  if (recent.length < r.flood_count) return undefined;
  const already = await db
    .selectFrom("group_guard_events")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("rule_id", "=", r.id)
    .where("member_id", "=", m.sender)
    .where("chat_id", "=", m.roomId)
    .where("kind", "=", "flood")
    .where("at", ">", since)
    .executeTakeFirst();
  if (already) return undefined;
  return {
    kind: "flood",
    evidence: { messages: recent.length, seconds: r.flood_seconds, msgids: recent.map((x) => x.msgid) },
  };
}

export async function guardGroupMessages(db: Db, corpId: string, messages: GroupMessage[]): Promise<number> {
  const watched = messages.filter((m) => m.fromCustomer && m.roomId);
  if (watched.length === 0) return 0;
  const rules = await rulesOf(db, corpId);
  if (rules.length === 0) return 0;
  let logged = 0;
  for (const m of [...watched].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())) {
    for (const r of rules) {
      if (r.chat_ids.length > 0 && !r.chat_ids.includes(m.roomId)) continue;
      if (r.allowed_senders.includes(m.sender)) continue;
      const findings = contentFindings(m, r);
      const flood = await floodFinding(db, corpId, r, m);
      if (flood) findings.push(flood);
      const first = findings[0];
      if (!first) continue;
      await strike(db, corpId, r, m, first, findings);
      logged++;
    }
  }
  return logged;
}

async function strike(db: Db, corpId: string, r: Rule, m: GroupMessage, first: Finding, all: Finding[]) {
  const evidence = {
    msgid: m.msgid,
    kind: m.kind,
    text: m.text,
    ...(m.detail ? { detail: m.detail } : {}),
    findings: all,
  };
  const since = new Date(m.sentAt.getTime() - r.strike_window_hours * HOUR);
  const before = await db
    .selectFrom("group_guard_events")
    .select((e) => e.fn.countAll<string>().as("n"))
    .where("corp_id", "=", corpId)
    .where("rule_id", "=", r.id)
    .where("member_id", "=", m.sender)
    .where("action", "in", ["strike", "removal"])
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  const count = Number(before.n) + 1;
  const removal = count >= r.strikes;
  const event = await db
    .insertInto("group_guard_events")
    .values({
      corp_id: corpId,
      chat_id: m.roomId,
      member_id: m.sender,
      rule_id: r.id,
      kind: first.kind,
      action: removal ? "removal" : "strike",
      evidence: JSON.stringify({ ...evidence, strike: count, strikesToRemove: r.strikes }),
      at: m.sentAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (!removal) return;
  await addToBlacklist(db, corpId, m.sender, `rule ${r.name}: ${first.kind}`, event.id, m.sentAt);
  const taskId = await openRemovalTask(db, {
    corpId,
    chatId: m.roomId,
    memberId: m.sender,
    reason: "harassment",
    detail: { guardEventId: event.id, ruleId: r.id, ruleName: r.name, kind: first.kind },
    confirmedBy: `rule:${r.id}`,
    at: m.sentAt,
  });
  await db
    .updateTable("group_guard_events")
    .set({ removal_task_id: taskId })
    .where("id", "=", event.id)
    .execute();
}
