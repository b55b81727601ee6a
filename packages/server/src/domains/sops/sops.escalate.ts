// Overdue SOP tasks escalate once: the task is claimed (FOR UPDATE SKIP LOCKED), the owner's team lead is found
// in the synced directory — a member who leads the owner's main department, else its parent, and so on up — and
// told by WeCom app message; the task records whom it went to (null when no leader is known).
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";

const BATCH = 200;

/** The owner's department leader (nearest up the department tree), if the directory knows one. */
export async function teamLeadOf(db: Db, corpId: string, userid: string): Promise<string | null> {
  const { rows } = await sql<{ userid: string }>`
    with recursive chain(id, depth) as (
      select coalesce(m.main_department, m.departments[1]), 0 from members m
        where m.corp_id = ${corpId} and m.userid = ${userid}
      union all
      select d.parent_id, c.depth + 1 from chain c
        join departments d on d.corp_id = ${corpId} and d.id = c.id
        where d.parent_id > 0 and c.depth < 30
    )
    select l.userid from chain c
      join members l on l.corp_id = ${corpId} and c.id = any(l.leader_in)
    where l.userid <> ${userid} and not l.removed and l.status = 1
    order by c.depth, l.userid
    limit 1`.execute(db);
  return rows[0]?.userid ?? null;
}

interface Overdue {
  id: string;
  corp_id: string;
  owner: string;
  targets: string[];
  chat_id: string | null;
  deadline_at: Date;
  sop_name: string;
  owner_name: string | null;
  group_name: string | null;
}

const local = (d: Date, offsetMinutes: number) =>
  new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(5, 16).replace("T", " ");

/** Escalates one batch of overdue open tasks; returns how many. */
export async function escalateOverdue(ctx: Ctx, limit = BATCH): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<Overdue>`
      select t.id::text, t.corp_id, t.owner, t.targets, t.chat_id, t.deadline_at, s.name as sop_name,
        m.name as owner_name, g.name as group_name
      from sop_tasks t
      join sops s on s.id = t.sop_id
      left join members m on m.corp_id = t.corp_id and m.userid = t.owner
      left join customer_groups g on g.corp_id = t.corp_id and g.chat_id = t.chat_id
      where t.status = 'open' and t.escalated_at is null and t.deadline_at <= ${now}
      order by t.deadline_at
      limit ${limit}
      for update of t skip locked`.execute(trx);
    const tctx: Ctx = { ...ctx, db: trx };
    const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
    for (const t of rows) {
      const lead = await teamLeadOf(trx, t.corp_id, t.owner);
      if (lead) {
        const what = t.chat_id ? `群「${t.group_name || t.chat_id}」` : `${t.targets.length} 位客户`;
        await planMessage(tctx, {
          corpId: t.corp_id,
          idempotencyKey: `sop-escalate:${t.id}`,
          planner: "sop-escalation",
          channel: APP_MESSAGE_CHANNEL,
          recipient: lead,
          sender: null,
          payload: {
            text: `【SOP 超时】${t.owner_name || t.owner} 未在 ${local(t.deadline_at, settings.get(t.corp_id)?.tzOffsetMinutes ?? 480)} 前完成「${t.sop_name}」（${what}），请跟进。`,
          },
          notBefore: now,
          notAfter: null,
        });
      }
      await trx
        .updateTable("sop_tasks")
        .set({ escalated_at: now, escalated_to: lead })
        .where("id", "=", t.id)
        .execute();
    }
    return rows.length;
  });
}
