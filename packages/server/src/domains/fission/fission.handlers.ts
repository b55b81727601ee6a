// Fission effects of contact events, inside the inbox transaction (after the contacts handler updated the
// relation). An add through a campaign's entry code makes a participant; an add through a participant's code is
// an invite: void at once when it is the participant themself or a customer the corp already had (returning),
// otherwise pending until the retention window passes (fission.scan.ts decides it). A customer deleting the
// member inside the window voids their invite.
import type { Ctx } from "../../context.ts";
import type { EventMeta, HandlerRegistry } from "../inbox/handlers.ts";
import { joinCampaign } from "./fission.participants.ts";
import { wakeFissionScan } from "./fission.scan.ts";
import type { VoidReason } from "./fission.tables.ts";

const HOUR = 3_600_000;

/** Whether the corp knew the customer before this add: another member's relation, a synced relation, or an
 * earlier add or delete on the timeline. */
async function knownBefore(ctx: Ctx, m: EventMeta, externalUserId: string, userid: string): Promise<boolean> {
  const relations = await ctx.db
    .selectFrom("follow_relations")
    .select(["userid", "seen_run"])
    .where("corp_id", "=", m.corpId)
    .where("external_userid", "=", externalUserId)
    .execute();
  if (relations.some((r) => r.userid !== userid || r.seen_run !== null)) return true;
  const earlier = await ctx.db
    .selectFrom("contact_timeline")
    .select("id")
    .where("corp_id", "=", m.corpId)
    .where("external_userid", "=", externalUserId)
    .where("kind", "in", [
      "customer.added",
      "customer.added_pending",
      "customer.deleted_member",
      "customer.deleted_by_member",
      "customer.transferred",
    ])
    .where((eb) => eb.or([eb("inbox_event_id", "is", null), eb("inbox_event_id", "!=", m.inboxId)]))
    .limit(1)
    .executeTakeFirst();
  return earlier !== undefined;
}

async function activeCampaign(ctx: Ctx, corpId: string, id: string, at: Date) {
  const c = await ctx.db
    .selectFrom("fission_campaigns")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (c?.status !== "active" || (c.ends_at && c.ends_at <= at)) return undefined;
  return c;
}

async function onAdd(
  ctx: Ctx,
  e: { userId: string; externalUserId: string; state?: string; createTime: number },
  m: EventMeta,
) {
  if (!e.state?.startsWith("fx")) return;
  const at = new Date(e.createTime * 1000);
  const entry = await ctx.db
    .selectFrom("fission_campaigns")
    .select("id")
    .where("corp_id", "=", m.corpId)
    .where("entry_state", "=", e.state)
    .executeTakeFirst();
  if (entry) {
    const campaign = await activeCampaign(ctx, m.corpId, entry.id, at);
    if (campaign) await joinCampaign(ctx, campaign, e.externalUserId, null);
    return;
  }
  const p = await ctx.db
    .selectFrom("fission_participants")
    .select(["id", "campaign_id", "external_userid"])
    .where("corp_id", "=", m.corpId)
    .where("state", "=", e.state)
    .executeTakeFirst();
  if (!p) return;
  const campaign = await activeCampaign(ctx, m.corpId, p.campaign_id, at);
  if (!campaign) return;
  let reason: VoidReason | null = null;
  if (e.externalUserId === p.external_userid) reason = "self";
  else if (await knownBefore(ctx, m, e.externalUserId, e.userId)) reason = "returning";
  const inserted = await ctx.db
    .insertInto("fission_invites")
    .values({
      corp_id: m.corpId,
      campaign_id: campaign.id,
      participant_id: p.id,
      invitee: e.externalUserId,
      userid: e.userId,
      status: reason ? "void" : "pending",
      void_reason: reason,
      added_at: at,
      due_at: new Date(at.getTime() + campaign.window_hours * HOUR),
      decided_at: reason ? at : null,
    })
    // An invitee counts for the first poster they came through only.
    .onConflict((oc) => oc.columns(["campaign_id", "invitee"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted || reason) return;
  await ctx.db
    .updateTable("fission_participants")
    .set((eb) => ({ pending: eb("pending", "+", 1) }))
    .where("id", "=", p.id)
    .execute();
  if (campaign.invitees_join) await joinCampaign(ctx, campaign, e.externalUserId, p.id);
  wakeFissionScan();
}

async function onDelete(
  ctx: Ctx,
  e: { userId: string; externalUserId: string; createTime: number },
  m: EventMeta,
) {
  const at = new Date(e.createTime * 1000);
  const voided = await ctx.db
    .updateTable("fission_invites")
    .set({ status: "void", void_reason: "deleted", deleted_at: at, decided_at: at })
    .where("corp_id", "=", m.corpId)
    .where("invitee", "=", e.externalUserId)
    .where("userid", "=", e.userId)
    .where("status", "=", "pending")
    .where("due_at", ">", at)
    .returning("participant_id")
    .execute();
  for (const v of voided)
    await ctx.db
      .updateTable("fission_participants")
      .set((eb) => ({ pending: eb("pending", "-", 1) }))
      .where("id", "=", v.participant_id)
      .execute();
  // After the window the invite stands; the deletion is only noted.
  await ctx.db
    .updateTable("fission_invites")
    .set({ deleted_at: at })
    .where("corp_id", "=", m.corpId)
    .where("invitee", "=", e.externalUserId)
    .where("userid", "=", e.userId)
    .where("deleted_at", "is", null)
    .execute();
}

export function registerFissionHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_contact/add_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/add_external_contact") return;
      await onAdd(ctx, e, m);
    })
    .on("change_external_contact/del_follow_user", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/del_follow_user") return;
      await onDelete(ctx, e, m);
    });
}
