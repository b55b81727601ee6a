// Deciding invites once their retention window has passed: an invitee who deleted the member inside the window,
// or who shares a phone number with the participant or with an invite already counted, is void; the others
// qualify. Each participant whose count changed is recounted, gets every tier they reached (once: the grant key
// is the tier), and hears about their progress through the send gate.
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { normalisePhone } from "../outbox/sms.channel.ts";
import { planCustomerNote } from "../rewards/notify.ts";
import { grantReward } from "../rewards/rewards.service.ts";
import type { FissionCampaignsTable, VoidReason } from "./fission.tables.ts";

type Campaign = Selectable<FissionCampaignsTable>;

async function phonesOf(ctx: Ctx, corpId: string, ids: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (ids.length === 0) return out;
  const add = (id: string, p: string) => {
    const n = normalisePhone(p);
    if (!n) return;
    const set = out.get(id) ?? new Set<string>();
    set.add(n);
    out.set(id, set);
  };
  const customers = await ctx.db
    .selectFrom("customers")
    .select(["external_userid", "phones"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "in", ids)
    .execute();
  for (const c of customers) for (const p of c.phones) add(c.external_userid, p);
  const remarks = await ctx.db
    .selectFrom("follow_relations")
    .select(["external_userid", "remark_mobiles"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "in", ids)
    .execute();
  for (const r of remarks) for (const p of r.remark_mobiles) add(r.external_userid, p);
  return out;
}

/** Decides one participant's due invites; returns how many were decided. */
async function decideDue(ctx: Ctx, participantId: string, now: Date): Promise<number> {
  const p = await ctx.db
    .selectFrom("fission_participants")
    .select(["id", "corp_id", "external_userid"])
    .where("id", "=", participantId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const due = await ctx.db
    .selectFrom("fission_invites")
    .selectAll()
    .where("participant_id", "=", p.id)
    .where("status", "=", "pending")
    .where("due_at", "<=", now)
    .orderBy("added_at")
    .execute();
  if (due.length === 0) return 0;
  const counted = await ctx.db
    .selectFrom("fission_invites")
    .select("invitee")
    .where("participant_id", "=", p.id)
    .where("status", "=", "qualified")
    .execute();
  const phones = await phonesOf(ctx, p.corp_id, [
    p.external_userid,
    ...counted.map((c) => c.invitee),
    ...due.map((d) => d.invitee),
  ]);
  const taken = new Set<string>([
    ...(phones.get(p.external_userid) ?? []),
    ...counted.flatMap((c) => [...(phones.get(c.invitee) ?? [])]),
  ]);
  for (const inv of due) {
    let reason: VoidReason | null = null;
    const mine = [...(phones.get(inv.invitee) ?? [])];
    if (inv.deleted_at && inv.deleted_at < inv.due_at) reason = "deleted";
    else if (mine.some((ph) => taken.has(ph))) reason = "same_phone";
    for (const ph of mine) taken.add(ph);
    await ctx.db
      .updateTable("fission_invites")
      .set({ status: reason ? "void" : "qualified", void_reason: reason, decided_at: now })
      .where("id", "=", inv.id)
      .execute();
  }
  return due.length;
}

/** Recounts a participant, grants the tiers they reached and plans their progress note. */
export async function settleParticipant(ctx: Ctx, campaign: Campaign, participantId: string): Promise<void> {
  const counts = await ctx.db
    .selectFrom("fission_invites")
    .select([
      (eb) => eb.fn.countAll<string>().filterWhere("status", "=", "qualified").as("qualified"),
      (eb) => eb.fn.countAll<string>().filterWhere("status", "=", "pending").as("pending"),
      (eb) => eb.fn.max("decided_at").filterWhere("status", "=", "qualified").as("last"),
    ])
    .where("participant_id", "=", participantId)
    .executeTakeFirstOrThrow();
  const qualified = Number(counts.qualified);
  const before = await ctx.db
    .updateTable("fission_participants")
    .set({
      qualified,
      pending: Number(counts.pending),
      last_qualified_at: counts.last ? new Date(counts.last as Date) : null,
    })
    .where("id", "=", participantId)
    .returning(["external_userid"])
    .executeTakeFirstOrThrow();
  const ext = before.external_userid;
  let newTier = false;
  for (const [i, tier] of campaign.tiers.entries()) {
    if (qualified < tier.invites) break;
    const r = await grantReward(ctx, {
      corpId: campaign.corp_id,
      source: "fission",
      sourceId: campaign.id,
      grantKey: `fission:${campaign.id}:p${participantId}:t${i}`,
      externalUserId: ext,
      reward: tier.reward,
      reason: `invited ${tier.invites} friends in ${campaign.name}`,
      note: {
        text: `恭喜！您已成功邀请 ${tier.invites} 位好友，获得{reward}`,
        planner: `fission:${campaign.id}`,
        prefer: campaign.staff,
      },
    });
    newTier ||= r.created;
  }
  const next = campaign.tiers.find((t) => t.invites > qualified);
  if (!newTier && campaign.progress_messages && next && qualified > 0)
    await planCustomerNote(ctx, {
      corpId: campaign.corp_id,
      externalUserId: ext,
      key: `fission:${participantId}:progress:${qualified}`,
      planner: `fission:${campaign.id}`,
      text: `已有 ${qualified} 位好友助力成功，再邀请 ${next.invites - qualified} 位即可获得「${next.reward.name}」`,
      prefer: campaign.staff,
    });
}

/** One round: participants with due invites, a batch at a time, each in its own transaction. */
export async function runFissionScan(ctx: Ctx, limit = 200): Promise<number> {
  const now = new Date(ctx.clock.now());
  const rows = await ctx.db
    .selectFrom("fission_invites")
    .select(["participant_id", "campaign_id"])
    .distinct()
    .where("status", "=", "pending")
    .where("due_at", "<=", now)
    .limit(limit)
    .execute();
  let decided = 0;
  for (const r of rows) {
    decided += await ctx.db.transaction().execute(async (trx) => {
      const tctx: Ctx = { ...ctx, db: trx };
      const n = await decideDue(tctx, r.participant_id, now);
      if (n === 0) return 0;
      const campaign = await trx
        .selectFrom("fission_campaigns")
        .selectAll()
        .where("id", "=", r.campaign_id)
        .executeTakeFirstOrThrow();
      await settleParticipant(tctx, campaign, r.participant_id);
      return n;
    });
  }
  return decided;
}

let wake: (() => void) | undefined;

/** Called when an invite arrives (a zero-hour window is due at once). */
export function wakeFissionScan(): void {
  wake?.();
}

export function startFissionScanner(ctx: Ctx, intervalMs = 60_000): Poller {
  const poller = startPoller("fission scan", ctx.log, () => runFissionScan(ctx), intervalMs);
  wake = () => poller.wake();
  return poller;
}
