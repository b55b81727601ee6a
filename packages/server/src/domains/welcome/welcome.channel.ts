// The "wecom.welcome" outbox channel: renders the planned welcome (customer and staff names looked up in
// WeCom only when the text uses them) and calls send_welcome_msg. A welcome code is single use, so WeCom
// itself refuses a second copy (41051); a missing or expired code (41050) is final, never retried.
import { WeComApiError, WeComNetworkError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { mediaIdFor } from "../materials/materials.service.ts";
import type { Channel, ChannelRegistry, FailureVerdict, OutboxRow } from "../outbox/channels.ts";
import { WELCOME_CHANNEL, type WelcomePayload } from "./welcome.handlers.ts";
import { renderText, toWeComAttachment, usesPlaceholder } from "./welcome.render.ts";
import type { WelcomeAttachment } from "./welcome.schemas.ts";

const FINAL: Record<number, string> = {
  41049: "no welcome code (41049)",
  41050: "the welcome code is invalid or expired (41050)",
  41051: "the welcome code was already used or the customer started chatting (41051)",
  41096: "a welcome message is already being sent for this code (41096)",
  41064: "too many attachments (41064)",
  41065: "an attachment has a wrong type (41065)",
  40007: "an attachment's media is missing or expired (40007)",
};

/** A name Siyu already holds (synced customers and directory), so WeCom is asked only when it is unknown. */
async function knownName(
  ctx: Ctx,
  table: "customers" | "members",
  corpId: string,
  id: string,
): Promise<string | undefined> {
  const row =
    table === "customers"
      ? await ctx.db
          .selectFrom("customers")
          .select("name")
          .where("corp_id", "=", corpId)
          .where("external_userid", "=", id)
          .executeTakeFirst()
      : await ctx.db
          .selectFrom("members")
          .select("name")
          .where("corp_id", "=", corpId)
          .where("userid", "=", id)
          .executeTakeFirst();
  return row?.name ? row.name : undefined;
}

async function lookup(fn: () => Promise<string>, ctx: Ctx, what: string): Promise<string> {
  try {
    return await fn();
  } catch (err) {
    ctx.log.warn({ err, what }, "welcome placeholder lookup failed; left empty");
    return "";
  }
}

/** Materials become media_ids (cached for 3 days, uploaded again when about to expire). */
async function withMedia(ctx: Ctx, corpId: string, a: WelcomeAttachment): Promise<WelcomeAttachment> {
  if ((a.type === "image" || a.type === "file" || a.type === "video") && a.materialId)
    return { ...a, mediaId: await mediaIdFor(ctx, corpId, a.materialId) };
  if (a.type === "miniprogram" && a.picMaterialId)
    return { ...a, picMediaId: await mediaIdFor(ctx, corpId, a.picMaterialId) };
  return a;
}

export const welcomeChannel: Channel = {
  purpose: "service",
  notAfterWhy: "a welcome code is accepted for 20 s after the add",
  content(row) {
    const p = row.payload as unknown as WelcomePayload;
    return { text: p.text, attachments: p.attachments };
  },
  async send(ctx: Ctx, row: OutboxRow) {
    const p = row.payload as unknown as WelcomePayload;
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    const [customerName, staffName] = await Promise.all([
      usesPlaceholder(p.text, "customer_name")
        ? lookup(
            async () =>
              (await knownName(ctx, "customers", row.corp_id, row.recipient)) ??
              (await client.externalContact.get(row.recipient)).external_contact.name,
            ctx,
            "customer",
          )
        : "",
      usesPlaceholder(p.text, "staff_name") && row.sender
        ? lookup(
            async () =>
              (await knownName(ctx, "members", row.corp_id, row.sender!)) ??
              (await client.directory.getUser(row.sender!)).name,
            ctx,
            "staff",
          )
        : "",
    ]);
    const text = renderText(p.text, { customerName, staffName, storeName: p.storeName });
    const attachments = (
      await Promise.all((p.attachments as WelcomeAttachment[]).map((a) => withMedia(ctx, row.corp_id, a)))
    ).map(toWeComAttachment);
    await client.externalContact.sendWelcomeMsg({
      welcome_code: p.welcomeCode,
      ...(text.trim() ? { text: { content: text } } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    return undefined;
  },
  classify(err): FailureVerdict {
    if (err instanceof WeComApiError) {
      const final = FINAL[err.errcode];
      if (final) return { retry: false, reason: final };
      if (err.errcode === -1 || err.errcode === 45009)
        return { retry: true, reason: `WeCom busy (${err.errcode}); retrying while the window lasts` };
      return { retry: false, reason: `WeCom refused it (${err.errcode})` };
    }
    if (err instanceof WeComNetworkError) {
      // Safe: if the first try did arrive, WeCom refuses the reused code (41051) instead of sending twice.
      return { retry: true, reason: `network error (${err.code}); retrying while the window lasts` };
    }
    return { retry: false, reason: err instanceof Error ? err.message : String(err) };
  },
};

export function registerWelcomeChannel(registry: ChannelRegistry): void {
  registry.register(WELCOME_CHANNEL, welcomeChannel);
}
