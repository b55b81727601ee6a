// On add_external_contact (or add_half_external_contact) with a WelcomeCode: choose the welcome message (the live code's, the member's, or
// the corp default) and plan it as an outbox row keyed by the welcome code, inside the inbox transaction.
// The dispatcher sends it after commit, through the send gate, within the code's 20 s window.
import type { Ctx } from "../../context.ts";
import type { HandlerRegistry } from "../inbox/handlers.ts";
import { liveCodeByState } from "../live-codes/live-codes.service.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { storeByState } from "../stores/stores.service.ts";
import { resolveWelcome } from "./welcome.service.ts";

/** WeCom accepts a welcome code for 20 s after the add event. */
export const WELCOME_WINDOW_MS = 20_000;
export const WELCOME_CHANNEL = "wecom.welcome";

export interface WelcomePayload {
  welcomeCode: string;
  welcomeMessageId: string;
  liveCodeId: string | null;
  text: string;
  attachments: unknown[];
  storeName: string;
}

export async function planWelcome(
  ctx: Ctx,
  e: {
    corpId: string;
    userId: string;
    externalUserId: string;
    state?: string;
    welcomeCode: string;
    addedAt: Date;
  },
): Promise<{ outboxId: string; created: boolean } | undefined> {
  const code = e.state ? await liveCodeByState(ctx, e.corpId, e.state) : undefined;
  const liveCodeId = code?.enabled ? code.id : null;
  const welcome = await resolveWelcome(ctx, e.corpId, liveCodeId, e.userId);
  if (!welcome) return undefined;
  const payload: WelcomePayload = {
    welcomeCode: e.welcomeCode,
    welcomeMessageId: welcome.id,
    liveCodeId,
    text: welcome.text,
    attachments: welcome.attachments,
    // A store code's add (the state is a store's contact way) fills {store_name} with that store.
    storeName:
      code?.storeName ?? (e.state ? (await storeByState(ctx, e.corpId, e.state))?.name : undefined) ?? "",
  };
  const planned = await planMessage(ctx, {
    corpId: e.corpId,
    idempotencyKey: `welcome:${e.welcomeCode}`,
    planner: "welcome",
    channel: WELCOME_CHANNEL,
    recipient: e.externalUserId,
    sender: e.userId,
    payload: payload as unknown as Record<string, unknown>,
    notBefore: new Date(ctx.clock.now()),
    notAfter: new Date(e.addedAt.getTime() + WELCOME_WINDOW_MS),
  });
  return { outboxId: planned.id, created: planned.created };
}

export function registerWelcomeHandlers(registry: HandlerRegistry): void {
  // A half contact (the customer added the member, who has not accepted yet) carries a welcome code too; on
  // acceptance WeCom issues another only if the first was not used, and each code is planned once.
  for (const type of [
    "change_external_contact/add_external_contact",
    "change_external_contact/add_half_external_contact",
  ] as const) {
    registry.on(type, async (ctx, e, m) => {
      if (e.type !== type || !e.welcomeCode) return;
      await planWelcome(ctx, {
        corpId: m.corpId,
        userId: e.userId,
        externalUserId: e.externalUserId,
        welcomeCode: e.welcomeCode,
        addedAt: new Date(e.createTime * 1000),
        ...(e.state ? { state: e.state } : {}),
      });
    });
  }
}
