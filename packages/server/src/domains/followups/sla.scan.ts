// SLA breaches, found once each deadline has passed: exchanges whose first-reply (or full-answer) deadline is
// due are claimed a batch at a time (FOR UPDATE SKIP LOCKED) and checked once — no reply by the deadline, or a
// customer message still unanswered at it, is a breach row (unique per exchange and kind). New breaches are
// then alerted once to the member's department leader by WeCom app message (when the corp's settings ask for
// it and the directory knows a leader); the row records whom it went to.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import { teamLeadOf } from "../sops/sops.escalate.ts";
import { loadSlaSettings } from "./sla.settings.ts";

const BATCH = 500;

/** Checks exchanges whose deadlines passed; returns how many checks ran. */
export async function detectBreaches(ctx: Ctx, limit = BATCH): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const first = await sql<{ n: number }>`
      with due as (
        select id from sla_exchanges where not first_checked and first_reply_due <= ${now}
        order by first_reply_due limit ${limit} for update skip locked
      ), marked as (
        update sla_exchanges x set first_checked = true from due where x.id = due.id
        returning x.*
      ), found as (
        insert into sla_breaches (corp_id, exchange_id, external_userid, userid, kind, opened_at, due_at,
          replied_at, detected_at)
        select corp_id, id, external_userid, userid, 'first_reply', opened_at, first_reply_due, first_reply_at,
          ${now}::timestamptz
        from marked where first_reply_at is null or first_reply_at > first_reply_due
        on conflict (exchange_id, kind) do nothing
      )
      select count(*)::int as n from marked`.execute(trx);
    const full = await sql<{ n: number }>`
      with due as (
        select id from sla_exchanges where not full_checked and full_answer_due <= ${now}
        order by full_answer_due limit ${limit} for update skip locked
      ), marked as (
        update sla_exchanges x set full_checked = true from due where x.id = due.id
        returning x.*
      ), found as (
        insert into sla_breaches (corp_id, exchange_id, external_userid, userid, kind, opened_at, due_at,
          replied_at, detected_at)
        select corp_id, id, external_userid, userid, 'full_answer', opened_at, full_answer_due,
          case when pending_since is null then answered_at end, ${now}::timestamptz
        from marked where pending_since is not null or answered_at > full_answer_due
        on conflict (exchange_id, kind) do nothing
      )
      select count(*)::int as n from marked`.execute(trx);
    return (first.rows[0]?.n ?? 0) + (full.rows[0]?.n ?? 0);
  });
}

const local = (d: Date, offsetMinutes: number) =>
  new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(5, 16).replace("T", " ");

/** Alerts one batch of new breaches; returns how many were handled. */
export async function alertBreaches(ctx: Ctx, limit = 200): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      id: string;
      corp_id: string;
      userid: string;
      external_userid: string;
      kind: "first_reply" | "full_answer";
      opened_at: Date;
      member_name: string | null;
      customer_name: string | null;
    }>`
      select b.id::text, b.corp_id, b.userid, b.external_userid, b.kind, b.opened_at,
        m.name as member_name, c.name as customer_name
      from sla_breaches b
      left join members m on m.corp_id = b.corp_id and m.userid = b.userid
      left join customers c on c.corp_id = b.corp_id and c.external_userid = b.external_userid
      where b.alerted_at is null
      order by b.detected_at
      limit ${limit}
      for update of b skip locked`.execute(trx);
    const tctx: Ctx = { ...ctx, db: trx };
    const corps = [...new Set(rows.map((r) => r.corp_id))];
    const gate = await loadGateSettings(trx, corps);
    const sla = new Map(
      await Promise.all(corps.map(async (c) => [c, await loadSlaSettings(trx, c)] as const)),
    );
    for (const b of rows) {
      const s = sla.get(b.corp_id)!;
      const lead = s.alertLeader ? await teamLeadOf(trx, b.corp_id, b.userid) : null;
      if (lead) {
        const what =
          b.kind === "first_reply"
            ? `${s.firstReplyMinutes} 分钟内未首次回复`
            : `${s.fullAnswerMinutes} 分钟内未完整答复`;
        await planMessage(tctx, {
          corpId: b.corp_id,
          idempotencyKey: `sla-breach:${b.id}`,
          planner: "followup-sla",
          channel: APP_MESSAGE_CHANNEL,
          recipient: lead,
          sender: null,
          payload: {
            text: `【响应超时】${b.member_name || b.userid} 对客户「${b.customer_name || b.external_userid}」${local(b.opened_at, gate.get(b.corp_id)?.tzOffsetMinutes ?? 480)} 的消息${what}，请跟进。`,
          },
          notBefore: now,
          notAfter: null,
        });
      }
      await trx
        .updateTable("sla_breaches")
        .set({ alerted_at: now, alerted_to: lead })
        .where("id", "=", b.id)
        .execute();
    }
    return rows.length;
  });
}
