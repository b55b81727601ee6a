// Submitting a mass send's tasks exactly once. add_msg_template is not idempotent, so for each task:
//  1. under the task's advisory lock (held on one connection for the whole attempt; a crash releases it), the
//     task's recipients are checked again by the send gate with fresh facts (serialised per corp), touches are
//     recorded, and the task is committed as `submitting` with the time and the body's hash — before WeCom is called;
//  2. add_msg_template; the msgid is stored (and fail_list recipients marked failed) when it answers.
// A task found `submitting` whose lock is free was interrupted: get_groupmsg_list_v2 (the sender's tasks since the
// attempt) is searched for one with the same content whose recipients are this task's; only when WeCom has none is
// it sent again.
import { createHash } from "node:crypto";
import { type Attachment, WeComApiError } from "@siyu/wecom";
import { type Kysely, sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Database } from "../../db/schema.ts";
import { noteApiFailure } from "../account-health/api-failures.ts";
import { mediaIdFor } from "../materials/materials.service.ts";
import { loadFactsFor } from "../send-gate/gate-facts.ts";
import { lockGate } from "../send-gate/send-gate.ts";
import { DEFERRED, DROPPED, listedAudience, planAudience, refusedRows } from "./mass-sends.plan.ts";
import * as repo from "./mass-sends.repository.ts";
import type { MassContent } from "./mass-sends.schemas.ts";

type Conn = Kysely<Database>;
const RETRY_ERRCODES = new Set([-1, 45009, 45033]);

interface TaskRow {
  id: string;
  corp_id: string;
  mass_send_id: string;
  sender: string;
  chat_type: "single" | "group";
  status: string;
  attempt_at: Date | null;
  attempts: number;
}

interface Body {
  text?: { content: string };
  attachments?: Attachment[];
}

