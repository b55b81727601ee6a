// A customer added through WeCom enters "new" (the customers trigger placed them when first stored); the entry is
// written to the timeline here, once per customer, with the add event's time.
import type { HandlerRegistry } from "../inbox/handlers.ts";

export function registerStageHandlers(registry: HandlerRegistry): void {
  registry.on("change_external_contact/add_external_contact", async (ctx, e, m) => {
    if (e.type !== "change_external_contact/add_external_contact") return;
    const at = new Date(e.createTime * 1000);
    const row = await ctx.db
      .selectFrom("customer_stages as cs")
      .innerJoin("customers as c", "c.id", "cs.customer_id")
      .innerJoin("stages as s", "s.id", "cs.stage_id")
      .select(["c.id", "s.key", "s.name", "cs.reason"])
      .where("c.corp_id", "=", m.corpId)
      .where("c.external_userid", "=", e.externalUserId)
      .executeTakeFirst();
    if (!row || row.key !== "new" || row.reason !== "customer.added") return;
    const seen = await ctx.db
      .selectFrom("contact_timeline")
      .select("id")
      .where("corp_id", "=", m.corpId)
      .where("external_userid", "=", e.externalUserId)
      .where("kind", "=", "stage.moved")
      .executeTakeFirst();
    if (seen) return;
    await ctx.db
      .updateTable("customer_stages")
      .set({ entered_at: at })
      .where("corp_id", "=", m.corpId)
      .where("customer_id", "=", row.id)
      .execute();
    await ctx.db
      .insertInto("contact_timeline")
      .values({
        corp_id: m.corpId,
        external_userid: e.externalUserId,
        userid: e.userId,
        kind: "stage.moved",
        detail: JSON.stringify({
          from: null,
          fromName: null,
          to: row.key,
          toName: row.name,
          reason: "customer.added",
          source: "rule",
          rule: "new_customer",
        }),
        occurred_at: at,
        inbox_event_id: null,
      })
      .execute();
  });
}
