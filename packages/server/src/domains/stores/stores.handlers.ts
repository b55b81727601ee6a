// Store-code effects of callbacks, inside the inbox transaction (no WeCom call): a customer added through a
// store's contact way (its state) is recorded as an add for the store and becomes the store's customer
// (customer_stores, source 'store_code', with a timeline event); a customer joining a store's group by QR is a
// join for the store; leaving closes the join. A customer an anti-harassment rule blacklisted is refused
// (group-guard logs the rejoin and opens the owner's removal task): the join is neither counted for the store
// nor makes them its customer.
import type { Ctx } from "../../context.ts";
import { blacklisted } from "../group-guard/blacklist.ts";
import type { EventMeta, HandlerRegistry } from "../inbox/handlers.ts";
import { localTime } from "../live-codes/routing.ts";
import * as repo from "./stores.repository.ts";

async function assignCustomer(
  ctx: Ctx,
  m: EventMeta,
  c: { customerId: string; externalUserId: string; userid: string | null },
  store: { id: string; name: string },
  at: Date,
  via: "staff_qr" | "group_qr",
) {
  // A store set by an operator stays; a store code scan otherwise makes the customer the latest store's.
  const moved = await ctx.db
    .insertInto("customer_stores")
    .values({
      corp_id: m.corpId,
      customer_id: c.customerId,
      store_id: store.id,
      source: "store_code",
      assigned_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "customer_id"])
        .doUpdateSet({ store_id: store.id, source: "store_code", assigned_at: at })
        .where("customer_stores.source", "!=", "manual")
        .where("customer_stores.store_id", "!=", store.id),
    )
    .returning("store_id")
    .executeTakeFirst();
  if (!moved) return;
  await ctx.db
    .insertInto("contact_timeline")
    .values({
      corp_id: m.corpId,
      external_userid: c.externalUserId,
      userid: c.userid,
      kind: "store.assigned",
      detail: JSON.stringify({ storeId: store.id, storeName: store.name, source: "store_code", via }),
      occurred_at: at,
      // The add itself carries the inbox id (customer.added); one event may make several timeline rows.
      inbox_event_id: null,
    })
    .execute();
}

export function registerStoreHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_contact/add_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/add_external_contact" || !e.state) return;
      const store = await repo.storeByState(ctx.db, m.corpId, e.state);
      if (!store) return;
      const at = new Date(e.createTime * 1000);
      const customer = await repo.customerIdOf(ctx.db, m.corpId, e.externalUserId);
      const customerId = customer ? String(customer.id) : null;
      await ctx.db
        .insertInto("store_code_adds")
        .values({
          corp_id: m.corpId,
          store_id: store.id,
          userid: e.userId,
          external_userid: e.externalUserId,
          customer_id: customerId,
          day: localTime(at.getTime(), store.tz_offset_minutes).day,
          added_at: at,
          inbox_event_id: m.inboxId,
        })
        .onConflict((oc) => oc.column("inbox_event_id").where("inbox_event_id", "is not", null).doNothing())
        .execute();
      if (customerId) {
        await assignCustomer(
          ctx,
          m,
          { customerId, externalUserId: e.externalUserId, userid: e.userId },
          { id: String(store.id), name: store.name },
          at,
          "staff_qr",
        );
      }
    })
    .on("change_external_chat/update", async (ctx, e, m) => {
      if (e.type !== "change_external_chat/update") return;
      const at = new Date(e.createTime * 1000);
      if (e.updateDetail === "del_member") {
        if (e.memChangeList.length === 0) return;
        await ctx.db
          .updateTable("store_group_joins")
          .set({ left_at: at })
          .where("corp_id", "=", m.corpId)
          .where("chat_id", "=", e.chatId)
          .where("external_userid", "in", e.memChangeList)
          .where("left_at", "is", null)
          .execute();
        return;
      }
      if (e.updateDetail !== "add_member" || e.joinScene !== 3) return;
      const store = await repo.storeOfChat(ctx.db, m.corpId, e.chatId);
      if (!store) return;
      const banned = await blacklisted(ctx.db, m.corpId, e.memChangeList);
      for (const externalUserId of e.memChangeList) {
        // Members are external userids (wm…/wo…) or staff userids; staff joining are not customers.
        if (!/^w[mo]/.test(externalUserId) || banned.has(externalUserId)) continue;
        await ctx.db
          .insertInto("store_group_joins")
          .values({
            corp_id: m.corpId,
            store_id: store.id,
            chat_id: e.chatId,
            external_userid: externalUserId,
            day: localTime(at.getTime(), store.tz_offset_minutes).day,
            joined_at: at,
            inbox_event_id: m.inboxId,
          })
          .execute();
        const customer = await repo.customerIdOf(ctx.db, m.corpId, externalUserId);
        if (!customer) continue;
        const has = await ctx.db
          .selectFrom("customer_stores")
          .select("store_id")
          .where("corp_id", "=", m.corpId)
          .where("customer_id", "=", String(customer.id))
          .executeTakeFirst();
        // Joining a store's group makes a customer without a store that store's; it never moves one.
        if (!has) {
          await assignCustomer(
            ctx,
            m,
            { customerId: String(customer.id), externalUserId, userid: null },
            { id: String(store.id), name: store.name },
            at,
            "group_qr",
          );
        }
      }
    });
}