/** Runs `fn` holding the task's advisory lock on a dedicated connection; undefined when another holds it. */
async function withTaskLock<T>(
  ctx: Ctx,
  taskId: string,
  fn: (conn: Conn) => Promise<T>,
): Promise<T | undefined> {
  return ctx.db.connection().execute(async (conn) => {
    const key = sql`hashtextextended(${`mass-task:${taskId}`}, 0)`;
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
    if (!got.rows[0]?.ok) return undefined;
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}

/** The WeCom body: materials become media_ids (cached for 3 days). */
export async function bodyOf(ctx: Ctx, corpId: string, content: MassContent): Promise<Body> {
  const attachments: Attachment[] = [];
  for (const a of content.attachments) {
    if (a.kind === "link") {
      attachments.push({
        msgtype: "link",
        link: {
          title: a.title,
          url: a.url,
          ...(a.desc ? { desc: a.desc } : {}),
          ...(a.picUrl ? { picurl: a.picUrl } : {}),
        },
      });
    } else if (a.kind === "miniprogram") {
      const pic = await mediaIdFor(ctx, corpId, a.materialId);
      attachments.push({
        msgtype: "miniprogram",
        miniprogram: { title: a.title, pic_media_id: pic, appid: a.appid, page: a.page },
      });
    } else {
      const m = await ctx.db
        .selectFrom("materials")
        .select("kind")
        .where("corp_id", "=", corpId)
        .where("id", "=", a.materialId)
        .executeTakeFirstOrThrow();
      const media_id = await mediaIdFor(ctx, corpId, a.materialId);
      attachments.push(
        m.kind === "image"
          ? { msgtype: "image", image: { media_id } }
          : m.kind === "video"
            ? { msgtype: "video", video: { media_id } }
            : { msgtype: "file", file: { media_id } },
      );
    }
  }
  return {
    ...(content.text?.trim() ? { text: { content: content.text } } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

const hashOf = (body: Body) => createHash("sha256").update(JSON.stringify(body)).digest("hex");

async function sendOf(db: Conn, massSendId: string) {
  return db
    .selectFrom("mass_sends")
    .select(["status", "content", "on_quota"])
    .where("id", "=", massSendId)
    .executeTakeFirstOrThrow();
}

async function taskRecipients(db: Conn, taskId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("mass_send_recipients")
    .select("recipient")
    .where("task_id", "=", taskId)
    .where("status", "in", ["planned", "deferred", "submitted"])
    .execute();
  return rows.map((r) => r.recipient);
}

/**
 * Phase 1 in one transaction: the gate again for the task's recipients at `now`; the ones it holds move to a
 * later task or are dropped, the rest become touches and the task `submitting`. Returns its recipients, or
 * nothing when none is left.
 */
async function prepare(ctx: Ctx, conn: Conn, task: TaskRow, hash: string): Promise<string[] | undefined> {
  return conn.transaction().execute(async (trx) => {
    await lockGate(trx, [task.corp_id]);
    const fresh = await trx
      .selectFrom("mass_send_tasks")
      .select("status")
      .where("id", "=", task.id)
      .forUpdate()
      .executeTakeFirst();
    if (fresh?.status !== "planned") return undefined;
    const send = await sendOf(trx, task.mass_send_id);
    if (send.status !== "sending" && send.status !== "scheduled") return undefined;
    const now = new Date(ctx.clock.now());
    const recipients = await taskRecipients(trx, task.id);
    const tctx: Ctx = { ...ctx, db: trx };
    const planner = `mass-send:${task.mass_send_id}`;
    const facts = await loadFactsFor(
      trx,
      [{ corpId: task.corp_id, recipients, senders: [task.sender], planners: [planner] }],
      now,
    );
    const paused = facts.paused(task.corp_id, planner);
    if (paused) {
      // Churn watch paused this campaign: it waits as a whole until an operator resumes it.
      await trx
        .updateTable("mass_sends")
        .set({ status: "paused", paused_reason: paused.reason })
        .where("id", "=", task.mass_send_id)
        .execute();
      return undefined;
    }
    const content = send.content as MassContent;
    const p = await planAudience(
      tctx,
      listedAudience(
        task.chat_type,
        recipients,
        recipients.map(() => task.sender),
      ),
      {
        corpId: task.corp_id,
        content,
        at: now,
        onQuota: send.on_quota,
        planner: `mass-send:${task.mass_send_id}`,
        facts,
      },
    );
    const go = recipients.filter((_, i) => p.action[i] !== DEFERRED && p.action[i] !== DROPPED);
    // The gate's decisions: a row per recipient held now, one for those let through (below).
    await repo.insertRefused(trx, task.corp_id, planner, now, refusedRows(p));
    const dropped = recipients.flatMap((_, i) => (p.action[i] === DROPPED ? [i] : []));
    if (dropped.length > 0)
      await sql`update mass_send_recipients r set status = 'dropped', task_id = null, reason = v.reason
        from unnest(${dropped.map((i) => recipients[i])}::text[], ${dropped.map((i) => `${p.rule[i]}: ${p.reason[i]}`)}::text[]) v(recipient, reason)
        where r.mass_send_id = ${task.mass_send_id} and r.recipient = v.recipient`.execute(trx);
    const later = p.tasks.filter((t) => t.notBefore.getTime() > now.getTime());
    if (later.length > 0) {
      const ids = await repo.taskIds(trx, later.length);
      await repo.insertTasks(
        trx,
        task.corp_id,
        task.mass_send_id,
        ids,
        later.map((t) => ({
          sender: t.sender,
          chatType: task.chat_type,
          notBefore: t.notBefore,
          recipients: t.members.length,
        })),
      );
      for (const [k, t] of later.entries()) {
        await sql`update mass_send_recipients r set status = 'deferred', task_id = ${ids[k]}, reason = v.reason
          from unnest(${t.members.map((i) => recipients[i])}::text[], ${t.members.map((i) => `${p.rule[i]}: ${p.reason[i]}`)}::text[]) v(recipient, reason)
          where r.mass_send_id = ${task.mass_send_id} and r.recipient = v.recipient`.execute(trx);
      }
    }
    if (go.length === 0) {
      await trx.deleteFrom("mass_send_tasks").where("id", "=", task.id).execute();
      return undefined;
    }
    await repo.insertAllowed(
      trx,
      task.corp_id,
      planner,
      task.id,
      task.attempts + 1,
      task.sender,
      go.length,
      now,
    );
    await sql`insert into recipient_touches (corp_id, recipient, planner, touched_at, customer_id)
      select ${task.corp_id}, r, ${`mass-send:${task.mass_send_id}`}, ${now}, c.id from unnest(${go}::text[]) r
      left join customers c on c.corp_id = ${task.corp_id} and c.external_userid = r`.execute(trx);
    await sql`update mass_send_recipients set status = 'planned', reason = null
      where mass_send_id = ${task.mass_send_id} and recipient = any(${go}::text[])`.execute(trx);
    await trx
      .updateTable("mass_send_tasks")
      .set((eb) => ({
        status: "submitting",
        attempt_at: now,
        attempts: eb("attempts", "+", 1),
        body_hash: hash,
        recipients: go.length,
      }))
      .where("id", "=", task.id)
      .execute();
    return go;
  });
}

async function forget(db: Conn, task: TaskRow, recipients: string[]): Promise<void> {
  if (recipients.length === 0) return;
  await sql`delete from recipient_touches where corp_id = ${task.corp_id}
    and planner = ${`mass-send:${task.mass_send_id}`} and recipient = any(${recipients}::text[])`.execute(db);
}

/** Phase 2: add_msg_template and what it answered. */
async function call(ctx: Ctx, conn: Conn, task: TaskRow, recipients: string[], body: Body): Promise<void> {
  const client = await ctx.wecom.forCorp(ctx, task.corp_id);
  const now = new Date(ctx.clock.now());
  await conn.updateTable("mass_send_tasks").set({ attempt_at: now }).where("id", "=", task.id).execute();
  let res: { msgid: string; fail_list?: string[] };
  try {
    res = await client.massMessage.addMsgTemplate({
      chat_type: task.chat_type,
      sender: task.sender,
      ...(task.chat_type === "group" ? { chat_id_list: recipients } : { external_userid: recipients }),
      ...body,
    });
  } catch (err) {
    if (!(err instanceof WeComApiError)) throw err; // may have reached WeCom: left `submitting`, reconciled
    await noteApiFailure(ctx, task.corp_id, task.sender, err, "add_msg_template");
    // WeCom answered with an error: no task was created.
    const retry = RETRY_ERRCODES.has(err.errcode) && task.attempts < 5;
    const reason =
      err.errcode === 41048
        ? `none of them can receive it from ${task.sender} (41048: no longer customers)`
        : `WeCom refused the task (${err.errcode} ${err.errmsg})`;
    await conn.transaction().execute(async (trx) => {
      await forget(trx, task, recipients);
      await trx
        .updateTable("mass_send_tasks")
        .set({
          status: retry ? "planned" : "failed",
          error: reason,
          not_before: new Date(now.getTime() + 30_000 * 2 ** task.attempts),
        })
        .where("id", "=", task.id)
        .execute();
      if (!retry)
        await trx
          .updateTable("mass_send_recipients")
          .set({ status: "failed", reason })
          .where("task_id", "=", task.id)
          .execute();
      await repo.finishIfDone(trx, task.mass_send_id);
      await repo.refreshReport(trx, task.mass_send_id);
    });
    return;
  }
  await stored(conn, task, res.msgid, res.fail_list ?? [], new Date(ctx.clock.now()));
}

async function stored(
  conn: Conn,
  task: TaskRow,
  msgid: string,
  failList: string[],
  now: Date,
): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    await trx
      .updateTable("mass_send_tasks")
      .set({ status: "submitted", msgid, error: null })
      .where("id", "=", task.id)
      .execute();
    await trx
      .updateTable("mass_send_recipients")
      .set({ status: "submitted", reason: null })
      .where("task_id", "=", task.id)
      .where("status", "=", "planned")
      .execute();
    if (failList.length > 0) {
      await sql`update mass_send_recipients set status = 'failed',
          reason = ${`WeCom cannot send it to them as ${task.sender} (fail_list)`}
        where task_id = ${task.id} and recipient = any(${failList}::text[])`.execute(trx);
      await forget(trx, task, failList);
    }
    // Results are pulled a minute later (members confirm in their client), and then every minute while open.
    await trx
      .updateTable("mass_sends")
      .set({ next_poll_at: new Date(now.getTime() + 60_000) })
      .where("id", "=", task.mass_send_id)
      .where("next_poll_at", "is", null)
      .execute();
    await trx
      .updateTable("mass_sends")
      .set({ status: "sending" })
      .where("id", "=", task.mass_send_id)
      .where("status", "=", "scheduled")
      .execute();
    await repo.finishIfDone(trx, task.mass_send_id);
    await repo.refreshReport(trx, task.mass_send_id);
  });
}

/**
 * Finds the task WeCom created for an interrupted attempt, if it did. get_groupmsg_list_v2 is asked for the corp's
 * own (API-created, filter_type 0) tasks of the window — not by `creator`: WeCom omits the creator of API-created
 * tasks (contract §4.6), so a creator filter cannot be relied on to match them. A candidate has this task's content,
 * is not claimed by another task, has this task's sender as its only member (get_groupmsg_task), and every recipient
 * WeCom lists for it (get_groupmsg_send_result; for groups WeCom lists only the groups already sent to) is one of
 * this task's.
 */
async function findInWeCom(ctx: Ctx, conn: Conn, task: TaskRow, recipients: string[], body: Body) {
  const client = await ctx.wecom.forCorp(ctx, task.corp_id);
  const start = Math.floor((task.attempt_at?.getTime() ?? ctx.clock.now()) / 1000) - 60;
  const end = Math.min(Math.floor(ctx.clock.now() / 1000) + 60, start + 31 * 86_400 - 1);
  const mine = new Set(recipients);
  const kinds = (a: { msgtype: string }[] | undefined) => (a ?? []).map((x) => x.msgtype).join(",");
  for await (const m of client.massMessage.list({
    chat_type: task.chat_type,
    start_time: start,
    end_time: end,
    filter_type: 0,
  })) {
    if ((m.text?.content ?? "") !== (body.text?.content ?? "")) continue;
    if (kinds(m.attachments) !== kinds(body.attachments)) continue;
    const claimed = await conn
      .selectFrom("mass_send_tasks")
      .select("id")
      .where("corp_id", "=", task.corp_id)
      .where("msgid", "=", m.msgid)
      .executeTakeFirst();
    if (claimed) continue;
    let members = 0;
    let ours = true;
    for await (const t of client.massMessage.tasks(m.msgid)) {
      members++;
      if (t.userid !== task.sender) ours = false;
    }
    if (!ours || members === 0) continue;
    let seen = 0;
    for await (const r of client.massMessage.sendResults(m.msgid, task.sender)) {
      if (!mine.has(r.external_userid ?? r.chat_id ?? "")) {
        ours = false;
        break;
      }
      if (++seen >= 1000) break;
    }
    if (ours && (seen > 0 || task.chat_type === "group")) return m.msgid;
  }
  return undefined;
}

async function contentOf(ctx: Ctx, task: TaskRow): Promise<Body> {
  const send = await sendOf(ctx.db, task.mass_send_id);
  return bodyOf(ctx, task.corp_id, send.content as MassContent);
}

/** Submits one due task (phase 1 and 2). */
export async function submitTask(ctx: Ctx, task: TaskRow): Promise<boolean> {
  const r = await withTaskLock(ctx, task.id, async (conn) => {
    const body = await contentOf(ctx, task);
    const recipients = await prepare(ctx, conn, task, hashOf(body));
    if (!recipients) {
      await repo.finishIfDone(conn, task.mass_send_id);
      await repo.refreshReport(conn, task.mass_send_id);
      return true;
    }
    await call(ctx, conn, { ...task, attempts: task.attempts + 1 }, recipients, body);
    return true;
  });
  return r ?? false;
}

/** An interrupted attempt: WeCom's task if it has one, else sent again. */
export async function reconcileTask(ctx: Ctx, task: TaskRow): Promise<boolean> {
  const r = await withTaskLock(ctx, task.id, async (conn) => {
    const fresh = await conn
      .selectFrom("mass_send_tasks")
      .select(["status", "attempt_at", "attempts"])
      .where("id", "=", task.id)
      .executeTakeFirst();
    if (fresh?.status !== "submitting") return false;
    const t = { ...task, attempt_at: fresh.attempt_at, attempts: fresh.attempts };
    const body = await contentOf(ctx, t);
    const recipients = await taskRecipients(conn, task.id);
    const msgid = await findInWeCom(ctx, conn, t, recipients, body);
    if (msgid) {
      ctx.log.info({ taskId: task.id, msgid }, "mass send: an interrupted task was found in WeCom");
      await stored(conn, t, msgid, [], new Date(ctx.clock.now()));
    } else {
      ctx.log.info({ taskId: task.id }, "mass send: an interrupted task never reached WeCom; sending it");
      await call(ctx, conn, t, recipients, body);
    }
    return true;
  });
  return r ?? false;
}

const taskColumns = [
  "t.id",
  "t.corp_id",
  "t.mass_send_id",
  "t.sender",
  "t.chat_type",
  "t.status",
  "t.attempt_at",
  "t.attempts",
] as const;

/** Paused sends whose campaign an operator resumed (churn watch) carry on. */
async function resumeSends(ctx: Ctx): Promise<void> {
  await sql`update mass_sends s set status = 'sending', paused_reason = null
    where s.status = 'paused' and not exists (select 1 from paused_planners p where p.corp_id = s.corp_id
      and p.planner = 'mass-send:' || s.id and p.resumed_at is null)`.execute(ctx.db);
}

/** One round of the worker: interrupted tasks first, then due ones. Returns how many it handled. */
export async function submitDue(ctx: Ctx, limit = 8): Promise<number> {
  const now = new Date(ctx.clock.now());
  await resumeSends(ctx);
  const stuck = (await ctx.db
    .selectFrom("mass_send_tasks as t")
    .select(taskColumns)
    .where("t.status", "=", "submitting")
    .orderBy("t.id")
    .limit(limit)
    .execute()) as TaskRow[];
  let done = 0;
  for (const t of stuck) if (await reconcileTask(ctx, t)) done++;
  const due = (await ctx.db
    .selectFrom("mass_send_tasks as t")
    .innerJoin("mass_sends as s", "s.id", "t.mass_send_id")
    .select(taskColumns)
    .where("t.status", "=", "planned")
    .where("t.not_before", "<=", now)
    .where("s.status", "in", ["scheduled", "sending"])
    .orderBy("t.not_before")
    .orderBy("t.id")
    .limit(limit)
    .execute()) as TaskRow[];
  for (const t of due) if (await submitTask(ctx, t)) done++;
  return done;
}
