// Tag operations other domains call: marking tags on a member's customer (WeCom mark_tag + Siyu's record).
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { addTimeline, applyFollowTags, withTransaction } from "./follow-tags.repository.ts";

export interface MarkTagsInput {
  corpId: string;
  /** The member whose customer is tagged (WeCom tags live on the follow relation). */
  userid: string;
  externalUserId: string;
  /** Corp tag ids to add. */
  add: string[];
  /** Corp tag ids to remove. */
  remove?: string[];
  /** Who asked: an operator in Siyu, a channel code, or an auto-tag rule. */
  source: "siyu" | "channel" | "rule";
  /** Free text shown on the timeline, e.g. the live code's name. */
  reason?: string;
}

/**
 * Tags a customer in WeCom (`mark_tag`, which fires no callback), then records the tags on the follow relation
 * and a `tags.marked` timeline entry. Throws the WeComApiError when WeCom refuses (e.g. 84061 not a customer of
 * that member, 40068 unknown tag); nothing is recorded then.
 */
export async function markTags(ctx: Ctx, input: MarkTagsInput): Promise<void> {
  const add = [...new Set(input.add)];
  const remove = [...new Set(input.remove ?? [])].filter((t) => !add.includes(t));
  if (add.length === 0 && remove.length === 0) return;
  const client = await ctx.wecom.forCorp(ctx, input.corpId);
  await client.corpTags.markTag({
    userid: input.userid,
    external_userid: input.externalUserId,
    ...(add.length > 0 ? { add_tag: add } : {}),
    ...(remove.length > 0 ? { remove_tag: remove } : {}),
  });
  const at = nowDate(ctx.clock);
  const reason = input.reason ?? null;
  await withTransaction(ctx.db, async (trx) => {
    await applyFollowTags(trx, {
      corpId: input.corpId,
      externalUserId: input.externalUserId,
      userid: input.userid,
      add,
      remove,
      source: input.source,
      reason,
      at,
    });
    await addTimeline(trx, {
      corpId: input.corpId,
      externalUserId: input.externalUserId,
      userid: input.userid,
      kind: "tags.marked",
      detail: { add, remove, source: input.source, reason },
      at,
    });
  });
}
