// One due step of a journey enrolment: planned as one outbox row (idempotency key per enrolment, version and step,
// so a crash and a re-run plan nothing twice; planner `journey:<id>` so the gate's quotas, caps and the churn watch
// apply) and the enrolment moved to its next step — in the transaction that claimed the row.
import type { Ctx } from "../../context.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../outbox/customer-message.channel.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { deliveryTime, stepDueAt } from "./journey-time.ts";
import type { StepInput } from "./journeys.schemas.ts";
import { timingOf } from "./journeys.service.ts";

export interface DueRow {
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

export /** Plans each claimed enrolment's due step and moves it to its next one (in the claiming transaction). */
async function executeDue(ctx: Ctx, rows: DueRow[], now: Date): Promise<void> {
  const trx = ctx.db;
  const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
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
    await planMessage(ctx, {
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
}
