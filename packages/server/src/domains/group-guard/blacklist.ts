// The anti-harassment blacklist: customers a rule removed may not come back through the corp's group codes
// (Siyu's join ways: group codes and store group codes). WeCom lets anyone who scans a join way in, so a
// blacklisted customer's join is refused by Siyu: not counted for the code, logged as a rejoin with the
// evidence, and turned into a removal task for the owner at once.
import type { Db } from "../../db/database.ts";
import { openRemovalTask } from "../group-duplicates/removals.ts";

export async function blacklisted(db: Db, corpId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("group_blacklist")
    .select("external_userid")
    .where("corp_id", "=", corpId)
    .where("external_userid", "in", ids)
    .execute();
  return new Set(rows.map((r) => r.external_userid));
}

export async function addToBlacklist(
  db: Db,
  corpId: string,
  externalUserId: string,
  reason: string,
  eventId: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto("group_blacklist")
    .values({
      corp_id: corpId,
      external_userid: externalUserId,
      reason,
      guard_event_id: eventId,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(["corp_id", "external_userid"]).doNothing())
    .execute();
}

/** Which of Siyu's codes fills this group, if any. */
async function codeOfGroup(db: Db, corpId: string, chatId: string) {
  const code = await db
    .selectFrom("group_code_chats as c")
    .innerJoin("group_codes as g", "g.id", "c.group_code_id")
    .select(["g.id", "g.name"])
    .where("c.corp_id", "=", corpId)
    .where("c.chat_id", "=", chatId)
    .executeTakeFirst();
  if (code) return { via: "group_code", id: code.id, name: code.name };
  const store = await db
    .selectFrom("store_groups as sg")
    .innerJoin("stores as s", "s.id", "sg.store_id")
    .select(["s.id", "s.name"])
    .where("sg.corp_id", "=", corpId)
    .where("sg.chat_id", "=", chatId)
    .executeTakeFirst();
  if (store) return { via: "store_code", id: store.id, name: store.name };
  return undefined;
}

/** Customers who just joined a group by QR (a join way): the blacklisted ones are refused. */
export async function refuseBlacklistedJoins(
  db: Db,
  corpId: string,
  chatId: string,
  joined: { memberId: string; scene: number | null }[],
  at: Date,
): Promise<number> {
  const byQr = joined.filter((j) => j.scene === 3).map((j) => j.memberId);
  const banned = await blacklisted(db, corpId, byQr);
  if (banned.size === 0) return 0;
  const code = await codeOfGroup(db, corpId, chatId);
  if (!code) return 0;
  for (const memberId of banned) {
    const entry = await db
      .selectFrom("group_blacklist")
      .select(["reason", "created_at", "guard_event_id"])
      .where("corp_id", "=", corpId)
      .where("external_userid", "=", memberId)
      .executeTakeFirstOrThrow();
    const evidence = {
      code,
      blacklistedAt: entry.created_at.toISOString(),
      reason: entry.reason,
      removalEventId: entry.guard_event_id,
    };
    const event = await db
      .insertInto("group_guard_events")
      .values({
        corp_id: corpId,
        chat_id: chatId,
        member_id: memberId,
        rule_id: null,
        kind: "rejoin",
        action: "rejoin",
        evidence: JSON.stringify(evidence),
        at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const taskId = await openRemovalTask(db, {
      corpId,
      chatId,
      memberId,
      reason: "harassment",
      detail: { guardEventId: event.id, kind: "rejoin", code },
      confirmedBy: "blacklist",
      at,
    });
    await db
      .updateTable("group_guard_events")
      .set({ removal_task_id: taskId })
      .where("id", "=", event.id)
      .execute();
  }
  return banned.size;
}
