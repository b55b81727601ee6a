// change_external_chat callbacks keep the group registry current without calling WeCom inside the inbox
// transaction. add_member / del_member are applied at once when their LastMemVer is the member_version the
// registry holds (then the version moves to CurMemVer); a CurMemVer the registry already holds is a duplicate and
// changes nothing; any other version is a gap (a callback was lost or came out of order), so the group is marked
// for the refresh worker, which re-reads it with groupchat/get and records what changed. create, change_owner,
// change_name and change_notice carry no details, so they mark the group for a re-read too; dismiss marks it
// dismissed at once (dismissed groups leave the statistics).
import type { ExternalChatUpdated } from "@siyu/wecom";
import type { Db } from "../../db/database.ts";
import { lockGroup, recordMemberChanges, recount } from "../group-registry/members.ts";
import type { HandlerRegistry } from "../inbox/handlers.ts";
import { markGroupDismissed } from "./groups.sync.ts";

async function markForReread(db: Db, corpId: string, chatId: string, at: Date) {
  await db
    .insertInto("customer_groups")
    .values({
      corp_id: corpId,
      chat_id: chatId,
      owner: null,
      notice: null,
      member_version: null,
      created_at: null,
      dismissed_at: null,
      needs_refresh: true,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(["corp_id", "chat_id"]).doUpdateSet({ needs_refresh: true }))
    .execute();
}

/** Adds or removes the changed members; only rows that really changed count as joins or leaves. */
async function applyMembers(db: Db, corpId: string, e: ExternalChatUpdated, at: Date) {
  const ids = e.memChangeList;
  if (ids.length === 0) return false;
  const type = (id: string) => (/^w[mo]/.test(id) ? 2 : 1);
  if (e.updateDetail === "add_member") {
    // Callback JoinScene 3 = by a join way's QR; 0 = invited by a member (groupchat/get scene 1).
    const scene = e.joinScene === 3 ? 3 : 1;
    const added = await db
      .insertInto("customer_group_members")
      .values(
        ids.map((id) => ({
          corp_id: corpId,
          chat_id: e.chatId,
          member_id: id,
          type: type(id),
          unionid: null,
          join_time: at,
          join_scene: scene,
          invitor: null,
          group_nickname: null,
          name: null,
          state: null,
        })),
      )
      .onConflict((oc) => oc.columns(["corp_id", "chat_id", "member_id"]).doNothing())
      .returning(["member_id", "type"])
      .execute();
    await recordMemberChanges(
      db,
      corpId,
      e.chatId,
      { joined: added.map((m) => ({ memberId: m.member_id, type: m.type, at, scene })), left: [] },
      "callback",
      at,
    );
  } else {
    const removed = await db
      .deleteFrom("customer_group_members")
      .where("corp_id", "=", corpId)
      .where("chat_id", "=", e.chatId)
      .where("member_id", "in", ids)
      .returning(["member_id", "type"])
      .execute();
    await recordMemberChanges(
      db,
      corpId,
      e.chatId,
      {
        joined: [],
        left: removed.map((m) => ({ memberId: m.member_id, type: m.type, at, scene: e.quitScene ?? null })),
      },
      "callback",
      at,
    );
  }
  await recount(db, corpId, e.chatId);
  return true;
}

async function onUpdate(db: Db, corpId: string, e: ExternalChatUpdated, at: Date) {
  await lockGroup(db, corpId, e.chatId);
  const group = await db
    .selectFrom("customer_groups")
    .select(["member_version", "needs_refresh", "dismissed_at"])
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", e.chatId)
    .forUpdate()
    .executeTakeFirst();
  if (!group || group.member_version === null) {
    await markForReread(db, corpId, e.chatId, at);
    return;
  }
  const memberChange = e.updateDetail === "add_member" || e.updateDetail === "del_member";
  if (e.lastMemVer !== undefined && e.curMemVer !== undefined) {
    if (group.member_version === e.curMemVer) return; // already applied: a duplicate
    if (group.member_version !== e.lastMemVer) {
      await markForReread(db, corpId, e.chatId, at); // a gap: re-read the group
      return;
    }
    await db
      .updateTable("customer_groups")
      .set({ member_version: e.curMemVer, updated_at: at })
      .where("corp_id", "=", corpId)
      .where("chat_id", "=", e.chatId)
      .execute();
  }
  if (memberChange && (await applyMembers(db, corpId, e, at))) return;
  await markForReread(db, corpId, e.chatId, at);
}

export function registerGroupHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_chat/create", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/create") return;
      await markForReread(ctx.db, m.corpId, e.chatId, new Date(e.createTime * 1000));
    })
    .on("change_external_chat/update", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/update") return;
      await onUpdate(ctx.db, m.corpId, e, new Date(e.createTime * 1000));
    })
    .on("change_external_chat/dismiss", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/dismiss") return;
      await markGroupDismissed(ctx.db, m.corpId, e.chatId, new Date(e.createTime * 1000));
    });
}
