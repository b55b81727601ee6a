// Restrictions learned from failed WeCom API calls made as one member (e.g. add_msg_template with a sender).
// WeCom documents no errcode for a "limited" account; the one it documents for a banned member is 40143
// ("takeover user is banned", contract §4.8 / §5). The emulator produces it on any API through a fault.
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { rebalanceCalls } from "../call-campaigns/call-rebalance.ts";
import { markCodesOfMember } from "../live-codes/live-codes.repository.ts";
import type { RestrictionState } from "./restrictions.ts";

export const WECOM_API_SOURCE = "wecom-api";

/** The restriction an errcode says the calling member is under, if any. */
export const RESTRICTION_ERRCODES: ReadonlyMap<number, RestrictionState> = new Map([
  [40143, "member_banned"],
]);

export function restrictionForError(err: unknown): RestrictionState | undefined {
  return err instanceof WeComApiError ? RESTRICTION_ERRCODES.get(err.errcode) : undefined;
}

/**
 * Records the restriction a failed call as `userid` revealed (once: not while one from the API is in force).
 * Returns whether the error was such a failure.
 */
export async function noteApiFailure(
  ctx: Ctx,
  corpId: string,
  userid: string,
  err: unknown,
  api: string,
): Promise<boolean> {
  const state = restrictionForError(err);
  if (!state || !(err instanceof WeComApiError)) return false;
  const now = new Date(ctx.clock.now());
  const current = await ctx.db
    .selectFrom("sender_restrictions")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("userid", "=", userid)
    .where("state", "=", state)
    .where("lifted_at", "is", null)
    .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", now)]))
    .executeTakeFirst();
  if (current) return true;
  await ctx.db
    .insertInto("sender_restrictions")
    .values({
      corp_id: corpId,
      userid,
      state,
      since: now,
      until: null,
      source: WECOM_API_SOURCE,
      note: `${api} failed with errcode ${err.errcode}`,
    })
    .execute();
  await markCodesOfMember(ctx.db, corpId, userid);
  await rebalanceCalls(ctx.db, corpId, now);
  ctx.log.warn({ corpId, userid, errcode: err.errcode, api }, "WeCom says the member is restricted");
  return true;
}
