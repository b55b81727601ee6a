// change_external_chat callbacks: a created or updated group is marked for the refresh worker (groupchat/get runs
// outside the inbox transaction); a dismissed group is marked dismissed at once.
import type { HandlerRegistry } from "../inbox/handlers.ts";
import { markGroupDismissed } from "./groups.sync.ts";

export function registerGroupHandlers(registry: HandlerRegistry): void {
  const mark = (
    chat: { chatId: string },
    corpId: string,
    db: Parameters<typeof markGroupDismissed>[0],
    at: Date,
  ) =>
    db
      .insertInto("customer_groups")
      .values({
        corp_id: corpId,
        chat_id: chat.chatId,
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
  registry
    .on("change_external_chat/create", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/create") return;
      await mark(e, m.corpId, ctx.db, new Date(e.createTime * 1000));
    })
    .on("change_external_chat/update", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/update") return;
      await mark(e, m.corpId, ctx.db, new Date(e.createTime * 1000));
    })
    .on("change_external_chat/dismiss", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/dismiss") return;
      await markGroupDismissed(ctx.db, m.corpId, e.chatId, new Date(e.createTime * 1000));
    });
}
