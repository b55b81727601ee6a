// Live-code effects of contact events, inside the inbox transaction: an add through a code's state is
// recorded (loads, stats), the code's channel tags are applied, and the code is marked for a routing sync
// (the scheduler updates the contact way after commit); a customer deleting the member counts against the code.
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import type { EventMeta, HandlerRegistry } from "../inbox/handlers.ts";
import { enrollFromLiveCode } from "../journeys/journey-sources.ts";
import { markTags } from "../tags/tags.service.ts";
import * as repo from "./live-codes.repository.ts";
import { liveCodeByState } from "./live-codes.service.ts";
import { localTime } from "./routing.ts";

type AddEvent = {
  type: string;
  userId: string;
  externalUserId: string;
  state?: string;
  createTime: number;
};

async function onAdd(ctx: Ctx, e: AddEvent, m: EventMeta, half: boolean): Promise<void> {
  if (!e.state) return;
  const code = await liveCodeByState(ctx, m.corpId, e.state);
  if (!code) return;
  const at = new Date(e.createTime * 1000);
  const pair = { corpId: m.corpId, liveCodeId: code.id, userid: e.userId, externalUserId: e.externalUserId };
  // A customer who came in as a half contact is counted once, when they arrive, not again on acceptance.
  const confirmation = !half && (await repo.confirmsHalfAdd(ctx.db, pair));
  if (!confirmation) {
    const added = await repo.recordAdd(ctx.db, {
      ...pair,
      day: localTime(at.getTime(), code.tzOffsetMinutes).day,
      at,
      inboxId: m.inboxId,
    });
    if (added && code.enabled) await repo.markSyncNeeded(ctx.db, m.corpId, code.id);
  }
  // Message lines naming the code start for a usable relation (once per customer and line).
  if (!half && code.enabled) await enrollFromLiveCode(ctx.db, m.corpId, code.id, e.externalUserId, at);
  // Tags go on a usable relation only: WeCom refuses them on a half contact.
  if (half || !code.enabled || code.tagIds.length === 0) return;
  try {
    await markTags(ctx, {
      corpId: m.corpId,
      userid: e.userId,
      externalUserId: e.externalUserId,
      add: code.tagIds,
      source: "channel",
      reason: code.name,
    });
  } catch (err) {
    // A tag WeCom no longer knows (40068) must not hold up the add; busy or network errors retry the event.
    if (!(err instanceof WeComApiError) || err.errcode === -1 || err.errcode === 45009) throw err;
    ctx.log.warn(
      { corpId: m.corpId, liveCodeId: code.id, errcode: err.errcode },
      "channel tags refused by WeCom; the add is kept without them",
    );
  }
}

export function registerLiveCodeHandlers(registry: HandlerRegistry): void {
  registry
    .on("change_external_contact/add_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/add_external_contact") return;
      await onAdd(ctx, e, m, false);
    })
    .on("change_external_contact/add_half_external_contact", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/add_half_external_contact") return;
      await onAdd(ctx, e, m, true);
    })
    .on("change_external_contact/del_follow_user", async (ctx, e, m) => {
      if (e.type !== "change_external_contact/del_follow_user") return;
      const at = new Date(e.createTime * 1000);
      await repo.recordDeleteByCustomer(ctx.db, {
        corpId: m.corpId,
        userid: e.userId,
        externalUserId: e.externalUserId,
        at,
        tzDay: (offset) => localTime(at.getTime(), offset).day,
      });
    });
}
