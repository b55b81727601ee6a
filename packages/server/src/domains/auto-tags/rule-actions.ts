// The queue of tag changes rules decide, and the worker that applies them: WeCom first (mark_tag on the follow
// relation), then Siyu's follow_tags (source 'rule', with the reason) and a `tags.marked` timeline entry that
// names the rule and why it fired. Deciding and applying are apart so a rule can fire inside another domain's
// transaction (orders binding, a live import) and WeCom is called only after that commits. mark_tag is
// idempotent, so a batch interrupted after WeCom answered is simply applied again.
import { WeComApiError } from "@siyu/wecom";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { addTimeline, applyFollowTags } from "../tags/follow-tags.repository.ts";

export interface RuleFiring {
  /** id null: not a tag rule but an activity's own tags (fission campaigns, group activities). */
  rule: { id: string | null; name: string; add_tags: string[]; remove_tags: string[] };
  externalUserId: string;
  /** The member whose relation to tag (the chat's member, the link's sender); null = every active relation. */
  userid?: string | null;
  /** Why, in words for the timeline: `said "口红"`, `watched 75 min of …`. */
  reason: string;
}

/** Queues the firings' tag changes, one row per active follow relation. Returns rows queued. */
export async function queueRuleActions(
  db: Db,
  corpId: string,
  firings: RuleFiring[],
  at: Date,
): Promise<number> {
  if (firings.length === 0) return 0;
  const customers = [...new Set(firings.map((f) => f.externalUserId))];
  const relations = await db
    .selectFrom("follow_relations")
    .select(["external_userid", "userid"])
    .where("corp_id", "=", corpId)
    .where("external_userid", "in", customers)
    .where("status", "=", "active")
    .execute();
  const byCustomer = new Map<string, string[]>();
  for (const r of relations)
    byCustomer.set(r.external_userid, [...(byCustomer.get(r.external_userid) ?? []), r.userid]);
  const rows = firings.flatMap((f) => {
    const members = byCustomer.get(f.externalUserId) ?? [];
    const targets = f.userid && members.includes(f.userid) ? [f.userid] : members;
    return targets.map((userid) => ({
      corp_id: corpId,
      rule_id: f.rule.id,
      rule_name: f.rule.name,
      external_userid: f.externalUserId,
      userid,
      add_tags: f.rule.add_tags,
      remove_tags: f.rule.remove_tags,
      reason: f.reason.slice(0, 500),
      not_before: at,
      created_at: at,
    }));
  });
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto("rule_tag_actions")
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  ruleWorkerWake?.();
  return rows.length;
}

/** Errors that retrying will not fix, with what to record. */
function finalError(err: unknown): { status: "skipped" | "failed"; error: string } | undefined {
  if (!(err instanceof WeComApiError)) return undefined;
  if (err.errcode === 84061 || err.errcode === 40096 || err.errcode === 60111) {
    return { status: "skipped", error: `not this member's customer any more (errcode ${err.errcode})` };
  }
  if (err.errcode === 40068) return { status: "failed", error: "WeCom does not know the tag (40068)" };
  if (err.errcode === 45009 || err.errcode === -1 || err.errcode === 45033) return undefined;
  return { status: "failed", error: `WeCom refused mark_tag (errcode ${err.errcode})` };
}

const MAX_ATTEMPTS = 6;
const retryDelayMs = (attempt: number) => Math.min(2000 * 2 ** (attempt - 1), 300_000);

/** Applies up to `limit` due actions; returns how many it handled. */
export async function applyDueActions(ctx: Ctx, limit = 20): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = nowDate(ctx.clock);
    const due = await trx
      .selectFrom("rule_tag_actions")
      .selectAll()
      .where("status", "=", "pending")
      .where("not_before", "<=", now)
      .orderBy("not_before")
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const a of due) {
      const present = new Set(
        (
          await trx
            .selectFrom("follow_tags")
            .select("tag_id")
            .where("corp_id", "=", a.corp_id)
            .where("external_userid", "=", a.external_userid)
            .where("userid", "=", a.userid)
            .execute()
        ).map((t) => t.tag_id),
      );
      const add = a.add_tags.filter((t) => !present.has(t));
      const remove = a.remove_tags.filter((t) => present.has(t));
      const finish = (status: "done" | "skipped" | "failed", error: string | null) =>
        trx
          .updateTable("rule_tag_actions")
          .set({ status, error, done_at: now, attempts: a.attempts + 1 })
          .where("id", "=", a.id)
          .execute();
      if (add.length === 0 && remove.length === 0) {
        await finish("skipped", "the customer already had these tags");
        continue;
      }
      try {
        const client = await ctx.wecom.forCorp(ctx, a.corp_id);
        await client.corpTags.markTag({
          userid: a.userid,
          external_userid: a.external_userid,
          ...(add.length > 0 ? { add_tag: add } : {}),
          ...(remove.length > 0 ? { remove_tag: remove } : {}),
        });
      } catch (err) {
        const final = finalError(err);
        if (final) {
          await finish(final.status, final.error);
        } else if (a.attempts + 1 >= MAX_ATTEMPTS) {
          await finish("failed", `gave up after ${MAX_ATTEMPTS} attempts: ${(err as Error).message}`);
        } else {
          await trx
            .updateTable("rule_tag_actions")
            .set({
              attempts: a.attempts + 1,
              error: (err as Error).message,
              not_before: new Date(now.getTime() + retryDelayMs(a.attempts + 1)),
            })
            .where("id", "=", a.id)
            .execute();
        }
        ctx.log.warn({ err, action: a.id }, "rule tag action not applied");
        continue;
      }
      await applyFollowTags(trx, {
        corpId: a.corp_id,
        externalUserId: a.external_userid,
        userid: a.userid,
        add,
        remove,
        source: "rule",
        reason: `${a.rule_name}: ${a.reason}`,
        at: now,
      });
      await addTimeline(trx, {
        corpId: a.corp_id,
        externalUserId: a.external_userid,
        userid: a.userid,
        kind: "tags.marked",
        detail: { add, remove, source: "rule", rule: a.rule_name, reason: a.reason },
        at: now,
      });
      await finish("done", null);
    }
    return due.length;
  });
}

let ruleWorkerWake: (() => void) | undefined;

/** The worker loop (one per process; several processes share the queue through row locks). */
export function startRuleWorker(ctx: Ctx, idleDelayMs = 1000): Poller {
  const poller = startPoller("auto-tag rule worker", ctx.log, () => applyDueActions(ctx), idleDelayMs);
  ruleWorkerWake = () => poller.wake();
  return poller;
}

/** Recent rule actions for a customer (the console's "why" list). */
export async function recentActions(db: Db, corpId: string, externalUserId: string, limit = 50) {
  return db
    .selectFrom("rule_tag_actions")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Counts of queued actions by status (for tests and the console). */
export async function actionCounts(db: Db, corpId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("rule_tag_actions")
    .select(["status", sql<string>`count(*)`.as("n")])
    .where("corp_id", "=", corpId)
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
