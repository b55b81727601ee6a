// Each store's two WeCom ways: a contact way (multi-member "联系我" QR over the store's staff, with the store's
// unique state, so adds through it are the store's) and a group join way over the store's groups (千店千群).
// WeCom errors are mapped by the live-code and group-code domains that own those ways.
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { wecomFailure as joinWayFailure, joinWayFields } from "../group-codes/group-codes.service.ts";
import { wecomFailure as contactWayFailure } from "../live-codes/live-codes.service.ts";

/** The group-code mapping names its field /chatIds; a store's is /groups. */
function asGroupsField(err: unknown): never {
  try {
    joinWayFailure(err);
  } catch (e) {
    if (e instanceof AppError) {
      const rename = (d: unknown) =>
        d && typeof d === "object" && "path" in d && d.path === "/chatIds" ? { ...d, path: "/groups" } : d;
      const details = Array.isArray(e.details) ? e.details.map(rename) : rename(e.details);
      throw new AppError(e.code, e.message, details);
    }
    throw e;
  }
}

export async function addContactWay(ctx: Ctx, corpId: string, state: string, staff: string[]) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const way = await client.contactWay
    .add({ type: 2, scene: 2, state, user: staff, skip_verify: true })
    .catch(contactWayFailure);
  return { configId: way.config_id, qrCode: way.qr_code ?? null };
}

export async function updateContactWay(ctx: Ctx, corpId: string, configId: string, staff: string[]) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  await client.contactWay
    .update({ config_id: configId, user: staff, skip_verify: true })
    .catch(contactWayFailure);
}

/**
 * Makes the store's join way match `groups`: added when the store gets its first group, updated when the list
 * changes, deleted when it has none. Returns the way's config id and QR (null when none).
 */
export async function syncJoinWay(
  ctx: Ctx,
  corpId: string,
  current: { joinState: string; joinConfigId: string | null; joinQrCode: string | null },
  groups: string[],
): Promise<{ joinConfigId: string | null; joinQrCode: string | null }> {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const fields = joinWayFields({
    remark: null,
    autoCreateRoom: false,
    roomBaseName: null,
    roomBaseId: null,
    chatIds: groups,
    state: current.joinState,
  });
  if (groups.length === 0) {
    if (current.joinConfigId) await deleteJoinWay(ctx, corpId, current.joinConfigId);
    return { joinConfigId: null, joinQrCode: null };
  }
  if (current.joinConfigId) {
    await client.groupChat.updateJoinWay({ config_id: current.joinConfigId, ...fields }).catch(asGroupsField);
    return { joinConfigId: current.joinConfigId, joinQrCode: current.joinQrCode };
  }
  const configId = await client.groupChat.addJoinWay(fields).then((r) => r.config_id, asGroupsField);
  const way = await client.groupChat.getJoinWay(configId).then((r) => r.join_way, asGroupsField);
  return { joinConfigId: configId, joinQrCode: way.qr_code ?? null };
}

/** Deletes the store's ways in WeCom; a way WeCom no longer knows is already gone. */
export async function deleteWays(
  ctx: Ctx,
  corpId: string,
  s: { configId: string | null; joinConfigId: string | null },
) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  if (s.configId) {
    await client.contactWay.del(s.configId).catch((err) => {
      if (!(err instanceof WeComApiError && err.errcode === 41044)) contactWayFailure(err);
    });
  }
  if (s.joinConfigId) await deleteJoinWay(ctx, corpId, s.joinConfigId);
}

async function deleteJoinWay(ctx: Ctx, corpId: string, configId: string) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  await client.groupChat.delJoinWay(configId).catch((err) => {
    if (!(err instanceof WeComApiError && (err.errcode === 41043 || err.errcode === 41044)))
      asGroupsField(err);
  });
}
