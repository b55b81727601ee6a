// The follow-up scheduler, in the journeys' pattern: plans whose next round is due are claimed a batch at a time
// with FOR UPDATE SKIP LOCKED (several Siyu processes share the work, none takes a row another holds); each due
// round becomes a task for the member (once: unique per plan, branch and round), optionally announced to them by
// WeCom app message, and the plan moves to its next round in the same transaction. The same round also finds
// SLA breaches and alerts them (sla.scan.ts).
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { defaultGateSettings, loadGateSettings } from "../send-gate/gate-settings.ts";
import type { RoundInput } from "./followups.schemas.ts";
import { nextDue } from "./plan-time.ts";
import { alertBreaches, detectBreaches } from "./sla.scan.ts";

const BATCH = 200;

interface DuePlan {
  id: string;
  corp_id: string;
  external_userid: string;
  userid: string;
  branch: "main" | "fallback";
  rounds: RoundInput[];
  next_round: number;
  next_due_at: Date;
  branch_started_at: Date;
  remind: boolean;
  template_name: string;
  customer_name: string | null;
}

async function claimDue(trx: Db, now: Date, limit: number): Promise<DuePlan[]> {
  const { rows } = await sql<DuePlan>`
    select p.id::text, p.corp_id, p.external_userid, p.userid, p.branch, p.rounds, p.next_round, p.next_due_at,
      p.branch_started_at, t.remind, t.name as template_name, c.name as customer_name
    from followup_plans p
    join followup_templates t on t.id = p.template_id
    left join customers c on c.corp_id = p.corp_id and c.external_userid = p.external_userid
    where p.status = 'active' and p.next_due_at <= ${now}
    order by p.next_due_at
    limit ${limit}
    for update of p skip locked`.execute(trx);
  return rows;
}

/** Turns one batch of due rounds into tasks; returns how many plans moved. */
export async function runDuePlans(ctx: Ctx, limit = BATCH): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await claimDue(trx, now, limit);
    if (rows.length === 0) return 0;
    const tctx: Ctx = { ...ctx, db: trx };
    const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
    for (const p of rows) {
      const offset = (settings.get(p.corp_id) ?? defaultGateSettings).tzOffsetMinutes;
      const round = p.rounds[p.next_round];
      if (round) {
        const task = await trx
          .insertInto("followup_tasks")
          .values({
            corp_id: p.corp_id,
            plan_id: p.id,
            userid: p.userid,
            external_userid: p.external_userid,
            branch: p.branch,
            round: p.next_round,
            name: round.name,
            script: round.script,
            due_at: p.next_due_at,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(["plan_id", "branch", "round"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (task && p.remind) {
          await planMessage(tctx, {
            corpId: p.corp_id,
            idempotencyKey: `followup-task:${task.id}`,
            planner: "followup",
            channel: APP_MESSAGE_CHANNEL,
            recipient: p.userid,
            sender: null,
            payload: {
              text: `【跟进提醒】「${p.template_name}」第 ${p.next_round + 1} 轮「${round.name}」：请跟进客户「${p.customer_name || p.external_userid}」。建议话术：${round.script}`,
            },
            notBefore: now,
            notAfter: null,
          });
        }
      }
      const next = p.next_round + 1;
      await trx
        .updateTable("followup_plans")
        .set({ next_round: next, next_due_at: nextDue(p.branch_started_at, p.rounds, next, offset) })
        .where("id", "=", p.id)
        .execute();
    }
    return rows.length;
  });
}

/** One scheduler round: due rounds into tasks, SLA deadlines checked, new breaches alerted. */
export async function followupRound(ctx: Ctx): Promise<number> {
  const moved = await runDuePlans(ctx);
  const checked = await detectBreaches(ctx);
  const alerted = await alertBreaches(ctx);
  return moved + checked + alerted;
}

export type FollowupScheduler = Poller;

export function startFollowupScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): FollowupScheduler {
  return startPoller("follow-up scheduler", ctx.log, () => followupRound(ctx), opts.idleDelayMs ?? 5_000);
}
