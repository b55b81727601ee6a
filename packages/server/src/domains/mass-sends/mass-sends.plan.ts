// Planning a mass send: the audience (a saved segment's customers, each with one sender — the member of their
// most recently added active follow relation —, or chosen groups with their owners), the send gate's verdict for
// every recipient at the send's time, and the WeCom tasks that follow: per sender, ≤ 10,000 customers or ≤ 2,000
// groups per add_msg_template call; recipients the gate defers go into a later task at the time it names (or are
// dropped when the send does not wait past its day). Facts are loaded in bulk and the gate runs in memory, so a
// million recipients plan in about a second or two (bench/send-plan.ts).
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { segmentCounter } from "../segments/segments.counter.ts";
import { CORP_WIDE_ABOVE, type GateFacts, loadFactsFor } from "../send-gate/gate-facts.ts";
import type { GateSettings } from "../send-gate/gate-settings.ts";
import { type GateVerdict, type OutgoingMessage, type SendGate, sendGate } from "../send-gate/send-gate.ts";
import type { MassTarget } from "./mass-sends.schemas.ts";

export const NOW = 0;
export const DEFERRED = 1;
export const DROPPED = 2;

/** The audience as parallel arrays (a million recipients stay cheap). */
export interface Audience {
  chatType: "single" | "group";
  recipients: string[];
  senders: (string | null)[];
}

export interface PlannedTask {
  sender: string;
  notBefore: Date;
  /** Indexes into the plan's arrays. */
  members: number[];
}

export interface Plan extends Audience {
  action: Uint8Array;
  rule: (string | null)[];
  reason: (string | null)[];
  tasks: PlannedTask[];
  ms: number;
}

const BATCH = 50_000;
const MINUTE = 60_000;

/** The audience of a target; a segment that no longer exists is a field error on the draft. */
export async function loadAudience(ctx: Ctx, corpId: string, target: MassTarget): Promise<Audience> {
  if (target.kind === "groups") {
    const rows = await ctx.db
      .selectFrom("customer_groups")
      .select(["chat_id", "owner"])
      .where("corp_id", "=", corpId)
      .where("chat_id", "in", target.chatIds)
      .where("dismissed_at", "is", null)
      .execute();
    const owner = new Map(rows.map((r) => [r.chat_id, r.owner]));
    const recipients = [...new Set(target.chatIds)];
    return { chatType: "group", recipients, senders: recipients.map((id) => owner.get(id) ?? null) };
  }
  const seg = await ctx.db
    .selectFrom("saved_segments")
    .select("expr")
    .where("corp_id", "=", corpId)
    .where("id", "=", target.segmentId)
    .executeTakeFirst();
  if (!seg)
    throw new AppError("VALIDATION_FAILED", "the segment no longer exists", [
      { path: "/target/segmentId", message: "the segment no longer exists" },
    ]);
  const ids = await segmentCounter(ctx).sample(corpId, seg.expr, 0x7fff_ffff);
  return customersWithSenders(ctx, corpId, ids);
}

