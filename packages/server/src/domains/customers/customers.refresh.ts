// The refresh worker's work: customers and groups that callbacks marked `needs_refresh` are fetched from WeCom
// (externalcontact/get, groupchat/get) outside any inbox transaction and stored like a sync page.
import { type ExternalContactWithFollowInfo, WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { RunRecorder, type SyncRun } from "../sync/sync.run.ts";
import { storePage } from "./customers.sync.ts";
import { refreshGroup } from "./groups.sync.ts";

const MAX_ATTEMPTS = 5;
/** Errors meaning "there is nothing to fetch": unknown customer, no live relation. */
const GONE = new Set([40096, 84061]);

/** Refreshes up to `limit` marked customers and groups; returns how many it settled (failures stay marked). */
export async function refreshMarked(
  ctx: Ctx,
  limit = 50,
  stopping: () => boolean = () => false,
): Promise<number> {
  const customers = await ctx.db
    .selectFrom("customers")
    .select(["corp_id", "external_userid", "refresh_attempts"])
    .where("needs_refresh", "=", true)
    .where("refresh_attempts", "<", MAX_ATTEMPTS)
    .orderBy("id")
    .limit(limit)
    .execute();
  // Sync walks only the follow users (get_follow_user_list: members with customer contact, active); keep to the
  // same relations here. Asked once per pass, so staff who joined since the last directory sync count.
  const followers = new Map<string, Set<string>>();
  const followersOf = async (corpId: string) => {
    let set = followers.get(corpId);
    if (!set) {
      const client = await ctx.wecom.forCorp(ctx, corpId);
      set = new Set((await client.externalContact.getFollowUserList()).follow_user);
      followers.set(corpId, set);
    }
    return set;
  };
  let settled = 0;
  // A corp whose WeCom cannot be reached (network, not an API answer) is skipped for the rest of this pass.
  const unreachable = new Set<string>();
  for (const c of customers) {
    if (stopping()) break;
    if (unreachable.has(c.corp_id)) continue;
    const startedAt = nowDate(ctx.clock);
    try {
      const client = await ctx.wecom.forCorp(ctx, c.corp_id);
      const res = await client.externalContact.getAll(c.external_userid);
      const follow = await followersOf(c.corp_id);
      const visible = res.follow_user.filter((f) => follow.has(f.userid));
      const list: ExternalContactWithFollowInfo[] = visible.map((f) => ({
        external_contact: res.external_contact,
        follow_info: {
          ...f,
          tag_id: (f.tags ?? []).filter((t) => t.type !== 2 && t.tag_id).map((t) => t.tag_id!),
        },
      }));
      const run: SyncRun = {
        ctx,
        corpId: c.corp_id,
        runId: "0",
        kind: "full",
        timeline: true,
        startedAt,
        client,
        rec: new RunRecorder({}, {}, Number.POSITIVE_INFINITY),
        save: async () => {},
      };
      await ctx.db.transaction().execute(async (trx) => {
        await storePage(run, trx, list);
        // storePage clears needs_refresh only for customers with a relation in scope.
        await trx
          .updateTable("customers")
          .set({ needs_refresh: false })
          .where("corp_id", "=", c.corp_id)
          .where("external_userid", "=", c.external_userid)
          .execute();
      });
      settled++;
    } catch (err) {
      if (err instanceof WeComApiError && GONE.has(err.errcode)) {
        await ctx.db
          .updateTable("customers")
          .set({ needs_refresh: false })
          .where("corp_id", "=", c.corp_id)
          .where("external_userid", "=", c.external_userid)
          .execute();
        settled++;
        continue;
      }
      if (!(err instanceof WeComApiError)) unreachable.add(c.corp_id);
      ctx.log.warn({ err, externalUserId: c.external_userid }, "customer refresh failed");
      await ctx.db
        .updateTable("customers")
        .set({ refresh_attempts: c.refresh_attempts + 1 })
        .where("corp_id", "=", c.corp_id)
        .where("external_userid", "=", c.external_userid)
        .execute();
    }
  }
  const groups = await ctx.db
    .selectFrom("customer_groups")
    .select(["corp_id", "chat_id"])
    .where("needs_refresh", "=", true)
    .limit(limit)
    .execute();
  for (const g of groups) {
    if (stopping() || unreachable.has(g.corp_id)) continue;
    try {
      const client = await ctx.wecom.forCorp(ctx, g.corp_id);
      await refreshGroup(ctx.db, client, g.corp_id, g.chat_id, nowDate(ctx.clock));
      settled++;
    } catch (err) {
      ctx.log.warn({ err, chatId: g.chat_id }, "group refresh failed");
    }
  }
  return settled;
}

/** Refreshes until nothing marked is left, or for at most `passes` passes (tests, CLI). */
export async function refreshAllMarked(ctx: Ctx, passes = 100): Promise<void> {
  for (let i = 0; i < passes; i++) if ((await refreshMarked(ctx)) === 0) return;
}
