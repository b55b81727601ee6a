// The send gate's rules, in the order they apply. Each is a pure function of the message, `now` and the facts
// loaded for the batch: it lets the message through (undefined), defers it until a time, or drops it, with a
// reason an operator can read. Marketing rules (opt-outs, quiet hours, windows, quota, touch cap) leave service
// messages (welcome messages, replies, alerts to staff) alone.
import { fold, type GateFacts } from "./gate-facts.ts";
import type { GateSettings } from "./gate-settings.ts";
import { parseHhMm, quietHoursEnd, quotaPeriod, windowOpens } from "./periods.ts";

export const MAX_ATTACHMENTS = 9;

export type Purpose = "marketing" | "service";

export interface OutgoingMessage {
  corpId: string;
  /** The outbox row it belongs to, when it has one. */
  outboxId: string | null;
  idempotencyKey: string;
  /** Who planned it ("welcome", "mass-send", …). */
  planner: string;
  /** How it goes out ("wecom.welcome", …). */
  channel: string;
  /** Marketing messages count against quotas and caps and respect opt-outs and quiet hours. */
  purpose: Purpose;
  recipient: string;
  sender: string | null;
  content: { text?: string; attachments?: unknown[] };
  notBefore: Date;
  /** Past this instant the message is useless (a welcome code's window); null = no limit. */
  notAfter: Date | null;
  /** Said when notAfter passes, e.g. "welcome codes expire 20 s after the add". */
  notAfterWhy?: string;
}

export type GateVerdict =
  | { action: "defer"; rule: string; reason: string; until: Date }
  | { action: "drop"; rule: string; reason: string };

export interface GateRule {
  name: string;
  /** What the rule does, in words for the console. */
  description: string;
  check(msg: OutgoingMessage, now: Date, facts: GateFacts): GateVerdict | undefined;
  /**
   * Whether the verdict can depend on who the recipient is (through the facts: opt-out, active window, touches;
   * a rule reads the recipient only through the facts). False: the rule decides alike for every recipient of one
   * message and sender, so a mass send asks it once per sender. Unset counts as true.
   */
  readsRecipient?: boolean;
}

const drop = (rule: string, reason: string): GateVerdict => ({ action: "drop", rule, reason });
const defer = (rule: string, reason: string, until: Date): GateVerdict => ({
  action: "defer",
  rule,
  reason,
  until,
});

export const emptyRule: GateRule = {
  readsRecipient: false,
  name: "empty",
  description: "A message with neither text nor attachments is dropped.",
  check(msg) {
    const hasText = (msg.content.text ?? "").trim().length > 0;
    if (hasText || (msg.content.attachments?.length ?? 0) > 0) return undefined;
    return drop("empty", "the message has no text and no attachments");
  },
};

export const attachmentsRule: GateRule = {
  readsRecipient: false,
  name: "attachments",
  description: `WeCom takes at most ${MAX_ATTACHMENTS} attachments per message; more are dropped before sending.`,
  check(msg) {
    const n = msg.content.attachments?.length ?? 0;
    if (n <= MAX_ATTACHMENTS) return undefined;
    return drop("attachments", `${n} attachments; WeCom takes at most ${MAX_ATTACHMENTS}`);
  },
};

export const latestTimeRule: GateRule = {
  readsRecipient: false,
  name: "latest_time",
  description: "A message whose latest send time has passed is dropped (welcome codes live 20 s).",
  check(msg, now) {
    if (!msg.notAfter || now.getTime() <= msg.notAfter.getTime()) return undefined;
    const late = Math.round((now.getTime() - msg.notAfter.getTime()) / 1000);
    return drop(
      "latest_time",
      `too late: it had to go out by ${msg.notAfter.toISOString()} (${late} s ago)${msg.notAfterWhy ? `; ${msg.notAfterWhy}` : ""}`,
    );
  },
};

// A mass send checks one text against one list for each of its recipients: the last answer is kept.
let lastWords: readonly string[] | undefined;
let lastText: string | undefined;
let lastFound: string | undefined;

