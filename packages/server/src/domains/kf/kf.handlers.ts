// kf_msg_or_event: a 微信客服 account has new messages or events (the callback carries none). Records that the
// account's pull is due, with the callback's Token, in the inbox transaction; the kf puller pulls it.
import type { HandlerRegistry } from "../inbox/handlers.ts";
import { kfNotified } from "./kf.puller.ts";

export function registerKfHandlers(registry: HandlerRegistry): void {
  registry.on("kf_msg_or_event/", async (ctx, event, meta) => {
    if (event.type !== "kf_msg_or_event/") return;
    await ctx.db
      .insertInto("kf_pull_requests")
      .values({
        corp_id: meta.corpId,
        open_kfid: event.openKfId,
        token: event.token,
        token_at: meta.receivedAt,
        next_attempt_at: meta.receivedAt,
      })
      .onConflict((oc) =>
        oc.columns(["corp_id", "open_kfid"]).doUpdateSet((eb) => ({
          token: eb.ref("excluded.token"),
          token_at: eb.ref("excluded.token_at"),
          version: eb("kf_pull_requests.version", "+", "1"),
          attempts: 0,
          next_attempt_at: eb.ref("excluded.next_attempt_at"),
          last_error: null,
        })),
      )
      .execute();
    kfNotified();
  });
}
