// Member changes of a customer group, wherever they were learnt (a change_external_chat callback applied in
// order, or a groupchat/get re-read compared with the registry): each join and leave is recorded once for the
// statistics, leaves close owner removal tasks, and blacklisted customers coming back by a code are refused.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { closeRemovalTasks } from "../group-duplicates/removals.ts";
import { refuseBlacklistedJoins } from "../group-guard/blacklist.ts";

/**
 * Serialises changes to one group's members until the transaction ends (the refresh worker, a sync and the
 * callback handler may touch the same group at once; each compares with what the registry holds).
 */
export async function lockGroup(db: Db, corpId: string, chatId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`group:${corpId}:${chatId}`}))`.execute(db);
}

export interface MemberChange {
  memberId: string;
  /** 1 member of the corp, 2 customer. */
  type: number;
  at: Date;
  scene: number | null;
}

export async function recordMemberChanges(
  db: Db,
  corpId: string,
  chatId: string,
  change: { joined: MemberChange[]; left: MemberChange[] },
  source: "callback" | "reread",
  at: Date,
): Promise<void> {
  const rows = [
    ...change.joined.map((m) => ({ ...m, kind: "join" as const })),
    ...change.left.map((m) => ({ ...m, kind: "leave" as const })),
  ];
  if (rows.length === 0) return;
  await db
    .insertInto("group_member_events")
    .values(
      rows.map((r) => ({
        corp_id: corpId,
        chat_id: chatId,
        member_id: r.memberId,
        member_type: r.type,
        kind: r.kind,
        scene: r.scene,
        at: r.at,
        source,
      })),
    )
    .execute();
  const byScene = new Map<number | null, string[]>();
  for (const l of change.left) byScene.set(l.scene, [...(byScene.get(l.scene) ?? []), l.memberId]);
  for (const [scene, ids] of byScene) await closeRemovalTasks(db, corpId, chatId, ids, scene, at);
  await refuseBlacklistedJoins(
    db,
    corpId,
    chatId,
    change.joined.filter((j) => j.type === 2),
    at,
  );
}

/** Recounts a group's members after an incremental change. */
export async function recount(db: Db, corpId: string, chatId: string): Promise<void> {
  await db
    .updateTable("customer_groups")
    .set((eb) => ({
      member_count: eb
        .selectFrom("customer_group_members")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("corp_id", "=", corpId)
        .where("chat_id", "=", chatId),
    }))
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", chatId)
    .execute();
}
