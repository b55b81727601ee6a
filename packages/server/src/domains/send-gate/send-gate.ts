// The send gate: every outgoing message passes here before it reaches WeCom. Its rules (gate-rules.ts) each
// let a message through, defer it until a time, or drop it with a reason an operator can read; the first rule
// that objects decides. Decisions are taken a batch at a time over facts loaded in bulk, recorded in
// send_decisions, and a marketing message let through becomes a touch that later quotas and caps count.
import type { Ctx } from "../../context.ts";
import { type GateFacts, loadGateFacts } from "./gate-facts.ts";
import { defaultRules, type GateRule, type GateVerdict, type OutgoingMessage } from "./gate-rules.ts";

export type { GateRule, GateVerdict, OutgoingMessage, Purpose } from "./gate-rules.ts";
export { MAX_ATTACHMENTS } from "./gate-rules.ts";

export type GateDecision = { action: "send"; rule: null; reason: string } | GateVerdict;

export interface SendGate {
  readonly rules: readonly GateRule[];
  /** Decides without recording anything (pre-flights and dry runs). */
  evaluate(msgs: OutgoingMessage[], now: Date, facts: GateFacts): GateDecision[];
  /** Decides, records decisions and touches (in ctx.db, so inside the caller's transaction) and returns them. */
  submitBatch(ctx: Ctx, msgs: OutgoingMessage[]): Promise<GateDecision[]>;
  submit(ctx: Ctx, msg: OutgoingMessage): Promise<GateDecision>;
}

const subjectOf = (m: OutgoingMessage) => ({
  corpId: m.corpId,
  recipient: m.recipient,
  sender: m.sender,
  marketing: m.purpose === "marketing",
  planner: m.planner,
});

export function createSendGate(rules: GateRule[] = defaultRules): SendGate {
  const evaluate = (msgs: OutgoingMessage[], now: Date, facts: GateFacts): GateDecision[] =>
    msgs.map((msg) => {
      for (const rule of rules) {
        const verdict = rule.check(msg, now, facts);
        if (verdict) return verdict;
      }
      if (msg.purpose === "marketing") facts.addTouch(msg.corpId, msg.recipient, now);
      return { action: "send", rule: null, reason: "every rule passed" };
    });

  const gate: SendGate = {
    rules,
    evaluate,
    async submitBatch(ctx, msgs) {
      if (msgs.length === 0) return [];
      const now = new Date(ctx.clock.now());
      const facts = await loadGateFacts(ctx.db, msgs.map(subjectOf), now);
      const decisions = evaluate(msgs, now, facts);
      await ctx.db
        .insertInto("send_decisions")
        .values(
          msgs.map((msg, i) => {
            const d = decisions[i] as GateDecision;
            return {
              corp_id: msg.corpId,
              outbox_id: msg.outboxId,
              idempotency_key: msg.idempotencyKey,
              action: d.action,
              rule: d.rule,
              reason: d.reason,
              defer_until: d.action === "defer" ? d.until : null,
              decided_at: now,
              recipient: msg.recipient,
              sender: msg.sender,
              planner: msg.planner,
            };
          }),
        )
        .execute();
      const touches = msgs.filter((m, i) => m.purpose === "marketing" && decisions[i]?.action === "send");
      if (touches.length > 0)
        await ctx.db
          .insertInto("recipient_touches")
          .values(
            touches.map((m) => ({
              corp_id: m.corpId,
              recipient: m.recipient,
              outbox_id: m.outboxId,
              planner: m.planner,
              touched_at: now,
            })),
          )
          .onConflict((oc) => oc.column("outbox_id").doNothing())
          .execute();
      return decisions;
    },
    async submit(ctx, msg) {
      const [d] = await gate.submitBatch(ctx, [msg]);
      return d as GateDecision;
    },
  };
  return gate;
}

/** The process's gate. */
export const sendGate: SendGate = createSendGate();
