// The send gate: every outgoing message passes here before it reaches WeCom. Each rule may let it through,
// defer it until a time, or drop it with a reason an operator can read; the first rule that objects decides.
// Every decision is recorded in send_decisions. v1 rules: the earliest and latest send time (the welcome
// code's 20 s window is a latest time) and the 9-attachment limit. The send-gate issue adds quotas, caps,
// quiet hours, sender health, sensitive words and opt-outs as further rules behind the same interface.
import type { Ctx } from "../../context.ts";

export interface OutgoingMessage {
  corpId: string;
  /** The outbox row it belongs to, when it has one. */
  outboxId: string | null;
  idempotencyKey: string;
  /** Who planned it ("welcome", "mass-send", …). */
  planner: string;
  /** How it goes out ("wecom.welcome", …). */
  channel: string;
  recipient: string;
  sender: string | null;
  content: { text?: string; attachments?: unknown[] };
  notBefore: Date;
  /** Past this instant the message is useless (a welcome code's window); null = no limit. */
  notAfter: Date | null;
  /** Said when notAfter passes, e.g. "welcome codes expire 20 s after the add". */
  notAfterWhy?: string;
}

export type GateDecision =
  | { action: "send"; rule: null; reason: string }
  | { action: "defer"; rule: string; reason: string; until: Date }
  | { action: "drop"; rule: string; reason: string };

export type GateVerdict = Exclude<GateDecision, { action: "send" }>;

export interface GateRule {
  name: string;
  /** What the rule does, in words for the console. */
  description: string;
  check(
    ctx: Ctx,
    msg: OutgoingMessage,
    now: Date,
  ): GateVerdict | undefined | Promise<GateVerdict | undefined>;
}

export const MAX_ATTACHMENTS = 9;

export const latestTimeRule: GateRule = {
  name: "latest_time",
  description: "A message whose latest send time has passed is dropped (welcome codes live 20 s).",
  check(_ctx, msg, now) {
    if (!msg.notAfter || now.getTime() <= msg.notAfter.getTime()) return undefined;
    const late = Math.round((now.getTime() - msg.notAfter.getTime()) / 1000);
    return {
      action: "drop",
      rule: "latest_time",
      reason: `too late: it had to go out by ${msg.notAfter.toISOString()} (${late} s ago)${msg.notAfterWhy ? `; ${msg.notAfterWhy}` : ""}`,
    };
  },
};

export const earliestTimeRule: GateRule = {
  name: "earliest_time",
  description: "A message planned for later waits until its earliest send time.",
  check(_ctx, msg, now) {
    if (now.getTime() >= msg.notBefore.getTime()) return undefined;
    return {
      action: "defer",
      rule: "earliest_time",
      reason: `planned for ${msg.notBefore.toISOString()}`,
      until: msg.notBefore,
    };
  },
};

export const attachmentsRule: GateRule = {
  name: "attachments",
  description: `WeCom takes at most ${MAX_ATTACHMENTS} attachments per message; more are dropped before sending.`,
  check(_ctx, msg) {
    const n = msg.content.attachments?.length ?? 0;
    if (n <= MAX_ATTACHMENTS) return undefined;
    return {
      action: "drop",
      rule: "attachments",
      reason: `${n} attachments; WeCom takes at most ${MAX_ATTACHMENTS}`,
    };
  },
};

export const defaultRules: GateRule[] = [latestTimeRule, attachmentsRule, earliestTimeRule];

export interface SendGate {
  readonly rules: readonly GateRule[];
  /** Decides, records the decision (in ctx.db, so inside the caller's transaction) and returns it. */
  submit(ctx: Ctx, msg: OutgoingMessage): Promise<GateDecision>;
}

export function createSendGate(rules: GateRule[] = defaultRules): SendGate {
  return {
    rules,
    async submit(ctx, msg) {
      const now = new Date(ctx.clock.now());
      let decision: GateDecision = { action: "send", rule: null, reason: "every rule passed" };
      for (const rule of rules) {
        const verdict = await rule.check(ctx, msg, now);
        if (verdict) {
          decision = verdict;
          break;
        }
      }
      await ctx.db
        .insertInto("send_decisions")
        .values({
          corp_id: msg.corpId,
          outbox_id: msg.outboxId,
          idempotency_key: msg.idempotencyKey,
          action: decision.action,
          rule: decision.rule,
          reason: decision.reason,
          defer_until: decision.action === "defer" ? decision.until : null,
          decided_at: now,
        })
        .execute();
      return decision;
    },
  };
}

/** The process's gate. */
export const sendGate: SendGate = createSendGate();