/** The first of the corp's sensitive words found in the text (folded), if any. */
export function findSensitiveWord(words: readonly string[], text: string): string | undefined {
  if (words.length === 0 || text.length === 0) return undefined;
  if (words === lastWords && text === lastText) return lastFound;
  const folded = fold(text);
  const found = words.find((w) => folded.includes(w));
  lastWords = words;
  lastText = text;
  lastFound = found;
  return found;
}

/** How long a paused planner's message waits before it is looked at again (a resume wakes it at once). */
export const PAUSED_RECHECK_MS = 24 * 3_600_000;

export const pausedPlannerRule: GateRule = {
  readsRecipient: false,
  name: "paused_planner",
  description:
    "A campaign or automation that churn watch paused (too many customers deleted the member after its sends) sends nothing until an operator resumes it; its messages wait, or are dropped if the corp chose so.",
  check(msg, now, facts) {
    const p = facts.paused(msg.corpId, msg.planner);
    if (!p) return undefined;
    const reason = `${p.reason}; paused since ${p.pausedAt.toISOString()}, resumes only by hand`;
    return p.onPause === "drop"
      ? drop("paused_planner", reason)
      : defer("paused_planner", reason, new Date(now.getTime() + PAUSED_RECHECK_MS));
  },
};

export const sensitiveWordsRule: GateRule = {
  readsRecipient: false,
  name: "sensitive_words",
  description:
    "A message containing one of the corp's sensitive or forbidden words is dropped before sending.",
  check(msg, _now, facts) {
    const word = findSensitiveWord(facts.sensitiveWords(msg.corpId), msg.content.text ?? "");
    return word === undefined ? undefined : drop("sensitive_words", `contains the sensitive word "${word}"`);
  },
};

export const optOutRule: GateRule = {
  readsRecipient: true,
  name: "opt_out",
  description: "A customer who opted out (e.g. said 退订 in chat) receives no marketing.",
  check(msg, _now, facts) {
    if (msg.purpose !== "marketing") return undefined;
    const out = facts.optOut(msg.corpId, msg.recipient);
    if (!out) return undefined;
    return drop("opt_out", `the customer opted out on ${out.at.toISOString()} (${out.source})`);
  },
};

export const senderHealthRule: GateRule = {
  readsRecipient: false,
  name: "sender_health",
  description:
    "A restricted account waits until its cool-down ends; a banned account never sends (its messages are dropped).",
  check(msg, _now, facts) {
    if (!msg.sender) return undefined;
    const r = facts.restriction(msg.corpId, msg.sender);
    if (!r) return undefined;
    const note = r.note ? ` (${r.note})` : "";
    if (r.state === "limited" && r.until)
      return defer(
        "sender_health",
        `${msg.sender} is restricted until ${r.until.toISOString()}${note}`,
        r.until,
      );
    return drop("sender_health", `${msg.sender} is ${r.state.replace("_", " ")}${note}`);
  },
};

export const earliestTimeRule: GateRule = {
  readsRecipient: false,
  name: "earliest_time",
  description: "A message planned for later waits until its earliest send time.",
  check(msg, now) {
    if (now.getTime() >= msg.notBefore.getTime()) return undefined;
    return defer("earliest_time", `planned for ${msg.notBefore.toISOString()}`, msg.notBefore);
  },
};

let quietKey: { s: GateSettings; at: number } | undefined;
let quietEnd: Date | null = null;
/** When the quiet hours around `now` end (null: not in them); the last answer is kept for a batch at one instant. */
function quietEndFor(s: GateSettings, now: Date): Date | null {
  if (quietKey?.s === s && quietKey.at === now.getTime()) return quietEnd;
  const q = s.quietHours as { start: string; end: string };
  const range = { startMinute: parseHhMm(q.start), endMinute: parseHhMm(q.end) };
  quietEnd = quietHoursEnd(now, range, s.tzOffsetMinutes);
  quietKey = { s, at: now.getTime() };
  return quietEnd;
}

