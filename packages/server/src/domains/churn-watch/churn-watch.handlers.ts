// Churn watch reacts to customers leaving: del_follow_user (the customer deleted or blocked the member) and
// del_external_contact (the member deleted the customer) are recorded; a customer's deletion is then measured,
// in the same inbox transaction, against the sends of every planner and of the member that touched them.
import type { CallbackEvent } from "@siyu/wecom";
import type { EventMeta, HandlerRegistry } from "../inbox/handlers.ts";
import { watchDeletion } from "./churn-watch.service.ts";

const occurred = (e: CallbackEvent) => new Date(e.createTime * 1000);

export function registerChurnWatchHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_contact/del_follow_user", async (ctx, e, m: EventMeta) => {
      if (e.type !== "change_external_contact/del_follow_user") return;
      await watchDeletion(ctx, m, {
        externalUserId: e.externalUserId,
        userid: e.userId,
        kind: "customer_deleted",
        source: null,
        at: occurred(e),
      });
    })
    .on("change_external_contact/del_external_contact", async (ctx, e, m: EventMeta) => {
      if (e.type !== "change_external_contact/del_external_contact") return;
      await watchDeletion(ctx, m, {
        externalUserId: e.externalUserId,
        userid: e.userId,
        kind: "member_deleted",
        source: e.source ?? null,
        at: occurred(e),
      });
    });
}
