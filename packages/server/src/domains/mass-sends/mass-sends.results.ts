// What happened to a mass send after its tasks reached WeCom: get_groupmsg_task (has the member sent it?) and
// get_groupmsg_send_result per sender (status 1 sent, 2 not a friend, 3 the recipient's quota was used, 0 not sent)
// into recipient statuses and the report; reminders (WeCom allows 3 per task per 24 h) and cancelling.
import { WeComApiError } from "@siyu/wecom";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import * as repo from "./mass-sends.repository.ts";
import { requireSend } from "./mass-sends.service.ts";
import { submitDue } from "./mass-sends.submit.ts";

const POLL_MS = 60_000;
const STATUS = { 1: "sent", 2: "not_friend", 3: "quota" } as const;

async function updateRecipients(
  ctx: Ctx,
  massSendId: string,
  taskId: string,
  rows: { recipient: string[]; status: string[]; reason: (string | null)[]; sentAt: (string | null)[] },
): Promise<void> {
  for (let i = 0; i < rows.recipient.length; i += 20_000) {
    const s = (a: unknown[]) => a.slice(i, i + 20_000);
    await sql`update mass_send_recipients r set status = v.status, reason = v.reason, sent_at = v.sent_at
      from unnest(${s(rows.recipient)}::text[], ${s(rows.status)}::text[], ${s(rows.reason)}::text[],
        ${s(rows.sentAt)}::timestamptz[]) v(recipient, status, reason, sent_at)
      where r.mass_send_id = ${massSendId} and r.task_id = ${taskId} and r.recipient = v.recipient
        and (r.status, r.reason, r.sent_at) is distinct from (v.status, v.reason, v.sent_at)`.execute(ctx.db);
  }
}

/**
 * Pulls tasks' results into recipient statuses and the report: `open` (the poller) only tasks whose member has not
 * sent yet (a confirmed task's results were pulled when it was seen confirmed); `all` every task with a msgid.
 */
export async function refreshResults(
  ctx: Ctx,
  corpId: string,
  id: string,
  which: "open" | "all" = "all",
): Promise<void> {
  const send = await requireSend(ctx, corpId, id);
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const tasks = (await repo.tasksOf(ctx.db, id)).filter(
    (t) =>
      t.msgid &&
      (t.status === "submitted" ||
        (which === "all" && (t.status === "confirmed" || t.status === "cancelled"))),
  );
  let open = false;
  for (const t of tasks) {
    const msgid = t.msgid as string;
    let confirmed = t.status === "confirmed";
    if (!confirmed) {
      for await (const m of client.massMessage.tasks(msgid))
        if (m.userid === t.sender && m.status === 2) confirmed = true;
    }
    const rows = {
      recipient: [] as string[],
      status: [] as string[],
      reason: [] as (string | null)[],
      sentAt: [] as (string | null)[],
    };
    const notReceived: string[] = [];
    let sent = 0;
    for await (const r of client.massMessage.sendResults(msgid, t.sender)) {
      const recipient = r.external_userid ?? r.chat_id ?? "";
      const status: string = STATUS[r.status as 1 | 2 | 3] ?? "unconfirmed";
      rows.recipient.push(recipient);
      rows.status.push(status);
      rows.sentAt.push(r.status === 1 && r.send_time ? new Date(r.send_time * 1000).toISOString() : null);
      rows.reason.push(
        status === "not_friend"
          ? `no longer ${t.sender}'s customer when it was sent`
          : status === "quota"
            ? "WeCom: the recipient had already received its quota of mass messages"
            : status === "unconfirmed"
              ? t.status === "cancelled"
                ? `cancelled before ${t.sender} sent it`
                : `waiting for ${t.sender} to send it in WeCom`
              : null,
      );
      if (r.status === 1) sent++;
      if (r.status === 2 || r.status === 3 || (r.status === 0 && t.status === "cancelled"))
        notReceived.push(recipient);
    }
    await updateRecipients(ctx, id, t.id, rows);
    if (notReceived.length > 0)
      await sql`delete from recipient_touches where corp_id = ${corpId} and planner = ${`mass-send:${id}`}
        and recipient = any(${notReceived}::text[])`.execute(ctx.db);
    await ctx.db
      .updateTable("mass_send_tasks")
      .set({ sent, ...(confirmed && t.status === "submitted" ? { status: "confirmed" as const } : {}) })
      .where("id", "=", t.id)
      .execute();
    if (!confirmed && t.status !== "cancelled") open = true;
  }
  const pending = await ctx.db
    .selectFrom("mass_send_tasks")
    .select("id")
    .where("mass_send_id", "=", id)
    .where("status", "in", ["planned", "submitting"])
    .executeTakeFirst();
  const now = ctx.clock.now();
  await ctx.db
    .updateTable("mass_sends")
    .set({
      results_at: new Date(now),
      next_poll_at: (open || pending) && send.status !== "cancelled" ? new Date(now + POLL_MS) : null,
    })
    .where("id", "=", id)
    .execute();
  await repo.refreshReport(ctx.db, id);
}