export const quietHoursRule: GateRule = {
  readsRecipient: false,
  name: "quiet_hours",
  description: "No marketing message goes out during the corp's quiet hours; it waits until they end.",
  check(msg, now, facts) {
    if (msg.purpose !== "marketing") return undefined;
    const s = facts.settings(msg.corpId);
    if (!s.quietHours) return undefined;
    const end = quietEndFor(s, now);
    if (!end) return undefined;
    return defer("quiet_hours", `quiet hours ${s.quietHours.start}–${s.quietHours.end}`, end);
  },
};

export const activeWindowRule: GateRule = {
  readsRecipient: true,
  name: "active_window",
  description:
    "Marketing waits for the customer's known active window (e.g. 19:00–22:00 for office workers).",
  check(msg, now, facts) {
    if (msg.purpose !== "marketing") return undefined;
    const s = facts.settings(msg.corpId);
    if (!s.activeWindows) return undefined;
    const w = facts.activeWindow(msg.corpId, msg.recipient);
    if (!w) return undefined;
    const opens = windowOpens(now, w, s.tzOffsetMinutes);
    if (!opens) return undefined;
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    return defer(
      "active_window",
      `the customer is active ${hhmm(w.startMinute)}–${hhmm(w.endMinute)}`,
      opens,
    );
  },
};

const policyWords = { day1: "1 per day", week7: "7 per week", days_in_month: "days-in-month per month" };

let periodKey: { policy: string; at: number } | undefined;
let lastPeriod: ReturnType<typeof quotaPeriod> | undefined;
function periodFor(policy: GateSettings["quota"]["policy"], now: Date): ReturnType<typeof quotaPeriod> {
  if (lastPeriod && periodKey?.policy === policy && periodKey.at === now.getTime()) return lastPeriod;
  lastPeriod = quotaPeriod(policy, now);
  periodKey = { policy, at: now.getTime() };
  return lastPeriod;
}

export const receiveQuotaRule: GateRule = {
  readsRecipient: true,
  name: "receive_quota",
  description:
    "Each customer receives at most the WeCom quota of marketing messages (1 per day by default; or 7 per week, or days-in-month per month); enterprise and personal sends share it.",
  check(msg, now, facts) {
    if (msg.purpose !== "marketing") return undefined;
    const s = facts.settings(msg.corpId);
    const period = periodFor(s.quota.policy, now);
    const used = facts
      .touches(msg.corpId, msg.recipient)
      .filter((t) => t >= period.start && t < period.end).length;
    if (used < period.limit) return undefined;
    const reason = `the customer already received ${used} of ${period.limit} (${policyWords[s.quota.policy]})`;
    return s.quota.onHit === "drop"
      ? drop("receive_quota", reason)
      : defer("receive_quota", `${reason}; next period starts ${period.end.toISOString()}`, period.end);
  },
};

export const touchCapRule: GateRule = {
  readsRecipient: true,
  name: "touch_cap",
  description:
    "Each customer gets at most N marketing touches in any D days across all campaigns and automations.",
  check(msg, now, facts) {
    if (msg.purpose !== "marketing") return undefined;
    const cap = facts.settings(msg.corpId).touchCap;
    if (!cap) return undefined;
    const windowMs = cap.days * 86_400_000;
    const recent = facts
      .touches(msg.corpId, msg.recipient)
      .filter((t) => t.getTime() > now.getTime() - windowMs);
    if (recent.length < cap.max) return undefined;
    const reason = `${recent.length} touches in the last ${cap.days} days (cap ${cap.max})`;
    if (cap.onHit === "drop") return drop("touch_cap", reason);
    // Room again once the oldest touch that keeps the count at the cap leaves the window.
    const freeing = recent[recent.length - cap.max] as Date;
    return defer("touch_cap", reason, new Date(freeing.getTime() + windowMs + 1));
  },
};

export const defaultRules: GateRule[] = [
  emptyRule,
  attachmentsRule,
  latestTimeRule,
  pausedPlannerRule,
  sensitiveWordsRule,
  optOutRule,
  senderHealthRule,
  earliestTimeRule,
  quietHoursRule,
  activeWindowRule,
  receiveQuotaRule,
  touchCapRule,
];
