// The SOP scheduler, in the journeys' pattern: due calendar entries are claimed a batch at a time with FOR UPDATE
// SKIP LOCKED (several Siyu processes share the work, none takes a row another holds); each firing makes its
// tasks (sops.fire.ts) and moves the entry to its next firing in the same transaction. Overdue tasks are claimed
// the same way and escalated once to the owner's department leader (sops.escalate.ts); auto tasks are marked
// done when WeCom reports that the owner confirmed the mass send.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { defaultGateSettings, loadGateSettings } from "../send-gate/gate-settings.ts";
import { firingAfter } from "./sop-time.ts";
import { detectCompletions } from "./sops.detect.ts";
import { escalateOverdue } from "./sops.escalate.ts";
import { type DueRule, fireRule } from "./sops.fire.ts";

const BATCH = 100;

async function claimDue(trx: Db, now: Date, limit: number): Promise<DueRule[]> {
  const { rows } = await sql<DueRule>`
    select r.id::text, r.corp_id, r.sop_id::text, r.schedule, r.content, r.next_due_at,
      s.name, s.kind, s.mode, s.audience, s.deadline_hours
    from sop_rules r
    join sops s on s.id = r.sop_id and s.status = 'active'
    where r.next_due_at <= ${now}
    order by r.next_due_at
    limit ${limit}
    for update of r skip locked`.execute(trx);
  return rows;
}

/** Fires one batch of due SOP entries; returns how many entries fired. */
export async function runDueSops(ctx: Ctx, limit = BATCH): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await claimDue(trx, now, limit);
    if (rows.length === 0) return 0;
    const tctx: Ctx = { ...ctx, db: trx };
    const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
    for (const r of rows) {
      const s = settings.get(r.corp_id) ?? defaultGateSettings;
      await fireRule(tctx, r, now, s);
      await trx
        .updateTable("sop_rules")
        .set({
          next_due_at: firingAfter(r.schedule, r.next_due_at, now, s.tzOffsetMinutes),
          last_fired_at: r.next_due_at,
        })
        .where("id", "=", r.id)
        .execute();
    }
    return rows.length;
  });
}

/** One scheduler round: fire due entries, escalate overdue tasks, look for confirmed mass sends. */
export async function sopRound(ctx: Ctx): Promise<number> {
  const fired = await runDueSops(ctx);
  const escalated = await escalateOverdue(ctx);
  const detected = await detectCompletions(ctx);
  return fired + escalated + detected;
}

export type SopScheduler = Poller;

export function startSopScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): SopScheduler {
  return startPoller("sop scheduler", ctx.log, () => sopRound(ctx), opts.idleDelayMs ?? 5_000);
}
