// Planning a mass send: the audience (a saved segment's customers, each with one sender — the member of their
// most recently added active relation, kept by the segment engine —, or chosen groups with their owners), the send
// gate's verdict for every recipient at the send's time, and the WeCom tasks that follow: per sender, ≤ 10,000
// customers or ≤ 2,000 groups per add_msg_template call; recipients the gate defers go into a later task at the time
// it names (or are dropped when the send does not wait past its day).
//
// A million recipients plan in about a second (bench/send-plan.ts): the audience is typed arrays (customers.id and a
// sender number each), the recipient facts come from three set-based queries merged by id (mass-sends.facts.ts), and
// the gate's rules run once per sender for recipients without any fact of their own (their verdict can only depend
// on the sender: rules read the recipient through the facts alone, gate-rules.ts) and once per recipient otherwise.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { segmentCounter } from "../segments/segments.counter.ts";
import { CORP_WIDE_ABOVE, type GateFacts, loadFactsFor } from "../send-gate/gate-facts.ts";
import type { GateSettings } from "../send-gate/gate-settings.ts";
import { quotaPeriod } from "../send-gate/periods.ts";
import { type GateVerdict, type OutgoingMessage, type SendGate, sendGate } from "../send-gate/send-gate.ts";
import { customerFacts, listedFacts, type RecipientFacts } from "./mass-sends.facts.ts";
import type { MassTarget } from "./mass-sends.schemas.ts";

export const NOW = 0;
export const DEFERRED = 1;
export const DROPPED = 2;

/**
 * The audience as parallel arrays (a million recipients stay cheap): external_userids or chat_ids (`recipients`),
 * and/or a segment's customers by customers.id (`ids`, ascending; a large segment's external_userids are read only
 * when stored); each with a sender number into `senderIds` (-1: none).
 */
export interface Audience {
  chatType: "single" | "group";
  recipients: string[] | null;
  ids: Uint32Array | null;
  senders: Int32Array;
  senderIds: readonly string[];
}

export interface PlannedTask {
  sender: string;
  notBefore: Date;
  /** Indexes into the plan's arrays. */
  members: number[];
}

export interface Plan extends Audience {
  size: number;
  action: Uint8Array;
  /** When a deferred recipient may go (ms since the epoch, whole minutes); 0 otherwise. */
  until: Float64Array;
  rule: (string | null)[];
  reason: (string | null)[];
  tasks: PlannedTask[];
  ms: number;
}

const MINUTE = 60_000;

/** The sender of the recipient at `i`, or null. */
export function senderAt(a: Audience, i: number): string | null {
  const s = a.senders[i] as number;
  return s < 0 ? null : (a.senderIds[s] as string);
}

/** An audience of listed recipients, with their senders as strings (null: none). */
export function listedAudience(
  chatType: "single" | "group",
  recipients: string[],
  senders: readonly (string | null)[],
): Audience {
  const senderIds: string[] = [];
  const nos = new Map<string, number>();
  const out = new Int32Array(recipients.length);
  for (let i = 0; i < recipients.length; i++) {
    const s = senders[i] ?? null;
    if (s === null) {
      out[i] = -1;
      continue;
    }
    let no = nos.get(s);
    if (no === undefined) {
      no = senderIds.length;
      senderIds.push(s);
      nos.set(s, no);
    }
    out[i] = no;
  }
  return { chatType, recipients, ids: null, senders: out, senderIds };
}

export const audienceSize = (a: Audience): number => a.senders.length;

/**
 * The audience of a target; a segment that no longer exists is a field error on the draft. A segment of at most
 * `listBelow` customers (default CORP_WIDE_ABOVE) is listed by external_userid at once, so its facts are read by
 * probing per recipient rather than from the whole corp.
 */
export async function loadAudience(
  ctx: Ctx,
  corpId: string,
  target: MassTarget,
  opts: { listBelow?: number } = {},
): Promise<Audience> {
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
    return listedAudience(
      "group",
      recipients,
      recipients.map((id) => owner.get(id) ?? null),
    );
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
  const { ids, senders, senderIds } = await segmentCounter(ctx).withSenders(corpId, seg.expr);
  if (ids.length > (opts.listBelow ?? CORP_WIDE_ABOVE))
    return { chatType: "single", recipients: null, ids, senders, senderIds };
  // customers.id → external_userid, in the ids' order (a customer removed meanwhile has no sender: dropped).
  const rows = await ctx.db
    .selectFrom("customers")
    .select(["id", "external_userid"])
    .where("corp_id", "=", corpId)
    .where("id", "=", sql<string>`any(${Array.from(ids, String)}::bigint[])`)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r.external_userid]));
  const recipients = Array.from(ids, (id) => byId.get(id) ?? `#${id}`);
  const kept = Int32Array.from(senders, (s, i) => (byId.has(ids[i] as number) ? s : -1));
  return { chatType: "single", recipients, ids, senders: kept, senderIds };
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

