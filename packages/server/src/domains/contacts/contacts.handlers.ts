// Follow relations (客户-员工关系) and the customer timeline, kept current by change_external_contact callbacks.
// Each handler runs inside the inbox transaction; the timeline row carries the inbox id, so an event shows once.
// No WeCom call happens here: a customer added or edited is marked `needs_refresh`, and the refresh worker
// (customers.refresh.ts) fetches the details with externalcontact/get outside the inbox transaction.
import type { CallbackEvent } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { ensureCustomer, refreshPhones } from "../customers/customers.repository.ts";
import type { EventMeta, HandlerRegistry } from "../inbox/handlers.ts";
import type { FollowRelationsTable } from "./contacts.tables.ts";

type RelationStatus = FollowRelationsTable["status"];

async function setRelation(
  ctx: Ctx,
  m: EventMeta,
  e: { userId: string; externalUserId: string; state?: string | undefined },
  status: RelationStatus,
  at: Date,
) {
  const added = status === "active" || status === "pending";
  await ctx.db
    .insertInto("follow_relations")
    .values({
      corp_id: m.corpId,
      external_userid: e.externalUserId,
      userid: e.userId,
      state: e.state ?? null,
      status,
      added_at: added ? at : null,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "external_userid", "userid"])
        .doUpdateSet({
          status,
          updated_at: at,
          ...(added ? { added_at: at, state: e.state ?? null } : {}),
        })
        // An event older than what is stored (callbacks can arrive out of order) must not undo a newer change.
        .where("follow_relations.updated_at", "<=", at),
    )
    .execute();
}

async function timeline(
  ctx: Ctx,
  m: EventMeta,
  e: { userId?: string; externalUserId: string },
  kind: string,
  detail: Record<string, unknown>,
  at: Date,
) {
  await ctx.db
    .insertInto("contact_timeline")
    .values({
      corp_id: m.corpId,
      external_userid: e.externalUserId,
      userid: e.userId ?? null,
      kind,
      detail: JSON.stringify(detail),
      occurred_at: at,
      inbox_event_id: m.inboxId,
    })
    .execute();
}

const occurred = (e: CallbackEvent) => new Date(e.createTime * 1000);

export function registerContactHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_contact/add_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/add_external_contact") return;
      await ensureCustomer(ctx.db, m.corpId, e.externalUserId, true);
      await setRelation(ctx, m, e, "active", occurred(e));
      await timeline(ctx, m, e, "customer.added", { state: e.state ?? null }, occurred(e));
    })
    .on("change_external_contact/add_half_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/add_half_external_contact") return;
      // WeCom answers 84061 until the member confirms, so there is nothing to fetch yet.
      await ensureCustomer(ctx.db, m.corpId, e.externalUserId, false);
      await setRelation(ctx, m, e, "pending", occurred(e));
      await timeline(ctx, m, e, "customer.added_pending", { state: e.state ?? null }, occurred(e));
    })
    .on("change_external_contact/edit_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/edit_external_contact") return;
      await ensureCustomer(ctx.db, m.corpId, e.externalUserId, true);
      await timeline(ctx, m, e, "customer.edited", {}, occurred(e));
    })
    .on("change_external_contact/del_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/del_external_contact") return;
      // An in-service handover ends the old member's side too, but nobody deleted anybody.
      const transfer = e.source === "DELETE_BY_TRANSFER";
      await setRelation(ctx, m, e, transfer ? "transferred" : "deleted_by_member", occurred(e));
      await refreshPhones(ctx.db, m.corpId, [e.externalUserId]);
      const kind = transfer ? "customer.transferred" : "customer.deleted_by_member";
      await timeline(ctx, m, e, kind, { source: e.source ?? null }, occurred(e));
    })
    .on("change_external_contact/del_follow_user", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/del_follow_user") return;
      await setRelation(ctx, m, e, "deleted_by_customer", occurred(e));
      await timeline(ctx, m, e, "customer.deleted_member", {}, occurred(e));
    })
    .on("change_external_contact/transfer_fail", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/transfer_fail") return;
      await timeline(ctx, m, e, "customer.transfer_failed", { reason: e.failReason }, occurred(e));
    });
}

/** A customer's timeline, newest first. */
export function customerTimeline(ctx: Ctx, corpId: string, externalUserId: string, limit = 100) {
  return ctx.db
    .selectFrom("contact_timeline")
    .select(["kind", "userid", "detail", "occurred_at"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserId)
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