/** Customers (customers.id) → external_userid and the member of their most recently added active relation. */
export async function customersWithSenders(ctx: Ctx, corpId: string, ids: string[]): Promise<Audience> {
  const recipients: string[] = [];
  const senders: (string | null)[] = [];
  if (ids.length === 0) return { chatType: "single", recipients, senders };
  // One row per sender with its customers joined by commas (external_userids are [A-Za-z0-9_-]): a million
  // customers come back as ~one row per member instead of a million rows. A large audience reads the corp's
  // relations in one pass (hash join, in-memory sort); a small one probes them by customer.
  const rows = await ctx.db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '256MB'`.execute(trx);
    const c = sql`select c.external_userid from customers c where c.corp_id = ${corpId} and c.id = any(${ids}::bigint[])`;
    const narrow =
      ids.length <= CORP_WIDE_ABOVE ? sql`and fr.external_userid in (select external_userid from c)` : sql``;
    return sql<{ sender: string | null; ids: string }>`
      with c as (${c}), f as (
        select distinct on (fr.external_userid) fr.external_userid, fr.userid
        from follow_relations fr
        where fr.corp_id = ${corpId} and fr.status = 'active' ${narrow}
        order by fr.external_userid, fr.added_at desc nulls last, fr.userid
      )
      select f.userid as sender, string_agg(c.external_userid, ',') as ids
      from c left join f using (external_userid)
      group by f.userid`.execute(trx);
  });
  for (const r of rows.rows) {
    for (const id of r.ids.split(",")) {
      recipients.push(id);
      senders.push(r.sender);
    }
  }
  return { chatType: "single", recipients, senders };
}

/** The end of the local day containing `at` (the corp's offset). */
function endOfDay(at: Date, offsetMinutes: number): number {
  const local = at.getTime() + offsetMinutes * MINUTE;
  return Math.floor(local / 86_400_000) * 86_400_000 + 86_400_000 - offsetMinutes * MINUTE;
}

export interface PlanOptions {
  corpId: string;
  content: { text?: string | undefined; attachments: readonly unknown[] };
  /** When the send goes out (its scheduled time, or now). */
  at: Date;
  onQuota: "defer" | "drop";
  planner: string;
  gate?: SendGate;
  /** Facts already loaded (submission re-checks a task with fresh ones). */
  facts?: GateFacts;
}

/** The gate's verdict for every recipient at `at`, and the tasks. */
export async function planAudience(ctx: Ctx, audience: Audience, opts: PlanOptions): Promise<Plan> {
  const started = performance.now();
  const gate = opts.gate ?? sendGate;
  const n = audience.recipients.length;
  const senderSet = new Set<string>();
  for (const s of audience.senders) if (s) senderSet.add(s);
  const facts =
    opts.facts ??
    (await loadFactsFor(
      ctx.db,
      [
        {
          corpId: opts.corpId,
          recipients: audience.recipients,
          senders: [...senderSet],
          planners: [opts.planner],
        },
      ],
      opts.at,
    ));
  // Recipients are unique within a send: no need to count the send's own touches as it goes.
  const view: GateFacts = { ...facts, addTouch() {} };
  const settings: GateSettings = facts.settings(opts.corpId);
  const dayEnd = endOfDay(opts.at, settings.tzOffsetMinutes);
  const content = { text: opts.content.text ?? "", attachments: opts.content.attachments as unknown[] };
  const action = new Uint8Array(n);
  const until = new Float64Array(n);
  const rule: (string | null)[] = new Array(n).fill(null);
  const reason: (string | null)[] = new Array(n).fill(null);
  // One message object, its recipient and sender changed in place: the rules are pure functions of it, `now` and
  // the facts (send-gate.ts), applied in order, the first objection deciding — without a million objects.
  const msg: OutgoingMessage = {
    corpId: opts.corpId,
    outboxId: null,
    idempotencyKey: opts.planner,
    planner: opts.planner,
    channel: "wecom.mass",
    purpose: "marketing",
    recipient: "",
    sender: null,
    content,
    notBefore: opts.at,
    notAfter: null,
  };
  const rules = gate.rules;
  for (let from = 0; from < n; from += BATCH) {
    const to = Math.min(n, from + BATCH);
    for (let i = from; i < to; i++) {
      msg.recipient = audience.recipients[i] as string;
      msg.sender = audience.senders[i] ?? null;
      let d: GateVerdict | undefined;
      for (const r of rules) {
        d = r.check(msg, opts.at, view);
        if (d) break;
      }
      if (audience.senders[i] === null) {
        action[i] = DROPPED;
        rule[i] = "no_sender";
        reason[i] =
          audience.chatType === "group"
            ? "the group is unknown to Siyu or was dismissed"
            : "not any member's customer now (no active follow relation)";
      } else if (!d) {
        // every rule passed: sent now
      } else if (d.action === "drop") {
        action[i] = DROPPED;
        rule[i] = d.rule;
        reason[i] = d.reason;
      } else if (d.action === "defer") {
        rule[i] = d.rule;
        if (opts.onQuota === "drop" && d.until.getTime() >= dayEnd) {
          action[i] = DROPPED;
          reason[i] = `${d.reason}; this send does not wait past its day`;
        } else {
          action[i] = DEFERRED;
          // Whole minutes, so deferred recipients of one sender share tasks.
          until[i] = Math.ceil(d.until.getTime() / MINUTE) * MINUTE;
          reason[i] = d.reason;
        }
      }
    }
  }
  const max =
    audience.chatType === "group"
      ? settings.batch.maxGroups
      : Math.min(settings.batch.maxCustomers, settings.batch.personalChunk ?? 10_000);
  const groups = new Map<string, PlannedTask>();
  const tasks: PlannedTask[] = [];
  for (let i = 0; i < n; i++) {
    if (action[i] === DROPPED) continue;
    const sender = audience.senders[i] as string;
    const at = action[i] === DEFERRED ? (until[i] as number) : opts.at.getTime();
    const k = `${sender}\u0000${at}`;
    let task = groups.get(k);
    if (!task || task.members.length >= max) {
      task = { sender, notBefore: new Date(at), members: [] };
      groups.set(k, task);
      tasks.push(task);
    }
    task.members.push(i);
  }
  return {
    ...audience,
    action,
    rule,
    reason,
    tasks,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}
