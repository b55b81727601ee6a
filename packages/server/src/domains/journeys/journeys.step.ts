// One due step of a journey enrolment, in the transaction that claimed the row: first whatever ends the line
// (an opt-out, the line's tagged / stage / replied rules — journey-exits.ts), then the line's cap, then the
// message for the step's channel (journey-content.ts) planned as one outbox row (idempotency key per enrolment,
// version and step, so a crash and a re-run plan nothing twice; planner `journey:<id>` so the gate's quotas, caps
// and the churn watch apply). A step the customer cannot get is skipped with its reason in journey_step_log;
// either way the enrolment moves to its next step.
// This is the decision one enrolment at a time, a query or two per fact: the scheduler runs the same decision a
// batch at a time (journeys.batch.ts); bench/journeys measures this one as its baseline. Change both together.
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { pendingTakeover } from "../inheritance/inheritance.pending.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../outbox/customer-message.channel.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { SMS_CHANNEL } from "../outbox/sms.channel.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { stepMessage } from "./journey-content.ts";
import { applyExit, stopBeforeStep } from "./journey-exits.ts";
import type { JourneyRule, LineCap } from "./journey-rules.schemas.ts";
import { deliveryTime, stepDueAt } from "./journey-time.ts";
import { timingOf } from "./journeys.enrol.ts";
import type { StepInput } from "./journeys.schemas.ts";

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

const DAY = 86_400_000;

async function lineRules(db: Db, ids: string[]) {
  const rows = await db
    .selectFrom("journeys")
    .select(["id", "rules", "cap"])
    .where("id", "in", ids)
    .execute();
  return new Map(
    rows.map((r) => [String(r.id), { rules: r.rules as JourneyRule[], cap: r.cap as LineCap | null }]),
  );
}

async function overCap(db: Db, r: DueRow, cap: LineCap | null, now: Date): Promise<boolean> {
  if (!cap) return false;
  const sent = await db
    .selectFrom("journey_step_log")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("enrollment_id", "=", r.id)
    .where("outcome", "=", "planned")
    .where("at", ">", new Date(now.getTime() - cap.days * DAY))
    .executeTakeFirstOrThrow();
  return Number(sent.n) >= cap.messages;
}

async function log(
  db: Db,
  r: DueRow,
  channel: string,
  outcome: "planned" | "skipped",
  reason: string | null,
  at: Date,
) {
  await db
    .insertInto("journey_step_log")
    .values({
      corp_id: r.corp_id,
      journey_id: r.journey_id,
      enrollment_id: r.id,
      customer_id: r.customer_id,
      version: r.version,
      step: r.step,
      channel,
      outcome,
      reason,
      at,
    })
    .execute();
}

/** Plans each claimed enrolment's due step (or skips it, or ends the line) and moves it on (in the claiming transaction). */
export async function executeDue(ctx: Ctx, rows: DueRow[], now: Date): Promise<void> {
  const trx = ctx.db;
  const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
  const lines = await lineRules(trx, [...new Set(rows.map((r) => r.journey_id))]);
  for (const r of rows) {
    const step = r.steps[r.step];
    const s = settings.get(r.corp_id);
    const offset = s?.tzOffsetMinutes ?? 480;
    const channel = step?.channel ?? "wecom";
    if (!step || (channel === "wecom" && !r.sender)) {
      // Between owners (inheritance): wait for the takeover; the new owner sends this step.
      const until = step ? await pendingTakeover(trx, r.corp_id, r.external_userid, now) : null;
      if (until) {
        await trx
          .updateTable("journey_enrollments")
          .set({ next_due_at: until, updated_at: now })
          .where("id", "=", r.id)
          .execute();
        continue;
      }
      await trx
        .updateTable("journey_enrollments")
        .set({
          status: step ? "exited" : "done",
          exit_reason: step ? "no_staff" : null,
          next_due_at: null,
          updated_at: now,
        })
        .where("id", "=", r.id)
        .execute();
      continue;
    }
    const line = lines.get(r.journey_id) ?? { rules: [], cap: null };
    const stop = await stopBeforeStep(trx, r, line.rules);
    if (stop) {
      await applyExit(trx, r, stop.rule, stop.reason, now);
      continue;
    }
    const msg = (await overCap(trx, r, line.cap, now))
      ? { skip: "cap" }
      : await stepMessage(
          trx,
          {
            corpId: r.corp_id,
            customerId: r.customer_id,
            externalUserid: r.external_userid,
            sender: r.sender,
          },
          step,
          now,
        );
    if ("skip" in msg) await log(trx, r, channel, "skipped", msg.skip, now);
    else {
      const quiet = s?.quietHours
        ? { startMinute: parseHhMm(s.quietHours.start), endMinute: parseHhMm(s.quietHours.end) }
        : null;
      await planMessage(ctx, {
        corpId: r.corp_id,
        idempotencyKey: `journey:${r.id}:v${r.version}:s${r.step}`,
        planner: `journey:${r.journey_id}`,
        channel: channel === "sms" ? SMS_CHANNEL : CUSTOMER_MESSAGE_CHANNEL,
        recipient: msg.recipient,
        sender: channel === "sms" ? null : r.sender,
        payload: msg.payload,
        notBefore: deliveryTime(r.next_due_at > now ? r.next_due_at : now, offset, quiet, null),
        notAfter: null,
      });
      await log(trx, r, channel, "planned", null, now);
    }
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
