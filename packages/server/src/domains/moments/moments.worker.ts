// The moments worker: publishes posts whose time has come (add_moment_task, then the job's result names the
// WeCom moment), and keeps pulling each published moment's per-member publish status (get_moment_task) and its
// customers' likes and comments (get_moment_comments) into moment_interactions, for 30 days (every 10 minutes on
// the first day, hourly for the first week, then every 6 hours). New interactions
// go on the customer's timeline and fire the corp's moment auto-tag rules.
//
// A post is marked `publishing` and committed before WeCom is asked, so a crash never creates it twice: one
// left `publishing` without a job id was interrupted and is reported as failed rather than sent again.
import {
  type AddMomentTaskRequest,
  type MomentComments,
  WeComApiError,
  type MomentAttachment as WeComAttachment,
} from "@siyu/wecom";
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { fireMomentRules, type MomentInteractionPulled } from "../auto-tags/moment-rules.ts";
import { mediaIdFor } from "../materials/materials.service.ts";
import { addTimeline } from "../tags/follow-tags.repository.ts";
import { onMomentDue } from "./moments.service.ts";
import type { MomentsTable } from "./moments.tables.ts";

type MomentRow = Selectable<MomentsTable>;

/** How often a published moment's status and comments are pulled, and for how long. Most reactions come in the
 * first day, and every pull costs one get_moment_comments call per member who posted, so older moments are
 * looked at less often. */
export const POLL_EVERY_MS = 10 * 60_000;
export const POLL_FOR_MS = 30 * 86_400_000;
const HOUR = 3_600_000;

/** When to look again at a moment published at `publishedAt`, or null when it is no longer followed. */
export function nextPollAt(publishedAt: Date, now: Date): Date | null {
  const age = now.getTime() - publishedAt.getTime();
  const every = age < 24 * HOUR ? POLL_EVERY_MS : age < 7 * 24 * HOUR ? HOUR : 6 * HOUR;
  const next = now.getTime() + every;
  return next < publishedAt.getTime() + POLL_FOR_MS ? new Date(next) : null;
}
const JOB_RECHECK_MS = 5_000;
const INTERRUPTED_AFTER_MS = 60_000;

function describe(err: unknown): string {
  if (err instanceof WeComApiError) return `WeCom refused it (errcode ${err.errcode}: ${err.errmsg})`;
  if (err instanceof AppError) return err.message;
  return `could not reach WeCom: ${(err as Error).message}`;
}

async function fail(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable("moments")
    .set({ status: "failed", error, next_poll_at: null })
    .where("id", "=", id)
    .execute();
}

