// The journey scheduler: due enrolments are claimed a batch at a time with FOR UPDATE SKIP LOCKED (several Siyu
// processes share the work, none takes a row another holds), each due step becomes one outbox row (idempotency key
// per enrolment, version and step, so a crash and a re-run plan nothing twice), and the row moves to its next
// step's due time — all in one transaction. Sending is the dispatcher's job, through the send gate.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { type Poller, startPoller } from "../../lib/poller.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../outbox/customer-message.channel.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { deliveryTime, stepDueAt } from "./journey-time.ts";
import type { StepInput } from "./journeys.schemas.ts";
import { timingOf } from "./journeys.service.ts";

const BATCH = 500;

interface DueRow {
  id: string;
  corp_id: string;
  journey_id: string;
  version: number;
  customer_id: string;
  external_userid: string;
  enrolled_at: Date;
  step: number;
  next_due_at: Date;
  steps: StepInput[];
  sender: string | null;
}

/** Runs one batch of due steps; returns how many enrolments it moved. */
export async function runDueJourneys(ctx: Ctx, limit = BATCH): Promise<number> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<DueRow>`
      select e.id::text, e.corp_id, e.journey_id::text, e.version, e.customer_id::text, e.external_userid,
        e.enrolled_at, e.step, e.next_due_at, v.steps,
        (select fr.userid from follow_relations fr
          where fr.corp_id = e.corp_id and fr.external_userid = e.external_userid and fr.status = 'active'
          order by fr.added_at desc nulls last limit 1) as sender
      from journey_enrollments e
      join journeys j on j.id = e.journey_id and j.status = 'active'
      join journey_versions v on v.journey_id = e.journey_id and v.version = e.version
      where e.status = 'active' and e.next_due_at <= ${now}
      order by e.next_due_at
      limit ${limit}
      for update of e skip locked`.execute(trx);
    if (rows.length === 0) return 0;
    const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
    const tx = { ...ctx, db: trx };
    for (const r of rows) {
      const step = r.steps[r.step];
      const s = settings.get(r.corp_id);
      const offset = s?.tzOffsetMinutes ?? 480;
      if (!step || !r.sender) {
        await trx
          .updateTable("journey_enrollments")
          .set({
            status: step ? "exited" : "done",
            exit_reason: step ? "no staff member follows the customer any more" : null,
            next_due_at: null,
            updated_at: now,
          })
          .where("id", "=", r.id)
          .execute();
        continue;
      }
      const quiet = s?.quietHours
        ? { startMinute: parseHhMm(s.quietHours.start), endMinute: parseHhMm(s.quietHours.end) }
        : null;
      await planMessage(tx, {
        corpId: r.corp_id,
        idempotencyKey: `journey:${r.id}:v${r.version}:s${r.step}`,
        planner: `journey:${r.journey_id}`,
        channel: CUSTOMER_MESSAGE_CHANNEL,
        recipient: r.external_userid,
        sender: r.sender,
        payload: { ...step.content },
        notBefore: deliveryTime(r.next_due_at > now ? r.next_due_at : now, offset, quiet, null),
        notAfter: null,
      });
      const next = r.steps[r.step + 1];
      await trx
        .updateTable("journey_enrollments")
        .set({
          step: r.step + 1,
          status: next ? "active" : "done",
          next_due_at: next ? stepDueAt(r.enrolled_at, timingOf(next), offset) : null,
          updated_at: now,
        })
        .where("id", "=", r.id)
        .execute();
    }
    return rows.length;
  });
}

export type JourneyScheduler = Poller;

export function startJourneyScheduler(ctx: Ctx, opts: { idleDelayMs?: number } = {}): JourneyScheduler {
  return startPoller("journey scheduler", ctx.log, () => runDueJourneys(ctx), opts.idleDelayMs ?? 5_000);
}
