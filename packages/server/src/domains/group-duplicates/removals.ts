// Owner removal tasks: a member an owner has to take out of a group. WeCom offers no API to remove a member
// from a customer group (contract §4.5 lists none; the admin's 防骚扰 mode has no API either), so Siyu never
// removes anyone itself: a duplicate's task waits for the owner's confirmation (pending → confirmed), an
// anti-harassment task is confirmed by the rule; the owner then removes the member by hand in WeCom, and the
// del_member callback (or a re-read that no longer finds the member) closes the task as done. A member who left
// before the owner confirmed closes it as moot.
import type { Db } from "../../db/database.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import type { GroupRemovalTasksTable } from "./group-duplicates.tables.ts";

export interface NewRemoval {
  corpId: string;
  chatId: string;
  memberId: string;
  reason: GroupRemovalTasksTable["reason"];
  detail: Record<string, unknown>;
  /** Set when the removal is decided without the owner (an anti-harassment rule). */
  confirmedBy?: string;
  at: Date;
}

/** Opens a task unless one is already open for this membership; returns the open task's id. */
export async function openRemovalTask(db: Db, t: NewRemoval): Promise<string> {
  const group = await db
    .selectFrom("customer_groups")
    .select("owner")
    .where("corp_id", "=", t.corpId)
    .where("chat_id", "=", t.chatId)
    .executeTakeFirst();
  const inserted = await db
    .insertInto("group_removal_tasks")
    .values({
      corp_id: t.corpId,
      chat_id: t.chatId,
      owner: group?.owner ?? null,
      member_id: t.memberId,
      reason: t.reason,
      status: t.confirmedBy ? "confirmed" : "pending",
      detail: JSON.stringify(t.detail),
      created_at: t.at,
      confirmed_at: t.confirmedBy ? t.at : null,
      confirmed_by: t.confirmedBy ?? null,
    })
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "chat_id", "member_id"])
        .where("status", "in", ["pending", "confirmed"])
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  if (inserted) {
    if (t.confirmedBy && group?.owner) await tellOwnerToRemove(db, t, group.owner, inserted.id);
    return inserted.id;
  }
  const open = await db
    .selectFrom("group_removal_tasks")
    .select(["id", "status"])
    .where("corp_id", "=", t.corpId)
    .where("chat_id", "=", t.chatId)
    .where("member_id", "=", t.memberId)
    .where("status", "in", ["pending", "confirmed"])
    .executeTakeFirstOrThrow();
  // A rule's decision outranks a duplicate task still waiting for the owner.
  if (t.confirmedBy && open.status === "pending") {
    await db
      .updateTable("group_removal_tasks")
      .set({ status: "confirmed", confirmed_at: t.at, confirmed_by: t.confirmedBy, reason: t.reason })
      .where("id", "=", open.id)
      .execute();
  }
  return open.id;
}

/**
 * A removal decided without the owner (a rule, the blacklist) reaches the owner as a WeCom app message through
 * the outbox (once per task): who, which group, why, and that it is done by hand in the group chat.
 */
async function tellOwnerToRemove(db: Db, t: NewRemoval, owner: string, taskId: string) {
  const names = await db
    .selectFrom("customer_groups as g")
    .leftJoin("customers as c", (j) =>
      j.on("c.corp_id", "=", t.corpId).on("c.external_userid", "=", t.memberId),
    )
    .select(["g.name as group_name", "c.name as member_name"])
    .where("g.corp_id", "=", t.corpId)
    .where("g.chat_id", "=", t.chatId)
    .executeTakeFirst();
  const why =
    t.detail.kind === "rejoin"
      ? "黑名单客户通过群活码再次入群"
      : `违反防骚扰规则「${String(t.detail.ruleName ?? "")}」`;
  await planMessage(
    { db, clock: { now: () => t.at.getTime() } },
    {
      corpId: t.corpId,
      idempotencyKey: `group-removal:${taskId}`,
      planner: "group-guard",
      channel: APP_MESSAGE_CHANNEL,
      recipient: owner,
      sender: null,
      payload: {
        text: `【防骚扰】请将「${names?.member_name ?? t.memberId}」移出群「${names?.group_name || t.chatId}」：${why}。企业微信不支持接口移出群成员，请在群聊中手动移出，移出后任务自动完成。`,
      },
      notBefore: t.at,
      notAfter: null,
    },
  );
}

/** Members gone from a group: confirmed tasks are done (the removal is recorded), pending ones moot. */
export async function closeRemovalTasks(
  db: Db,
  corpId: string,
  chatId: string,
  memberIds: string[],
  quitScene: number | null,
  at: Date,
): Promise<void> {
  if (memberIds.length === 0) return;
  const base = db
    .updateTable("group_removal_tasks")
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", chatId)
    .where("member_id", "in", memberIds);
  await base
    .set({ status: "done", closed_at: at, quit_scene: quitScene })
    .where("status", "=", "confirmed")
    .execute();
  await base
    .set({ status: "moot", closed_at: at, quit_scene: quitScene })
    .where("status", "=", "pending")
    .execute();
}

/** A dismissed group: nobody has anything left to remove. */
export async function closeTasksOfDismissed(db: Db, corpId: string, chatId: string, at: Date): Promise<void> {
  await db
    .updateTable("group_removal_tasks")
    .set({ status: "moot", closed_at: at })
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", chatId)
    .where("status", "in", ["pending", "confirmed"])
    .execute();
}
