// Read models of a fission campaign: the funnel (posters issued → poster-page scans → adds through posters →
// qualified invites), the leaderboard (most qualified invites first, earlier achievers ahead on ties), a
// participant's invites with their status and reason.
import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { posterPath, publicBase } from "./fission.participants.ts";
import type { funnelView, inviteView, participantView } from "./fission.schemas.ts";

export async function funnelOf(
  ctx: Ctx,
  corpId: string,
  campaignId: string,
): Promise<z.infer<typeof funnelView>> {
  const p = await ctx.db
    .selectFrom("fission_participants")
    .select([
      (eb) => eb.fn.countAll<string>().as("posters"),
      (eb) => eb.fn.coalesce(eb.fn.sum<string>("poster_views"), eb.val("0")).as("scans"),
    ])
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  const inv = await ctx.db
    .selectFrom("fission_invites")
    .select(["status", "void_reason", (eb) => eb.fn.countAll<string>().as("n")])
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", campaignId)
    .groupBy(["status", "void_reason"])
    .execute();
  const rewarded = await ctx.db
    .selectFrom("activity_rewards")
    .select((eb) => eb.fn.count<string>("external_userid").distinct().as("n"))
    .where("corp_id", "=", corpId)
    .where("source", "=", "fission")
    .where("source_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  const sum = (f: (r: (typeof inv)[number]) => boolean) => inv.filter(f).reduce((a, r) => a + Number(r.n), 0);
  const voids: Record<string, number> = {};
  for (const r of inv) if (r.status === "void" && r.void_reason) voids[r.void_reason] = Number(r.n);
  return {
    posters: Number(p.posters),
    scans: Number(p.scans),
    adds: sum(() => true),
    pending: sum((r) => r.status === "pending"),
    qualified: sum((r) => r.status === "qualified"),
    void: voids,
    rewardedParticipants: Number(rewarded.n),
  };
}

type ParticipantView = z.infer<typeof participantView>;

const participants = (ctx: Ctx, corpId: string, campaignId: string) =>
  ctx.db
    .selectFrom("fission_participants as p")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "p.corp_id").onRef("c.external_userid", "=", "p.external_userid"),
    )
    .select([
      "p.id",
      "p.external_userid",
      "p.inviter_id",
      "p.qualified",
      "p.pending",
      "p.poster_views",
      "p.token",
      "p.joined_at",
      "c.name",
    ])
    .where("p.corp_id", "=", corpId)
    .where("p.campaign_id", "=", campaignId);

async function toViews(
  ctx: Ctx,
  tiers: { invites: number }[],
  rows: Awaited<ReturnType<ReturnType<typeof participants>["execute"]>>,
): Promise<ParticipantView[]> {
  const base = publicBase(ctx);
  return rows.map((r) => ({
    id: r.id,
    externalUserId: r.external_userid,
    name: r.name ?? null,
    inviterId: r.inviter_id,
    qualified: r.qualified,
    pending: r.pending,
    posterViews: r.poster_views,
    tiersReached: tiers.filter((t) => t.invites <= r.qualified).length,
    posterUrl: `${base}${posterPath(r.token)}`,
    joinedAt: r.joined_at.toISOString(),
  }));
}

async function tiersOf(ctx: Ctx, corpId: string, campaignId: string) {
  const c = await ctx.db
    .selectFrom("fission_campaigns")
    .select("tiers")
    .where("corp_id", "=", corpId)
    .where("id", "=", campaignId)
    .executeTakeFirst();
  if (!c) throw new AppError("FISSION_NOT_FOUND", `no fission campaign ${campaignId} in corp ${corpId}`);
  return c.tiers;
}

/** Participants by qualified invites (then pending, then who got there first). */
export async function leaderboard(ctx: Ctx, corpId: string, campaignId: string, limit: number) {
  const tiers = await tiersOf(ctx, corpId, campaignId);
  const rows = await participants(ctx, corpId, campaignId)
    .orderBy("p.qualified", "desc")
    .orderBy("p.pending", "desc")
    .orderBy((eb) => eb.fn.coalesce("p.last_qualified_at", "p.joined_at"), "asc")
    .orderBy("p.id", "asc")
    .limit(limit)
    .execute();
  return (await toViews(ctx, tiers, rows)).map((v, i) => ({ rank: i + 1, ...v }));
}

export async function participantDetail(ctx: Ctx, corpId: string, campaignId: string, id: string) {
  const tiers = await tiersOf(ctx, corpId, campaignId);
  const rows = await participants(ctx, corpId, campaignId).where("p.id", "=", id).execute();
  const [view] = await toViews(ctx, tiers, rows);
  if (!view)
    throw new AppError("FISSION_PARTICIPANT_NOT_FOUND", `no participant ${id} in campaign ${campaignId}`);
  const invites = await ctx.db
    .selectFrom("fission_invites as i")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "i.corp_id").onRef("c.external_userid", "=", "i.invitee"),
    )
    .select([
      "i.id",
      "i.invitee",
      "i.userid",
      "i.status",
      "i.void_reason",
      "i.added_at",
      "i.due_at",
      "i.deleted_at",
      "c.name",
    ])
    .where("i.corp_id", "=", corpId)
    .where("i.participant_id", "=", id)
    .orderBy("i.id")
    .execute();
  const inviteViews: z.infer<typeof inviteView>[] = invites.map((i) => ({
    id: i.id,
    invitee: i.invitee,
    name: i.name ?? null,
    userid: i.userid,
    status: i.status,
    voidReason: i.void_reason,
    addedAt: i.added_at.toISOString(),
    dueAt: i.due_at.toISOString(),
    deletedAt: i.deleted_at?.toISOString() ?? null,
  }));
  return { ...view, invites: inviteViews };
}