/** Re-notifies members who have not sent their part; WeCom allows 3 reminders per task in 24 h. */
export async function remind(ctx: Ctx, corpId: string, id: string): Promise<{ reminded: number }> {
  await requireSend(ctx, corpId, id);
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const now = ctx.clock.now();
  const tasks = (await repo.tasksOf(ctx.db, id)).filter((t) => t.msgid && t.status === "submitted");
  let reminded = 0;
  for (const t of tasks) {
    const recent = t.reminds.filter((at) => at.getTime() > now - 86_400_000);
    if (recent.length >= 3) continue;
    try {
      await client.massMessage.remind(t.msgid as string);
    } catch (err) {
      if (err instanceof WeComApiError && (err.errcode === 41094 || err.errcode === 41093)) continue;
      throw err;
    }
    reminded++;
    await ctx.db
      .updateTable("mass_send_tasks")
      .set({ reminds: [...recent, new Date(now)] })
      .where("id", "=", t.id)
      .execute();
  }
  if (reminded === 0)
    throw new AppError(
      "MASS_SEND_REMIND_LIMIT",
      tasks.length === 0
        ? "no member has anything left to send"
        : "every waiting member was already reminded 3 times in the last 24 hours",
    );
  return { reminded };
}

/** Stops the send: tasks not yet submitted are dropped, submitted ones cancelled in WeCom. */
export async function cancel(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const send = await requireSend(ctx, corpId, id);
  const tasks = await repo.tasksOf(ctx.db, id);
  const live = tasks.filter(
    (t) => t.status === "planned" || t.status === "submitting" || t.status === "submitted",
  );
  if (send.status === "cancelled" || send.status === "failed" || live.length === 0)
    throw new AppError(
      "MASS_SEND_NOT_CANCELLABLE",
      send.status === "cancelled"
        ? "the mass send is already cancelled"
        : "every part of it was already sent",
    );
  await repo.setStatus(ctx.db, id, "cancelled");
  const client = await ctx.wecom.forCorp(ctx, corpId);
  for (const t of live) {
    // Waits for a submission in progress (its lock), so nothing is submitted after the cancel.
    await ctx.db.connection().execute(async (conn) => {
      const key = sql`hashtextextended(${`mass-task:${t.id}`}, 0)`;
      await sql`select pg_advisory_lock(${key})`.execute(conn);
      try {
        const fresh = await conn
          .selectFrom("mass_send_tasks")
          .select(["status", "msgid"])
          .where("id", "=", t.id)
          .executeTakeFirstOrThrow();
        if (fresh.status === "planned") {
          await conn
            .updateTable("mass_send_tasks")
            .set({ status: "cancelled" })
            .where("id", "=", t.id)
            .execute();
          await conn
            .updateTable("mass_send_recipients")
            .set({ status: "dropped", reason: "the mass send was cancelled before it went out" })
            .where("task_id", "=", t.id)
            .execute();
        } else if (fresh.status === "submitted" && fresh.msgid) {
          try {
            await client.massMessage.cancel(fresh.msgid);
          } catch (err) {
            if (!(err instanceof WeComApiError && err.errcode === 41093)) throw err;
          }
          await conn
            .updateTable("mass_send_tasks")
            .set({ status: "cancelled" })
            .where("id", "=", t.id)
            .execute();
        }
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(conn);
      }
    });
  }
  await refreshResults(ctx, corpId, id);
}

/** The mass-send worker: submits due tasks (and reconciles interrupted ones), then pulls results that are due. */
export function startMassSendWorker(ctx: Ctx, opts: { idleDelayMs?: number } = {}): Poller {
  return startPoller(
    "mass sends",
    ctx.log,
    async () => {
      let n = await submitDue(ctx);
      const due = await ctx.db
        .selectFrom("mass_sends")
        .select(["id", "corp_id"])
        .where("next_poll_at", "<=", new Date(ctx.clock.now()))
        .orderBy("next_poll_at")
        .limit(1)
        .executeTakeFirst();
      if (due) {
        try {
          await refreshResults(ctx, due.corp_id, due.id, "open");
        } catch (err) {
          ctx.log.warn({ err, massSendId: due.id }, "mass send: pulling results failed; retrying later");
          await ctx.db
            .updateTable("mass_sends")
            .set({ next_poll_at: new Date(ctx.clock.now() + POLL_MS) })
            .where("id", "=", due.id)
            .execute();
        }
        n++;
      }
      return n;
    },
    opts.idleDelayMs ?? 500,
  );
}