async function request(ctx: Ctx, row: MomentRow): Promise<AddMomentTaskRequest> {
  const attachments: WeComAttachment[] = [];
  for (const a of row.attachments) {
    if (a.type === "link") {
      const media_id = await mediaIdFor(ctx, row.corp_id, a.coverMaterialId, "moment");
      attachments.push({ msgtype: "link", link: { title: a.title, url: a.url, media_id } });
    } else {
      const media_id = await mediaIdFor(ctx, row.corp_id, a.materialId, "moment");
      attachments.push(
        a.type === "image"
          ? { msgtype: "image", image: { media_id } }
          : { msgtype: "video", video: { media_id } },
      );
    }
  }
  const range: NonNullable<AddMomentTaskRequest["visible_range"]> = {};
  if (row.senders.length > 0) range.sender_list = { user_list: row.senders };
  if (row.tag_ids.length > 0) range.external_contact_list = { tag_list: row.tag_ids };
  return {
    ...(row.text ? { text: { content: row.text } } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(Object.keys(range).length > 0 ? { visible_range: range } : {}),
  };
}

/** Asks WeCom for a creation job's result; publishes or fails the post when the job is done. */
async function checkJob(ctx: Ctx, row: MomentRow): Promise<void> {
  const now = ctx.clock.now();
  try {
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    const job = await client.moments.taskResult(row.jobid!);
    if (job.status !== 3) {
      await ctx.db
        .updateTable("moments")
        .set({ next_poll_at: new Date(now + JOB_RECHECK_MS) })
        .where("id", "=", row.id)
        .execute();
      return;
    }
    const r = job.result;
    if (!r || r.errcode !== 0 || !r.moment_id) {
      await fail(
        ctx.db,
        row.id,
        `WeCom refused the moment (errcode ${r?.errcode ?? "?"}: ${r?.errmsg ?? ""})`,
      );
      return;
    }
    await ctx.db
      .updateTable("moments")
      .set({
        status: "published",
        wecom_moment_id: r.moment_id,
        invalid_senders: r.invalid_sender_list?.user_list ?? [],
        invalid_tags: r.invalid_external_contact_list?.tag_list ?? [],
        published_at: new Date(now),
        next_poll_at: new Date(now),
      })
      .where("id", "=", row.id)
      .execute();
  } catch (err) {
    ctx.log.warn({ err, moment: row.id }, "moment job result not read");
    await fail(ctx.db, row.id, describe(err));
  }
}

async function publishOne(ctx: Ctx, row: MomentRow): Promise<void> {
  let jobid: string;
  try {
    const req = await request(ctx, row);
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    jobid = (await client.moments.addTask(req)).jobid;
  } catch (err) {
    ctx.log.warn({ err, moment: row.id }, "moment not published");
    await fail(ctx.db, row.id, describe(err));
    return;
  }
  await ctx.db.updateTable("moments").set({ jobid }).where("id", "=", row.id).execute();
  await checkJob(ctx, { ...row, jobid });
}

/** Publishes due posts and follows pending jobs; returns how many it handled. */
export async function publishDue(ctx: Ctx, limit = 5): Promise<number> {
  const now = nowDate(ctx.clock);
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("moments")
      .selectAll()
      .where("status", "=", "scheduled")
      .where("publish_at", "<=", now)
      .orderBy("publish_at")
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length > 0) {
      await trx
        .updateTable("moments")
        .set({ status: "publishing", publishing_at: now })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows;
  });
  for (const row of claimed) await publishOne(ctx, row);

  const jobs = await ctx.db
    .selectFrom("moments")
    .selectAll()
    .where("status", "=", "publishing")
    .where("jobid", "is not", null)
    .where("next_poll_at", "<=", now)
    .limit(limit)
    .execute();
  for (const row of jobs) await checkJob(ctx, row);

  const interrupted = await ctx.db
    .updateTable("moments")
    .set({
      status: "failed",
      error:
        "interrupted while asking WeCom to publish it; check 企业微信's moment list before posting it again",
    })
    .where("status", "=", "publishing")
    .where("jobid", "is", null)
    .where("publishing_at", "<", new Date(now.getTime() - INTERRUPTED_AFTER_MS))
    .executeTakeFirst();
  return claimed.length + jobs.length + Number(interrupted.numUpdatedRows);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Pulls one published moment's member status and comments (in the caller's transaction). WeCom is read first,
 * so a refusal half-way leaves nothing written. */
