// 微信客服 (addendum §4) as a message source for auto-tagging. A kf_msg_or_event callback marks an account's pull
// as due (kf.handlers.ts); this puller calls kf/sync_msg with the callback's Token and the stored cursor, page by
// page until has_more is 0, and hands what customers wrote (origin 3) to ingestMessages (source "kf"), which
// stores each msgid once and runs keyword rules, opt-outs and stage reactions.
//
// Each page is one transaction: the cursor row (message_cursors, source `kf:<open_kfid>`) is locked, the page is
// pulled, its messages ingested and the new cursor saved together. A crash before commit leaves the old cursor and
// no messages (the page is pulled again); a replayed callback finds nothing after the cursor; and a msgid seen
// twice anyway is stored and tagged once. The due row is cleared only by the pull that has seen its version, so a
// callback arriving mid-pull makes another pull.
import { KF_ORIGIN, type KfMessage, type KfSyncMsgResponse, WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { type IncomingMessage, ingestMessages } from "../auto-tags/messages.service.ts";

/** How often due pulls (retries after a failure, missed wake-ups) are looked for besides the callbacks. */
export const KF_POLL_MS = 5_000;
/** A callback's Token is valid 10 minutes; use it only while comfortably inside that. */
const TOKEN_USABLE_MS = 9 * 60_000;
/** Pages per account per round, so one busy account cannot starve the others. */
const PAGES_PER_ROUND = 20;
/** Errors meaning the account is gone or not ours to pull: the request is dropped. */
const ACCOUNT_GONE = new Set([95000, 95004]);

export const kfCursorSource = (openKfid: string) => `kf:${openKfid}`;

/** The customer messages of a sync_msg page, as chat messages; events and servicer messages are left out. */
export function customerMessages(page: KfSyncMsgResponse): IncomingMessage[] {
  return page.msg_list
    .filter(
      (m): m is KfMessage & { external_userid: string } =>
        m.origin === KF_ORIGIN.customer && m.msgtype !== "event" && !!m.external_userid,
    )
    .map((m) => ({
      msgid: m.msgid,
      from: m.external_userid,
      // The other party is a kf account, not a member: no userid, so rule tags go through every member
      // who has the customer.
      to: null,
      roomId: null,
      kind: m.msgtype,
      text: m.msgtype === "text" ? (m.text?.content ?? null) : null,
      sentAt: new Date(m.send_time * 1000),
    }));
}

interface DueRequest {
  token: string;
  token_at: Date;
  version: string;
}

async function syncPage(
  ctx: Ctx,
  corpId: string,
  openKfid: string,
  cursor: string,
  request: DueRequest,
): Promise<KfSyncMsgResponse> {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const base = { open_kfid: openKfid, limit: 1000, ...(cursor ? { cursor } : {}) };
  const fresh = ctx.clock.now() - request.token_at.getTime() < TOKEN_USABLE_MS;
  if (!fresh) return client.kf.syncMsg(base);
  try {
    return await client.kf.syncMsg({ ...base, token: request.token });
  } catch (err) {
    // 95007: the Token expired or was refused; the pull still works without it, under a stricter rate limit.
    if (err instanceof WeComApiError && err.errcode === 95007) return client.kf.syncMsg(base);
    throw err;
  }
}

/**
 * Pulls one sync_msg page for an account whose pull is due and ingests it with the cursor, in one transaction.
 * `more` is true while the account has further pages; `pulled` counts the items on the page.
 */
export async function pullKfPage(
  ctx: Ctx,
  corpId: string,
  openKfid: string,
): Promise<{ pulled: number; more: boolean }> {
  const source = kfCursorSource(openKfid);
  return ctx.db.transaction().execute(async (trx) => {
    const now = nowDate(ctx.clock);
    const request = await trx
      .selectFrom("kf_pull_requests")
      .select(["token", "token_at", "version"])
      .where("corp_id", "=", corpId)
      .where("open_kfid", "=", openKfid)
      .where("next_attempt_at", "<=", now)
      .executeTakeFirst();
    if (!request) return { pulled: 0, more: false };
    await trx
      .insertInto("message_cursors")
      .values({ corp_id: corpId, source, cursor: "" })
      .onConflict((oc) => oc.columns(["corp_id", "source"]).doNothing())
      .execute();
    // Another process pulling this account holds the row: leave the account to it.
    const row = await trx
      .selectFrom("message_cursors")
      .select("cursor")
      .where("corp_id", "=", corpId)
      .where("source", "=", source)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return { pulled: 0, more: false };

    const page = await syncPage(ctx, corpId, openKfid, row.cursor, request);
    await ingestMessages(trx, corpId, "kf", customerMessages(page), now);
    const next = page.next_cursor || row.cursor;
    await trx
      .updateTable("message_cursors")
      .set({ cursor: next, updated_at: now })
      .where("corp_id", "=", corpId)
      .where("source", "=", source)
      .execute();
    // has_more with an unchanged cursor would loop forever; treat it as caught up until the next callback.
    const more = page.has_more === 1 && next !== row.cursor;
    if (!more) await clearRequest(trx, corpId, openKfid, request.version);
    return { pulled: page.msg_list.length, more };
  });
}

async function clearRequest(db: Db, corpId: string, openKfid: string, version: string) {
  await db
    .deleteFrom("kf_pull_requests")
    .where("corp_id", "=", corpId)
    .where("open_kfid", "=", openKfid)
    .where("version", "=", version)
    .execute();
}

/** Records a failed pull: retried with backoff, or dropped when the account is gone. */
async function pullFailed(ctx: Ctx, corpId: string, openKfid: string, err: unknown) {
  const gone = err instanceof WeComApiError && ACCOUNT_GONE.has(err.errcode);
  ctx.log.warn({ err, corpId, openKfid, dropped: gone }, "微信客服 sync_msg pull failed");
  const where = ctx.db
    .selectFrom("kf_pull_requests")
    .where("corp_id", "=", corpId)
    .where("open_kfid", "=", openKfid);
  const current = await where.select(["attempts", "version"]).executeTakeFirst();
  if (!current) return;
  if (gone) return clearRequest(ctx.db, corpId, openKfid, current.version);
  const attempts = current.attempts + 1;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  await ctx.db
    .updateTable("kf_pull_requests")
    .set({
      attempts,
      last_error: message.slice(0, 2000),
      next_attempt_at: new Date(ctx.clock.now() + Math.min(2 ** attempts * 1000, 3600_000)),
    })
    .where("corp_id", "=", corpId)
    .where("open_kfid", "=", openKfid)
    .where("version", "=", current.version)
    .execute();
}

/** Pulls an account until it is caught up (or PAGES_PER_ROUND pages); returns the items pulled. */
export async function pullKfAccount(ctx: Ctx, corpId: string, openKfid: string): Promise<number> {
  let pulled = 0;
  for (let i = 0; i < PAGES_PER_ROUND; i++) {
    try {
      const page = await pullKfPage(ctx, corpId, openKfid);
      pulled += page.pulled;
      if (!page.more) break;
    } catch (err) {
      await pullFailed(ctx, corpId, openKfid, err);
      break;
    }
  }
  return pulled;
}

/** One round over every due account of every corp. */
async function pullRound(ctx: Ctx): Promise<number> {
  const due = await ctx.db
    .selectFrom("kf_pull_requests")
    .select(["corp_id", "open_kfid"])
    .where("next_attempt_at", "<=", nowDate(ctx.clock))
    .orderBy("next_attempt_at")
    .limit(500)
    .execute();
  let pulled = 0;
  for (const r of due) pulled += await pullKfAccount(ctx, r.corp_id, r.open_kfid);
  if (pulled > 0) return pulled;
  // The handler wakes the puller before the inbox transaction that records the request commits: look again
  // shortly, a bounded number of times, rather than waiting for the next periodic round.
  if (recheck > 0) {
    recheck--;
    await new Promise((r) => setTimeout(r, RECHECK_MS));
    return 1;
  }
  return 0;
}

const RECHECK_MS = 50;
const RECHECKS = 40;
let recheck = 0;
const wakers = new Set<() => void>();

/** Called by the kf_msg_or_event handler: an account's pull is due. Wakes every kf puller of this process. */
export function kfNotified(): void {
  recheck = RECHECKS;
  for (const wake of wakers) wake();
}

export function startKfPuller(ctx: Ctx, intervalMs: number): Poller {
  const poller = startPoller("微信客服 puller", ctx.log, () => pullRound(ctx), intervalMs);
  const wake = () => poller.wake();
  wakers.add(wake);
  return {
    wake,
    drain: () => poller.drain(),
    async stop() {
      wakers.delete(wake);
      await poller.stop();
    },
  };
}
