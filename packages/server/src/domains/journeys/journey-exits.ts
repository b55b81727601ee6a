// What ends or branches a customer's line: a paid order (orders call exitOnOrders), a reply (the message intake
// calls afterJourneyMessages), a tag added or a stage reached since enrolment and an opt-out (checked when a step
// falls due, before anything is sent). The line's rule decides: exit, move to another line, or a task for staff.
// Every exit keeps its reason on the enrolment. Runs in the caller's transaction.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { JourneyRule } from "./journey-rules.schemas.ts";
import { enrollCustomers } from "./journeys.enrol.ts";

export interface EnrolmentRef {
  id: string;
  corp_id: string;
  journey_id: string;
  customer_id: string;
  external_userid: string;
}

/** A plain exit: orders on a line without an "ordered" rule, and opt-outs. */
const EXIT: JourneyRule = { when: "ordered", action: "exit" };

/** Ends the enrolment for `reason` and does what the rule says (a move starts the other line at `at`). */
export async function applyExit(
  db: Db,
  e: EnrolmentRef,
  rule: JourneyRule,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable("journey_enrollments")
    .set({
      status: "exited",
      exit_reason: reason,
      moved_to: rule.action === "move" ? (rule.journeyId ?? null) : null,
      next_due_at: null,
      updated_at: at,
    })
    .where("id", "=", e.id)
    .where("status", "=", "active")
    .execute();
  if (rule.action === "move" && rule.journeyId)
    await enrollCustomers(
      db,
      e.corp_id,
      rule.journeyId,
      [{ id: e.customer_id, external_userid: e.external_userid }],
      `journey:${e.journey_id}`,
      at,
    );
  if (rule.action === "task") {
    const staff = await db
      .selectFrom("follow_relations")
      .select("userid")
      .where("corp_id", "=", e.corp_id)
      .where("external_userid", "=", e.external_userid)
      .where("status", "=", "active")
      .orderBy("added_at", "desc")
      .executeTakeFirst();
    await db
      .insertInto("journey_tasks")
      .values({
        corp_id: e.corp_id,
        journey_id: e.journey_id,
        enrollment_id: e.id,
        customer_id: e.customer_id,
        external_userid: e.external_userid,
        userid: staff?.userid ?? null,
        reason,
        created_at: at,
      })
      .onConflict((oc) => oc.column("enrollment_id").doNothing())
      .execute();
  }
}

/** Ends (or branches) the lines of customers with a paid order placed after they enrolled (lines that exit on order). */
export async function exitOnOrders(db: Db, corpId: string, customerIds: string[]): Promise<number> {
  if (customerIds.length === 0) return 0;
  const { rows } = await sql<EnrolmentRef & { rules: JourneyRule[]; ordered_at: Date }>`
    select e.id::text, e.corp_id, e.journey_id::text, e.customer_id::text, e.external_userid, j.rules, o.ordered_at
    from journey_enrollments e
    join journeys j on j.id = e.journey_id and j.exit_on_order
    join lateral (select max(ordered_at) as ordered_at from orders o where o.corp_id = e.corp_id
      and o.customer_id = e.customer_id and o.status = 'paid' and o.ordered_at >= e.enrolled_at) o on true
    where e.corp_id = ${corpId} and e.customer_id = any(${customerIds}::bigint[]) and e.status = 'active'
      and o.ordered_at is not null
    for update of e`.execute(db);
  for (const r of rows)
    await applyExit(db, r, r.rules.find((x) => x.when === "ordered") ?? EXIT, "ordered", r.ordered_at);
  return rows.length;
}

/** Customers sent messages: lines with a "replied" rule end (or branch) for those who wrote after enrolling. */
export async function afterJourneyMessages(
  db: Db,
  corpId: string,
  messages: Array<{ externalUserId: string; sentAt: Date }>,
): Promise<number> {
  const latest = new Map<string, Date>();
  for (const m of messages) {
    const seen = latest.get(m.externalUserId);
    if (!seen || m.sentAt > seen) latest.set(m.externalUserId, m.sentAt);
  }
  if (latest.size === 0) return 0;
  const { rows } = await sql<EnrolmentRef & { rules: JourneyRule[]; enrolled_at: Date }>`
    select e.id::text, e.corp_id, e.journey_id::text, e.customer_id::text, e.external_userid, j.rules, e.enrolled_at
    from journey_enrollments e
    join journeys j on j.id = e.journey_id and j.rules @> '[{"when":"replied"}]'::jsonb
    where e.corp_id = ${corpId} and e.external_userid = any(${[...latest.keys()]}::text[]) and e.status = 'active'
    for update of e`.execute(db);
  let n = 0;
  for (const r of rows) {
    const at = latest.get(r.external_userid)!;
    if (at < r.enrolled_at) continue;
    await applyExit(db, r, r.rules.find((x) => x.when === "replied")!, "replied", at);
    n++;
  }
  return n;
}

/**
 * When a step falls due: the first reason to stop before sending — an opt-out (always ends the line), then the
 * line's tagged / stage / replied rules, each true only for something that happened since enrolment.
 */
export async function stopBeforeStep(
  db: Db,
  e: EnrolmentRef & { enrolled_at: Date },
  rules: JourneyRule[],
): Promise<{ rule: JourneyRule; reason: string } | null> {
  const optedOut = await db
    .selectFrom("opt_outs")
    .select("opted_out_at")
    .where("corp_id", "=", e.corp_id)
    .where("external_userid", "=", e.external_userid)
    .executeTakeFirst();
  if (optedOut) return { rule: EXIT, reason: "opted_out" };
  for (const r of rules) {
    if (r.when === "tagged" && r.tagId) {
      const t = await db
        .selectFrom("follow_tags")
        .select("tag_id")
        .where("corp_id", "=", e.corp_id)
        .where("external_userid", "=", e.external_userid)
        .where("tag_id", "=", r.tagId)
        .where("applied_at", ">=", e.enrolled_at)
        .executeTakeFirst();
      if (t) return { rule: r, reason: "tagged" };
    }
    if (r.when === "stage" && r.stageId) {
      const s = await db
        .selectFrom("customer_stages")
        .select("stage_id")
        .where("corp_id", "=", e.corp_id)
        .where("customer_id", "=", e.customer_id)
        .where("stage_id", "=", r.stageId)
        .where("entered_at", ">=", e.enrolled_at)
        .executeTakeFirst();
      if (s) return { rule: r, reason: "stage" };
    }
    if (r.when === "replied") {
      const m = await db
        .selectFrom("chat_messages")
        .select("msgid")
        .where("corp_id", "=", e.corp_id)
        .where("external_userid", "=", e.external_userid)
        .where("from_customer", "=", true)
        .where("sent_at", ">=", e.enrolled_at)
        .executeTakeFirst();
      if (m) return { rule: r, reason: "replied" };
    }
  }
  return null;
}