async function pull(ctx: Ctx, trx: Db, row: MomentRow): Promise<number> {
  const now = nowDate(ctx.clock);
  const client = await ctx.wecom.forCorp(ctx, row.corp_id);
  const wecomId = row.wecom_moment_id!;
  const tasks = await collect(client.moments.tasks(wecomId));
  const comments = new Map<string, MomentComments>();
  for (const t of tasks.filter((t) => t.publish_status === 1)) {
    comments.set(t.userid, await client.moments.comments(wecomId, t.userid));
  }
  if (tasks.length > 0) {
    await trx
      .insertInto("moment_members")
      .values(
        tasks.map((t) => ({
          moment_id: row.id,
          corp_id: row.corp_id,
          userid: t.userid,
          published: t.publish_status === 1,
          published_seen_at: t.publish_status === 1 ? now : null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["moment_id", "userid"]).doUpdateSet((eb) => ({
          published: eb.ref("excluded.published"),
          published_seen_at: eb.fn.coalesce("moment_members.published_seen_at", "excluded.published_seen_at"),
        })),
      )
      .execute();
  }
  const fresh: MomentInteractionPulled[] = [];
  for (const [userid, { like_list, comment_list }] of comments) {
    const rows = [
      ...like_list.map((c) => ({ ...c, kind: "like" as const })),
      ...comment_list.map((c) => ({ ...c, kind: "comment" as const })),
    ].flatMap((c) =>
      c.external_userid
        ? [
            {
              corp_id: row.corp_id,
              moment_id: row.id,
              userid,
              external_userid: c.external_userid,
              kind: c.kind,
              at: new Date(c.create_time * 1000),
              pulled_at: now,
            },
          ]
        : [],
    );
    if (rows.length === 0) continue;
    const inserted = await trx
      .insertInto("moment_interactions")
      .values(rows)
      .onConflict((oc) => oc.columns(["moment_id", "userid", "external_userid", "kind", "at"]).doNothing())
      .returning(["external_userid", "kind", "at"])
      .execute();
    for (const i of inserted) {
      fresh.push({
        momentId: row.id,
        momentText: row.text,
        userid,
        externalUserId: i.external_userid,
        kind: i.kind,
      });
      await addTimeline(trx, {
        corpId: row.corp_id,
        externalUserId: i.external_userid,
        userid,
        kind: i.kind === "like" ? "moment.liked" : "moment.commented",
        detail: { momentId: row.id, text: [...row.text].slice(0, 60).join("") },
        at: i.at,
      });
    }
  }
  await fireMomentRules(trx, row.corp_id, fresh, now);
  await trx
    .updateTable("moments")
    .set({ polled_at: now, next_poll_at: nextPollAt(row.published_at ?? now, now) })
    .where("id", "=", row.id)
    .execute();
  return fresh.length;
}

/** Pulls one moment now (the console's refresh); returns how many new likes and comments it found. */
export async function pullMoment(ctx: Ctx, corpId: string, id: string): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("moments")
      .selectAll()
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError("MOMENT_NOT_FOUND", `no moment ${id}`);
    if (row.status !== "published" || !row.wecom_moment_id) return 0;
    try {
      return await pull(ctx, trx, row);
    } catch (err) {
      if (err instanceof WeComApiError)
        throw new AppError("WECOM_REFUSED", `WeCom refused to report the moment (errcode ${err.errcode})`, {
          errcode: err.errcode,
        });
      throw err;
    }
  });
}

/** Pulls published moments whose time to look again has come; returns how many it looked at. */
export async function pollDue(ctx: Ctx, limit = 5): Promise<number> {
  const now = nowDate(ctx.clock);
  let handled = 0;
  for (let i = 0; i < limit; i++) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("moments")
        .selectAll()
        .where("status", "=", "published")
        .where("next_poll_at", "<=", now)
        .orderBy("next_poll_at")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return false;
      try {
        await pull(ctx, trx, row);
      } catch (err) {
        ctx.log.warn({ err, moment: row.id }, "moment status and comments not pulled; retrying later");
        await trx
          .updateTable("moments")
          .set({ next_poll_at: new Date(now.getTime() + POLL_EVERY_MS) })
          .where("id", "=", row.id)
          .execute();
      }
      return true;
    });
    if (!done) break;
    handled++;
  }
  return handled;
}

export type MomentWorker = Poller;

export function startMomentWorker(ctx: Ctx, opts: { idleDelayMs?: number } = {}): MomentWorker {
  const poller = startPoller(
    "moments worker",
    ctx.log,
    async () => (await publishDue(ctx)) + (await pollDue(ctx)),
    opts.idleDelayMs ?? 1000,
  );
  onMomentDue(() => poller.wake());
  return poller;
}
