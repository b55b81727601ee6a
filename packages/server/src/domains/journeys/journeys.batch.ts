// Due steps a batch at a time, set-based, in the transaction that claimed the rows (journeys.scan.ts): the same
// decisions as one enrolment at a time (journeys.step.ts) — an opt-out or the line's tagged / stage / replied rule
// ends the line first, then the line's cap, then the step's message planned as an outbox row (idempotency key per
// enrolment, version and step; planner `journey:<id>` so the send gate's quotas, caps, quiet hours, opt-outs and
// sender restrictions apply when the dispatcher takes it) — but with one query per kind of fact for the whole
// batch, one insert for the outbox rows, one for the step log and one update moving the enrolments on.
// Steps whose content needs more than the customer's and staff member's names (SMS phones, store names, coupon
// codes) are filled one at a time by journey-content.ts.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { pendingTakeovers } from "../inheritance/inheritance.pending.ts";
import { CUSTOMER_MESSAGE_CHANNEL } from "../outbox/customer-message.channel.ts";
import { SMS_CHANNEL } from "../outbox/sms.channel.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { stepMessage } from "./journey-content.ts";
import { applyExit } from "./journey-exits.ts";
import type { JourneyRule, LineCap } from "./journey-rules.schemas.ts";
import { deliveryTime, stepDueAt } from "./journey-time.ts";
import { timingOf } from "./journeys.enrol.ts";
import type { DueRow } from "./journeys.step.ts";

const DAY = 86_400_000;
/** A plain exit (an opt-out). */
const EXIT: JourneyRule = { when: "ordered", action: "exit" };

interface Line {
  rules: JourneyRule[];
  cap: LineCap | null;
}

async function loadLines(db: Db, ids: string[]): Promise<Map<string, Line>> {
  const rows = await db
    .selectFrom("journeys")
    .select(["id", "rules", "cap"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [String(r.id), { rules: r.rules, cap: r.cap }]));
}

/** Keys (`<row index>`) of the rows whose customer opted out. */
async function optedOut(db: Db, rows: DueRow[]): Promise<Set<number>> {
  const { rows: hits } = await sql<{ i: number }>`
    select u.i from unnest(${rows.map((_, i) => i)}::int[], ${rows.map((r) => r.corp_id)}::text[],
      ${rows.map((r) => r.external_userid)}::text[]) as u(i, corp, ext)
    where exists (select 1 from opt_outs o where o.corp_id = u.corp and o.external_userid = u.ext)`.execute(
    db,
  );
  return new Set(hits.map((h) => h.i));
}

/**
 * For rows on lines with tagged / stage / replied rules: the first rule (in the line's order) that holds for
 * something that happened since the customer enrolled.
 */
