// transfer_fail callbacks (customer_refused / customer_limit_exceed) settle a waiting transfer at once, without
// waiting for the next transfer_result poll. Only a waiting customer of that takeover moves, so a duplicate or
// late callback changes nothing.
import type { HandlerRegistry } from "../inbox/handlers.ts";

export function registerInheritanceHandlers(registry: HandlerRegistry): void {
  registry.on("change_external_contact/transfer_fail", async (ctx, e, m) => {
    if (e.type !== "change_external_contact/transfer_fail") return;
    const limit = e.failReason === "customer_limit_exceed";
    const at = new Date(e.createTime * 1000);
    await ctx.db
      .updateTable("inheritance_customers")
      .set({
        status: limit ? "limit" : "refused",
        reason: limit
          ? "the takeover member had reached their customer limit"
          : "the customer refused to be taken over (暂不添加)",
        finished_at: at,
        updated_at: at,
      })
      .where("corp_id", "=", m.corpId)
      .where("external_userid", "=", e.externalUserId)
      .where("takeover_userid", "=", e.userId)
      .where("status", "=", "waiting")
      .execute();
  });
}