/** Since when touches matter at `at`: the start of the quota period and of the touch cap's window. */
function touchesSince(s: GateSettings, at: Date): Date {
  const start = quotaPeriod(s.quota.policy, at).start.getTime();
  const cap = s.touchCap ? at.getTime() - s.touchCap.days * 86_400_000 : start;
  return new Date(Math.min(start, cap));
}

/** The gate's verdict for every recipient at `at`, and the tasks. */
export async function planAudience(ctx: Ctx, audience: Audience, opts: PlanOptions): Promise<Plan> {
  const started = performance.now();
  const gate = opts.gate ?? sendGate;
  const n = audience.senders.length;
  const used = new Uint8Array(audience.senderIds.length);
  for (let i = 0; i < n; i++) {
    const s = audience.senders[i] as number;
    if (s >= 0) used[s] = 1;
  }
  const senderList = audience.senderIds.filter((_, k) => used[k] === 1);
  // The corp's settings, words, paused planners and sender restrictions; recipient facts below.
  const facts =
    opts.facts ??
    (await loadFactsFor(
      ctx.db,
      [
        {
          corpId: opts.corpId,
          recipients: audience.recipients ?? [],
          senders: senderList,
          planners: [opts.planner],
        },
      ],
      opts.at,
    ));
  const settings: GateSettings = facts.settings(opts.corpId);
  const rf: RecipientFacts = audience.recipients
    ? listedFacts(opts.corpId, audience.recipients, facts)
    : await customerFacts(
        ctx.db,
        opts.corpId,
        audience.ids ?? new Uint32Array(0),
        touchesSince(settings, opts.at),
      );
  // The recipient the rules look at: its facts by position (-1: one without any fact).
  let cur = -1;
  const NONE: readonly Date[] = [];
  const paused = facts.paused(opts.corpId, opts.planner);
  const restrictions = new Map(senderList.map((s) => [s, facts.restriction(opts.corpId, s)]));
  const view: GateFacts = {
    settings: () => settings,
    sensitiveWords: (corpId) => facts.sensitiveWords(corpId),
    optOut: () => (cur < 0 ? undefined : rf.optOut(cur)),
    restriction: (corpId, sender) =>
      restrictions.has(sender) ? restrictions.get(sender) : facts.restriction(corpId, sender),
    activeWindow: () => (cur < 0 ? undefined : rf.activeWindow(cur)),
    touches: () => (cur < 0 ? NONE : rf.touches(cur)),
    // Recipients are unique within a send: no need to count the send's own touches as it goes.
    addTouch() {},
    paused: () => paused,
  };
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
  const has = rf.has;
  // A recipient without facts of their own gets the verdict of their sender's first such recipient. One with facts
  // gets the first objection of the recipient rules that come before the rule deciding that verdict (the others
  // decide alike for everyone of one sender: `readsRecipient` false), or else that verdict.
  const stable = rules.every((r) => r.readsRecipient !== undefined);
  const decide = (upTo = rules.length, onlyRecipient = false): GateVerdict | undefined => {
    for (let k = 0; k < upTo; k++) {
      const r = rules[k] as (typeof rules)[number];
      if (onlyRecipient && !r.readsRecipient) continue;
      const d = r.check(msg, opts.at, view);
      if (d) return d;
    }
    return undefined;
  };
  /** Per sender number: the verdict for a recipient without facts, and the index of the rule that gave it. */
  const plain = new Map<number, { d: GateVerdict | undefined; k: number }>();
  const plainFor = (s: number) => {
    let p = plain.get(s);
    if (!p) {
      cur = -1;
      msg.recipient = "";
      let k = 0;
      let d: GateVerdict | undefined;
      for (; k < rules.length; k++) {
        d = (rules[k] as (typeof rules)[number]).check(msg, opts.at, view);
        if (d) break;
      }
      p = { d, k };
      plain.set(s, p);
    }
    return p;
  };
  const noSender =
    audience.chatType === "group"
      ? "the group is unknown to Siyu or was dismissed"
      : "not any member's customer now (no active follow relation)";
  for (let i = 0; i < n; i++) {
    const s = audience.senders[i] as number;
    if (s < 0) {
      action[i] = DROPPED;
      rule[i] = "no_sender";
      reason[i] = noSender;
      continue;
    }
    msg.sender = audience.senderIds[s] as string;
    let d: GateVerdict | undefined;
    if (!stable) {
      cur = i;
      msg.recipient = audience.recipients?.[i] ?? "";
      d = decide();
    } else if (has[i] === 1) {
      const p = plainFor(s);
      cur = i;
      msg.recipient = audience.recipients?.[i] ?? "";
      // (A recipient rule objecting without facts — say a touch cap of 0 — is asked again with them.)
      d = p.d && rules[p.k]?.readsRecipient ? decide() : (decide(p.k, true) ?? p.d);
    } else d = plainFor(s).d;
    if (!d) continue; // every rule passed: sent now
    rule[i] = d.rule;
    if (d.action === "drop") {
      action[i] = DROPPED;
      reason[i] = d.reason;
    } else if (opts.onQuota === "drop" && d.until.getTime() >= dayEnd) {
      action[i] = DROPPED;
      reason[i] = `${d.reason}; this send does not wait past its day`;
    } else {
      action[i] = DEFERRED;
      // Whole minutes, so deferred recipients of one sender share tasks.
      until[i] = Math.ceil(d.until.getTime() / MINUTE) * MINUTE;
      reason[i] = d.reason;
    }
  }
  const max =
    audience.chatType === "group"
      ? settings.batch.maxGroups
      : Math.min(settings.batch.maxCustomers, settings.batch.personalChunk ?? 10_000);
  // Each recipient's task: the open task of their sender sending now (by sender number), or of (sender, later
  // time); a full task opens another. Members are filled in a second pass into arrays of the right size.
  const tasks: PlannedTask[] = [];
  const sizes: number[] = [];
  const taskOf = new Int32Array(n).fill(-1);
  const nowTask = new Int32Array(audience.senderIds.length).fill(-1);
  const laterTask = new Map<string, number>();
  const at = opts.at.getTime();
  for (let i = 0; i < n; i++) {
    const a = action[i];
    if (a === DROPPED) continue;
    const s = audience.senders[i] as number;
    const when = a === DEFERRED ? (until[i] as number) : at;
    const k = a === DEFERRED ? `${s}:${when}` : "";
    let t = a === DEFERRED ? (laterTask.get(k) ?? -1) : (nowTask[s] as number);
    if (t < 0 || (sizes[t] as number) >= max) {
      t = tasks.length;
      tasks.push({ sender: audience.senderIds[s] as string, notBefore: new Date(when), members: [] });
      sizes.push(0);
      if (a === DEFERRED) laterTask.set(k, t);
      else nowTask[s] = t;
    }
    sizes[t] = (sizes[t] as number) + 1;
    taskOf[i] = t;
  }
  for (let t = 0; t < tasks.length; t++)
    (tasks[t] as PlannedTask).members = new Array<number>(sizes[t] as number);
  const filled = new Int32Array(tasks.length);
  for (let i = 0; i < n; i++) {
    const t = taskOf[i] as number;
    if (t < 0) continue;
    const f = filled[t] as number;
    (tasks[t] as PlannedTask).members[f] = i;
    filled[t] = f + 1;
  }
  return {
    ...audience,
    size: n,
    action,
    until,
    rule,
    reason,
    tasks,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** The recipients the gate deferred or dropped (those with a reason), as send_decisions rows for the repository. */
export function refusedRows(p: Plan) {
  const at: number[] = [];
  for (let i = 0; i < p.size; i++) if (p.action[i] !== NOW && p.rule[i] !== null) at.push(i);
  return {
    recipient: p.recipients
      ? at.map((i) => p.recipients?.[i] as string)
      : { ids: at.map((i) => String(p.ids?.[i])) },
    sender: at.map((i) => senderAt(p, i)),
    action: at.map((i) => (p.action[i] === DEFERRED ? ("defer" as const) : ("drop" as const))),
    rule: at.map((i) => p.rule[i] as string),
    reason: at.map((i) => p.reason[i] as string),
    deferUntil: at.map((i) =>
      p.action[i] === DEFERRED ? new Date(p.until[i] as number).toISOString() : null,
    ),
  };
}