async function firstRuleHit(db: Db, rows: DueRow[], lines: Map<string, Line>): Promise<Map<number, number>> {
  const probes: {
    tagged: [number, number, string][];
    stage: [number, number, string][];
    replied: [number, number][];
  } = { tagged: [], stage: [], replied: [] };
  rows.forEach((r, i) => {
    for (const [k, rule] of (lines.get(r.journey_id)?.rules ?? []).entries()) {
      if (rule.when === "tagged" && rule.tagId) probes.tagged.push([i, k, rule.tagId]);
      if (rule.when === "stage" && rule.stageId) probes.stage.push([i, k, rule.stageId]);
      if (rule.when === "replied") probes.replied.push([i, k]);
    }
  });
  const hits: { i: number; k: number }[] = [];
  const col = <T>(list: T[][], n: number) => list.map((p) => p[n]);
  const of = (list: [number, number, ...unknown[]][]) => ({
    i: col(list, 0) as number[],
    k: col(list, 1) as number[],
    corp: list.map((p) => rows[p[0]]!.corp_id),
    ext: list.map((p) => rows[p[0]]!.external_userid),
    cust: list.map((p) => rows[p[0]]!.customer_id),
    since: list.map((p) => rows[p[0]]!.enrolled_at),
  });
  if (probes.tagged.length > 0) {
    const p = of(probes.tagged);
    const tag = col(probes.tagged, 2) as string[];
    hits.push(
      ...(
        await sql<{ i: number; k: number }>`
        select u.i, u.k from unnest(${p.i}::int[], ${p.k}::int[], ${p.corp}::text[], ${p.ext}::text[],
          ${tag}::text[], ${p.since}::timestamptz[]) as u(i, k, corp, ext, tag, since)
        where exists (select 1 from follow_tags t where t.corp_id = u.corp and t.external_userid = u.ext
          and t.tag_id = u.tag and t.applied_at >= u.since)`.execute(db)
      ).rows,
    );
  }
  if (probes.stage.length > 0) {
    const p = of(probes.stage);
    const stage = col(probes.stage, 2) as string[];
    hits.push(
      ...(
        await sql<{ i: number; k: number }>`
        select u.i, u.k from unnest(${p.i}::int[], ${p.k}::int[], ${p.corp}::text[], ${p.cust}::bigint[],
          ${stage}::bigint[], ${p.since}::timestamptz[]) as u(i, k, corp, cust, stage, since)
        where exists (select 1 from customer_stages s where s.corp_id = u.corp and s.customer_id = u.cust
          and s.stage_id = u.stage and s.entered_at >= u.since)`.execute(db)
      ).rows,
    );
  }
  if (probes.replied.length > 0) {
    const p = of(probes.replied);
    hits.push(
      ...(
        await sql<{ i: number; k: number }>`
        select u.i, u.k from unnest(${p.i}::int[], ${p.k}::int[], ${p.corp}::text[], ${p.ext}::text[],
          ${p.since}::timestamptz[]) as u(i, k, corp, ext, since)
        where exists (select 1 from chat_messages m where m.corp_id = u.corp and m.external_userid = u.ext
          and m.from_customer and m.sent_at >= u.since)`.execute(db)
      ).rows,
    );
  }
  const first = new Map<number, number>();
  for (const h of hits) if ((first.get(h.i) ?? Number.POSITIVE_INFINITY) > h.k) first.set(h.i, h.k);
  return first;
}

/** Rows whose enrolment already had the line's cap of planned steps within the cap's window. */
async function overCap(db: Db, rows: DueRow[], lines: Map<string, Line>, now: Date): Promise<Set<number>> {
  const probe = rows.flatMap((r, i) => {
    const cap = lines.get(r.journey_id)?.cap;
    // Fewer steps behind it than the cap allows: it cannot be over the cap, so it is not looked up.
    return cap && r.step >= cap.messages
      ? [{ i, id: r.id, since: new Date(now.getTime() - cap.days * DAY), max: cap.messages }]
      : [];
  });
  if (probe.length === 0) return new Set();
  const { rows: hits } = await sql<{ i: number }>`
    select u.i from unnest(${probe.map((p) => p.i)}::int[], ${probe.map((p) => p.id)}::bigint[],
      ${probe.map((p) => p.since)}::timestamptz[], ${probe.map((p) => p.max)}::int[]) as u(i, id, since, max)
    where (select count(*) from journey_step_log l where l.enrollment_id = u.id and l.outcome = 'planned'
      and l.at > u.since) >= u.max`.execute(db);
  return new Set(hits.map((h) => h.i));
}

/** Customers' and staff members' names, for {name} and {staff_name}. */
async function names(db: Db, rows: DueRow[]) {
  const uses = (r: DueRow, p: string) => r.steps[r.step]?.content.text?.includes(p) ?? false;
  const custIds = [...new Set(rows.filter((r) => uses(r, "{name}")).map((r) => r.customer_id))];
  const senders = rows
    .filter((r) => r.sender && uses(r, "{staff_name}"))
    .map((r) => [r.corp_id, r.sender as string] as const);
  const [customers, members] = await Promise.all([
    custIds.length === 0
      ? []
      : db
          .selectFrom("customers")
          .select(["id", "name"])
          .where("corp_id", "in", [...new Set(rows.map((r) => r.corp_id))])
          .where("id", "in", custIds)
          .execute(),
    senders.length === 0
      ? { rows: [] }
      : sql<{ corp_id: string; userid: string; name: string }>`
        select m.corp_id, m.userid, m.name from members m
        join unnest(${senders.map((s) => s[0])}::text[], ${senders.map((s) => s[1])}::text[]) as u(corp, userid)
          on m.corp_id = u.corp and m.userid = u.userid`.execute(db),
  ]);
  const customer = new Map(customers.map((c) => [String(c.id), c.name ?? ""]));
  const member = new Map(
    ("rows" in members ? members.rows : []).map((m) => [`${m.corp_id}\u0000${m.userid}`, m.name]),
  );
  return {
    customer: (r: DueRow) => customer.get(r.customer_id) ?? "",
    staff: (r: DueRow) => (r.sender ? (member.get(`${r.corp_id}\u0000${r.sender}`) ?? "") : ""),
  };
}

