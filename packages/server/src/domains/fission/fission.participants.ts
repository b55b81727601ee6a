// Joining a fission campaign: the participant gets a personal state (their contact way is created when their
// poster is first drawn) and a public poster link; the participation is recorded for segments and activity
// rules, the campaign's tags are queued, and the poster link is sent to them through the send gate.
import { randomBytes } from "node:crypto";
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import { fireActivityRules, recordParticipations } from "../auto-tags/activities.service.ts";
import { queueRuleActions } from "../auto-tags/rule-actions.ts";
import { planCustomerNote } from "../rewards/notify.ts";
import type { FissionCampaignsTable } from "./fission.tables.ts";

type Campaign = Selectable<FissionCampaignsTable>;

/** Where public links point: SIYU_PUBLIC_URL, or this server's own port. */
export function publicBase(ctx: Ctx): string {
  return ctx.config.publicUrl ?? `http://127.0.0.1:${ctx.config.port}`;
}

export const posterPath = (token: string) => `/f/${token}/poster`;
export const landingPath = (token: string) => `/f/${token}`;

export const activityKey = (campaignId: string) => `fission:${campaignId}`;

/** Records a fission participation (segments' activity term, activity tag rules) and queues the campaign's tags. */
export async function recordFissionActivity(
  ctx: Ctx,
  campaign: Campaign,
  externalUserId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const at = new Date(ctx.clock.now());
  const customer = await ctx.db
    .selectFrom("customers")
    .select("id")
    .where("corp_id", "=", campaign.corp_id)
    .where("external_userid", "=", externalUserId)
    .executeTakeFirst();
  if (customer) {
    const list = [
      {
        customerId: customer.id,
        externalUserId,
        activity: activityKey(campaign.id),
        kind: "fission" as const,
        occurredAt: at,
        detail: { name: campaign.name, ...detail },
      },
    ];
    await recordParticipations(ctx.db, campaign.corp_id, list);
    await fireActivityRules(ctx.db, campaign.corp_id, list, at);
  }
  if (campaign.tag_ids.length > 0)
    await queueRuleActions(
      ctx.db,
      campaign.corp_id,
      [
        {
          rule: { id: null, name: `任务宝：${campaign.name}`, add_tags: campaign.tag_ids, remove_tags: [] },
          externalUserId,
          reason: `took part in fission campaign ${campaign.name}`,
        },
      ],
      at,
    );
}

/** Makes the customer a participant (once per campaign). Runs in ctx.db (the caller's transaction). */
export async function joinCampaign(
  ctx: Ctx,
  campaign: Campaign,
  externalUserId: string,
  inviterId: string | null,
): Promise<{ id: string; created: boolean }> {
  const at = new Date(ctx.clock.now());
  const token = randomBytes(12).toString("base64url");
  const inserted = await ctx.db
    .insertInto("fission_participants")
    .values({
      corp_id: campaign.corp_id,
      campaign_id: campaign.id,
      external_userid: externalUserId,
      inviter_id: inviterId,
      token,
      state: `fx_${randomBytes(9).toString("base64url")}`,
      joined_at: at,
    })
    .onConflict((oc) => oc.columns(["campaign_id", "external_userid"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    const row = await ctx.db
      .selectFrom("fission_participants")
      .select("id")
      .where("campaign_id", "=", campaign.id)
      .where("external_userid", "=", externalUserId)
      .executeTakeFirstOrThrow();
    return { id: row.id, created: false };
  }
  await recordFissionActivity(ctx, campaign, externalUserId, { role: inviterId ? "invitee" : "participant" });
  const url = `${publicBase(ctx)}${posterPath(token)}`;
  await planCustomerNote(ctx, {
    corpId: campaign.corp_id,
    externalUserId,
    key: `fission:${inserted.id}:poster`,
    planner: `fission:${campaign.id}`,
    text: `${campaign.join_text}\n${url}`,
    attachments: [
      {
        msgtype: "link",
        link: { title: campaign.poster.title, desc: campaign.poster.subtitle, url },
      },
    ],
    prefer: campaign.staff,
  });
  return { id: inserted.id, created: true };
}
