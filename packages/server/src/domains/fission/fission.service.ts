// Fission campaigns (任务宝): create one (its entry contact way in WeCom, staff, poster, tiers, retention window),
// change its status or texts, enrol existing customers as participants, and read it with its funnel.
import { randomBytes } from "node:crypto";
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { wecomFailure } from "../live-codes/live-codes.service.ts";
import { type Detail, failIf, rewardProblems } from "../rewards/rewards.check.ts";
import { unknownTagProblems } from "../tags/tags.check.ts";
import { joinCampaign } from "./fission.participants.ts";
import {
  type CampaignInput,
  type CampaignView,
  campaignInput,
  campaignPatch,
  enrolInput,
} from "./fission.schemas.ts";
import type { FissionCampaignsTable } from "./fission.tables.ts";
import { funnelOf } from "./fission.views.ts";

export type CampaignRow = Selectable<FissionCampaignsTable>;

export const newState = (prefix: string) => `${prefix}${randomBytes(9).toString("base64url")}`;

async function referenceProblems(ctx: Ctx, corpId: string, c: ReturnType<typeof campaignInput.parse>) {
  const out: Detail[] = [];
  const members = new Set(
    (
      await ctx.db
        .selectFrom("members")
        .select("userid")
        .where("corp_id", "=", corpId)
        .where("userid", "in", c.staff)
        .execute()
    ).map((m) => m.userid),
  );
  c.staff.forEach((u, i) => {
    if (!members.has(u))
      out.push({ path: `/staff/${i}`, message: `${u} is not a current member of this corp` });
  });
  if (c.poster.materialId) {
    const m = await ctx.db
      .selectFrom("materials")
      .select("kind")
      .where("corp_id", "=", corpId)
      .where("id", "=", c.poster.materialId)
      .executeTakeFirst();
    if (m?.kind !== "image")
      out.push({ path: "/poster/materialId", message: "pick an image material of this corp" });
  }
  out.push(...(await unknownTagProblems(ctx.db, corpId, c.tagIds)));
  out.push(
    ...(await rewardProblems(
      ctx.db,
      corpId,
      c.tiers.map((t, i) => ({ path: `/tiers/${i}/reward`, reward: t.reward })),
    )),
  );
  return out;
}

export async function campaignRow(ctx: Ctx, corpId: string, id: string) {
  const row = await ctx.db
    .selectFrom("fission_campaigns")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new AppError("FISSION_NOT_FOUND", `no fission campaign ${id} in corp ${corpId}`);
  return row;
}

export async function toCampaignView(ctx: Ctx, row: CampaignRow): Promise<CampaignView> {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    staff: row.staff,
    poster: row.poster,
    tiers: row.tiers,
    windowHours: row.window_hours,
    tagIds: row.tag_ids,
    joinText: row.join_text,
    progressMessages: row.progress_messages,
    inviteesJoin: row.invitees_join,
    entryState: row.entry_state,
    entryConfigId: row.entry_config_id,
    entryQrCode: row.entry_qr_code,
    endsAt: row.ends_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    funnel: await funnelOf(ctx, row.corp_id, row.id),
  };
}

export async function createCampaign(ctx: Ctx, corpId: string, input: CampaignInput): Promise<CampaignView> {
  const c = campaignInput.parse(input);
  failIf(await referenceProblems(ctx, corpId, c));
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const at = new Date(ctx.clock.now());
  const state = newState("fxe_");
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("fission_campaigns")
      .values({
        corp_id: corpId,
        name: c.name,
        staff: c.staff,
        poster: JSON.stringify(c.poster),
        tiers: JSON.stringify(c.tiers),
        window_hours: c.windowHours,
        tag_ids: c.tagIds,
        join_text: c.joinText,
        progress_messages: c.progressMessages,
        invitees_join: c.inviteesJoin,
        entry_state: state,
        ends_at: c.endsAt ? new Date(c.endsAt) : null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    let way: { config_id: string; qr_code?: string };
    try {
      way = await client.contactWay.add({
        type: c.staff.length === 1 ? 1 : 2,
        scene: 2,
        state,
        user: c.staff,
        skip_verify: true,
        remark: `任务宝 ${c.name}`.slice(0, 30),
      });
    } catch (err) {
      wecomFailure(err);
    }
    await trx
      .updateTable("fission_campaigns")
      .set({ entry_config_id: way.config_id, entry_qr_code: way.qr_code ?? null })
      .where("id", "=", row.id)
      .execute();
    return row.id;
  });
  return getCampaign(ctx, corpId, id);
}

export async function getCampaign(ctx: Ctx, corpId: string, id: string): Promise<CampaignView> {
  return toCampaignView(ctx, await campaignRow(ctx, corpId, id));
}

export async function listCampaigns(ctx: Ctx, corpId: string): Promise<CampaignView[]> {
  const rows = await ctx.db
    .selectFrom("fission_campaigns")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  return Promise.all(rows.map((r) => toCampaignView(ctx, r)));
}

export async function updateCampaign(
  ctx: Ctx,
  corpId: string,
  id: string,
  patch: unknown,
): Promise<CampaignView> {
  const p = campaignPatch.parse(patch);
  await campaignRow(ctx, corpId, id);
  await ctx.db
    .updateTable("fission_campaigns")
    .set({
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.joinText !== undefined ? { join_text: p.joinText } : {}),
      ...(p.progressMessages !== undefined ? { progress_messages: p.progressMessages } : {}),
      ...(p.endsAt !== undefined ? { ends_at: p.endsAt ? new Date(p.endsAt) : null } : {}),
      updated_at: new Date(ctx.clock.now()),
    })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
  return getCampaign(ctx, corpId, id);
}

/** Makes the corp's customers participants (each gets a poster); customers Siyu does not know are listed. */
export async function enrolCustomers(ctx: Ctx, corpId: string, id: string, body: unknown) {
  const { externalUserIds } = enrolInput.parse(body);
  const campaign = await campaignRow(ctx, corpId, id);
  if (campaign.status !== "active")
    throw new AppError("FISSION_NOT_ACTIVE", `the campaign is ${campaign.status}; resume it first`);
  const known = new Set(
    (
      await ctx.db
        .selectFrom("customers")
        .select("external_userid")
        .where("corp_id", "=", corpId)
        .where("external_userid", "in", externalUserIds)
        .execute()
    ).map((c) => c.external_userid),
  );
  let joined = 0;
  const unknown: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const tctx: Ctx = { ...ctx, db: trx };
    for (const ext of externalUserIds) {
      if (!known.has(ext)) {
        unknown.push(ext);
        continue;
      }
      if ((await joinCampaign(tctx, campaign, ext, null)).created) joined++;
    }
  });
  return { joined, already: externalUserIds.length - joined - unknown.length, unknown };
}
