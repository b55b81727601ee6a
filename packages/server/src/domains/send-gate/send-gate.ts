// The send gate: every outgoing message passes here before it reaches WeCom. Its rules (gate-rules.ts) each
// let a message through, defer it until a time, or drop it with a reason an operator can read; the first rule
// that objects decides. Decisions are taken a batch at a time over facts loaded in bulk, recorded in
// send_decisions, and a marketing message let through becomes a touch that later quotas and caps count.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { type GateFacts, loadGateFacts } from "./gate-facts.ts";
import { defaultRules, type GateRule, type GateVerdict, type OutgoingMessage } from "./gate-rules.ts";

export type { GateRule, GateVerdict, OutgoingMessage, Purpose } from "./gate-rules.ts";
export { MAX_ATTACHMENTS } from "./gate-rules.ts";

export type GateDecision = { action: "send"; rule: null; reason: string } | GateVerdict;

export interface SendGate {
  readonly rules: readonly GateRule[];
  /** Decides without recording anything (pre-flights and dry runs). */
  evaluate(msgs: OutgoingMessage[], now: Date, facts: GateFacts): GateDecision[];
  /**
   * Decides, records decisions and touches (in ctx.db: inside the caller's transaction, which holds the corp's
   * gate lock until it ends) and returns them.
   */
  submitBatch(ctx: Ctx, msgs: OutgoingMessage[]): Promise<GateDecision[]>;
  submit(ctx: Ctx, msg: OutgoingMessage): Promise<GateDecision>;
}

/**
 * Takes the corps' gate locks until the caller's transaction ends: a corp's gate decisions (dispatchers' batches,
 * mass-send tasks) are taken one transaction at a time across processes, or two could both see no touch today and
 * both send to one customer. Corps in order, so two transactions never wait on each other in a cycle.
 */
export async function lockGate(db: Db, corpIds: readonly string[]): Promise<void> {
  for (const corpId of [...new Set(corpIds)].sort())
    await sql`select pg_advisory_xact_lock(hashtextextended(${`send-gate:${corpId}`}, 0))`.execute(db);
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
      await lockGate(
        ctx.db,
        msgs.map((m) => m.corpId),
      );
      const now = new Date(ctx.clock.now());
      const facts = await loadGateFacts(ctx.db, msgs.map(subjectOf), now);
      const decisions = evaluate(msgs, now, facts);
      // One insert per batch from arrays (unnest): no parameter per column and row, whatever the batch's size.
      const col = <T>(pick: (m: OutgoingMessage, d: GateDecision) => T) =>
        msgs.map((m, i) => pick(m, decisions[i] as GateDecision));
      await sql`
        insert into send_decisions (corp_id, outbox_id, idempotency_key, action, rule, reason, defer_until,
          decided_at, recipient, sender, planner)
        select u.corp, u.outbox, u.key, u.action, u.rule, u.reason, u.until, ${now}, u.recipient, u.sender, u.planner
        from unnest(${col((m) => m.corpId)}::text[], ${col((m) => m.outboxId)}::bigint[],
          ${col((m) => m.idempotencyKey)}::text[], ${col((_, d) => d.action)}::text[],
          ${col((_, d) => d.rule)}::text[], ${col((_, d) => d.reason)}::text[],
          ${col((_, d) => (d.action === "defer" ? d.until : null))}::timestamptz[],
          ${col((m) => m.recipient)}::text[], ${col((m) => m.sender)}::text[], ${col((m) => m.planner)}::text[])
          as u(corp, outbox, key, action, rule, reason, until, recipient, sender, planner)`.execute(ctx.db);
      const touches = msgs.filter((m, i) => m.purpose === "marketing" && decisions[i]?.action === "send");
      if (touches.length > 0)
        await sql`
          insert into recipient_touches (corp_id, recipient, outbox_id, planner, touched_at, customer_id)
          select u.corp, u.recipient, u.outbox, u.planner, ${now}, c.id
          from unnest(${touches.map((m) => m.corpId)}::text[], ${touches.map((m) => m.recipient)}::text[],
            ${touches.map((m) => m.outboxId)}::bigint[], ${touches.map((m) => m.planner)}::text[])
            as u(corp, recipient, outbox, planner)
          left join customers c on c.corp_id = u.corp and c.external_userid = u.recipient
          on conflict (outbox_id) do nothing`.execute(ctx.db);
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