/** A step filled from the names alone: WeCom 1:1 with no {store_name} or {coupon_code}. */
const simple = (r: DueRow) => {
  const step = r.steps[r.step];
  const text = step?.content.text ?? "";
  return step?.channel !== "sms" && !text.includes("{store_name}") && !text.includes("{coupon_code}");
};

interface Move {
  id: string;
  step: number;
  status: "active" | "done" | "exited";
  next: Date | null;
  reason: string | null;
}

/** Plans each claimed enrolment's due step (or skips it, or ends the line) and moves it on, a batch at a time. */
export async function executeDueBatch(ctx: Ctx, rows: DueRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const trx = ctx.db;
  const settings = await loadGateSettings(trx, [...new Set(rows.map((r) => r.corp_id))]);
  const lines = await loadLines(trx, [...new Set(rows.map((r) => r.journey_id))]);
  const moves: Move[] = [];
  const live: number[] = [];
  /** A WeCom step whose customer has no member to send it. */
  const noStaff = (r: DueRow) => {
    const step = r.steps[r.step];
    return step !== undefined && (step.channel ?? "wecom") === "wecom" && !r.sender;
  };
  // Between owners (inheritance): the step waits for the takeover and the new owner sends it.
  const waiting = await pendingTakeovers(
    trx,
    rows.filter(noStaff).map((r) => ({ corpId: r.corp_id, externalUserid: r.external_userid })),
    now,
  );
  rows.forEach((r, i) => {
    if (!r.steps[r.step]) moves.push({ id: r.id, step: r.step, status: "done", next: null, reason: null });
    else if (noStaff(r)) {
      const until = waiting.get(`${r.corp_id}\u0000${r.external_userid}`);
      moves.push(
        until
          ? { id: r.id, step: r.step, status: "active", next: until, reason: null }
          : { id: r.id, step: r.step, status: "exited", next: null, reason: "no_staff" },
      );
    } else live.push(i);
  });
  const liveRows = live.map((i) => rows[i] as DueRow);
  const [opted, ruleHit, capped] = await Promise.all([
    optedOut(trx, liveRows),
    firstRuleHit(trx, liveRows, lines),
    overCap(trx, liveRows, lines, now),
  ]);
  const going: DueRow[] = [];
  const cappedRows: DueRow[] = [];
  for (const [j, r] of liveRows.entries()) {
    if (opted.has(j))
      moves.push({ id: r.id, step: r.step, status: "exited", next: null, reason: "opted_out" });
    else if (ruleHit.has(j)) {
      const rule = lines.get(r.journey_id)?.rules[ruleHit.get(j) as number] ?? EXIT;
      await applyExit(trx, r, rule, rule.when, now);
    } else if (capped.has(j)) cappedRows.push(r);
    else going.push(r);
  }
  const nm = await names(trx, going.filter(simple));
  const outbox: { r: DueRow; recipient: string; payload: Record<string, unknown>; channel: string }[] = [];
  const log: { r: DueRow; channel: string; outcome: "planned" | "skipped"; reason: string | null }[] = [];
  for (const r of cappedRows)
    log.push({ r, channel: r.steps[r.step]?.channel ?? "wecom", outcome: "skipped", reason: "cap" });
  for (const r of going) {
    const step = r.steps[r.step]!;
    const channel = step.channel ?? "wecom";
    let msg: { recipient: string; payload: Record<string, unknown> } | { skip: string };
    if (simple(r)) {
      const { couponPoolId: _pool, ...content } = step.content;
      const text = content.text?.replaceAll("{name}", nm.customer(r)).replaceAll("{staff_name}", nm.staff(r));
      const payload: Record<string, unknown> = { ...content, text };
      if (text === undefined) delete payload.text;
      msg = { recipient: r.external_userid, payload };
    } else
      msg = await stepMessage(
        trx,
        { corpId: r.corp_id, customerId: r.customer_id, externalUserid: r.external_userid, sender: r.sender },
        step,
        now,
      );
    if ("skip" in msg) log.push({ r, channel, outcome: "skipped", reason: msg.skip });
    else {
      outbox.push({ r, channel, ...msg });
      log.push({ r, channel, outcome: "planned", reason: null });
    }
  }
  for (const r of [...cappedRows, ...going]) {
    const next = r.steps[r.step + 1];
    const offset = settings.get(r.corp_id)?.tzOffsetMinutes ?? 480;
    moves.push({
      id: r.id,
      step: r.step + 1,
      status: next ? "active" : "done",
      next: next ? stepDueAt(r.enrolled_at, timingOf(next), offset) : null,
      reason: null,
    });
  }
  if (outbox.length > 0) {
    const notBefore = outbox.map(({ r }) => {
      const s = settings.get(r.corp_id);
      const quiet = s?.quietHours
        ? { startMinute: parseHhMm(s.quietHours.start), endMinute: parseHhMm(s.quietHours.end) }
        : null;
      return deliveryTime(r.next_due_at > now ? r.next_due_at : now, s?.tzOffsetMinutes ?? 480, quiet, null);
    });
    await sql`
      insert into outbox (corp_id, idempotency_key, planner, channel, recipient, sender, payload, not_before,
        created_at, updated_at)
      select u.corp, u.key, u.planner, u.channel, u.recipient, u.sender, u.payload::jsonb, u.not_before,
        ${now}, ${now}
      from unnest(${outbox.map((o) => o.r.corp_id)}::text[],
        ${outbox.map((o) => `journey:${o.r.id}:v${o.r.version}:s${o.r.step}`)}::text[],
        ${outbox.map((o) => `journey:${o.r.journey_id}`)}::text[],
        ${outbox.map((o) => (o.channel === "sms" ? SMS_CHANNEL : CUSTOMER_MESSAGE_CHANNEL))}::text[],
        ${outbox.map((o) => o.recipient)}::text[],
        ${outbox.map((o) => (o.channel === "sms" ? null : o.r.sender))}::text[],
        ${outbox.map((o) => JSON.stringify(o.payload))}::text[],
        ${notBefore}::timestamptz[])
        as u(corp, key, planner, channel, recipient, sender, payload, not_before)
      on conflict (corp_id, idempotency_key) do nothing`.execute(trx);
  }
  if (log.length > 0)
    await sql`
      insert into journey_step_log (corp_id, journey_id, enrollment_id, customer_id, version, step, channel,
        outcome, reason, at)
      select u.corp, u.journey, u.enrollment, u.customer, u.version, u.step, u.channel, u.outcome, u.reason, ${now}
      from unnest(${log.map((l) => l.r.corp_id)}::text[], ${log.map((l) => l.r.journey_id)}::bigint[],
        ${log.map((l) => l.r.id)}::bigint[], ${log.map((l) => l.r.customer_id)}::bigint[],
        ${log.map((l) => l.r.version)}::int[], ${log.map((l) => l.r.step)}::int[],
        ${log.map((l) => l.channel)}::text[], ${log.map((l) => l.outcome)}::text[],
        ${log.map((l) => l.reason)}::text[])
        as u(corp, journey, enrollment, customer, version, step, channel, outcome, reason)`.execute(trx);
  if (moves.length > 0)
    await sql`
      update journey_enrollments e
      set step = u.step, status = u.status, next_due_at = u.next,
        exit_reason = coalesce(u.reason, e.exit_reason), updated_at = ${now}
      from unnest(${moves.map((m) => m.id)}::bigint[], ${moves.map((m) => m.step)}::int[],
        ${moves.map((m) => m.status)}::text[], ${moves.map((m) => m.next)}::timestamptz[],
        ${moves.map((m) => m.reason)}::text[]) as u(id, step, status, next, reason)
      where e.id = u.id`.execute(trx);
}
