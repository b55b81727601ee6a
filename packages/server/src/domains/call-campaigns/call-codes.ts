// The personal live code (渠道活码) each assigned member gets per campaign: one contact way with only that
// member and a state naming the campaign, so a customer who scans the code in their SMS is added to the member
// who called them and attributed to the campaign. Created on first need (outside any transaction: it calls
// WeCom), reused after.
import { createHash } from "node:crypto";
import type { Ctx } from "../../context.ts";
import { createLiveCode, liveCodeByState } from "../live-codes/live-codes.service.ts";

export interface PersonalCode {
  userid: string;
  liveCodeId: string;
  link: string;
}

/** ≤ 30 characters of [A-Za-z0-9_], stable per campaign and member. */
export function campaignState(campaignId: string, userid: string): string {
  const h = createHash("sha256").update(userid).digest("base64url").replace(/[-_]/g, "").slice(0, 8);
  return `cc${campaignId}_${h}`.slice(0, 30);
}

async function codeRow(ctx: Ctx, corpId: string, liveCodeId: string) {
  return ctx.db
    .selectFrom("live_codes")
    .select(["id", "qr_code"])
    .where("corp_id", "=", corpId)
    .where("id", "=", liveCodeId)
    .executeTakeFirst();
}

export async function ensurePersonalCodes(
  ctx: Ctx,
  corpId: string,
  campaign: { id: string; name: string },
  userids: string[],
): Promise<Map<string, PersonalCode>> {
  const out = new Map<string, PersonalCode>();
  if (userids.length === 0) return out;
  const known = await ctx.db
    .selectFrom("call_campaign_codes")
    .select(["userid", "live_code_id"])
    .where("campaign_id", "=", campaign.id)
    .where("userid", "in", userids)
    .execute();
  for (const k of known) {
    const row = await codeRow(ctx, corpId, k.live_code_id);
    if (row) out.set(k.userid, { userid: k.userid, liveCodeId: row.id, link: row.qr_code ?? "" });
  }
  const names = new Map(
    (
      await ctx.db
        .selectFrom("members")
        .select(["userid", "name"])
        .where("corp_id", "=", corpId)
        .where("userid", "in", userids)
        .execute()
    ).map((m) => [m.userid, m.name]),
  );
  for (const userid of userids) {
    if (out.has(userid)) continue;
    const state = campaignState(campaign.id, userid);
    let id = (await liveCodeByState(ctx, corpId, state))?.id;
    if (!id)
      id = (
        await createLiveCode(ctx, corpId, {
          name: `外呼 ${campaign.name} · ${names.get(userid) ?? userid}`.slice(0, 60),
          state,
          staff: [{ userid }],
          skipVerify: true,
        })
      ).id;
    await ctx.db
      .insertInto("call_campaign_codes")
      .values({ corp_id: corpId, campaign_id: campaign.id, userid, live_code_id: id })
      .onConflict((oc) => oc.columns(["campaign_id", "userid"]).doNothing())
      .execute();
    const row = await codeRow(ctx, corpId, id);
    out.set(userid, { userid, liveCodeId: id, link: row?.qr_code ?? "" });
  }
  return out;
}
