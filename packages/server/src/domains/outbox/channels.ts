// Channels the dispatcher sends through, by name ("wecom.welcome", later "wecom.single", "sms", …). A channel
// sends one outbox row and says, for a failure, whether trying again is safe (never sends a second copy).
import type { Ctx } from "../../context.ts";
import type { Purpose } from "../send-gate/send-gate.ts";
import type { OutboxTable } from "./outbox.tables.ts";

export interface OutboxRow {
  id: string;
  corp_id: string;
  idempotency_key: string;
  planner: string;
  channel: string;
  recipient: string;
  sender: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  not_before: Date;
  not_after: Date | null;
}

/** A row found `sending` with nobody sending it (its process stopped), and since when it was being sent. */
export interface InterruptedRow extends OutboxRow {
  sending_since: Date;
}

/**
 * What the provider says of an interrupted row: it has the message (with what `send` would have returned), or it
 * has not (safe to send again).
 */
export type Reconciled = { sent: true; result: Record<string, unknown> } | { sent: false };

export type FailureVerdict =
  | { retry: true; reason: string }
  /** `lookUp`: the provider may have it (a lost answer); with `reconcile`, recovery asks instead of failing it. */
  | { retry: false; reason: string; lookUp?: boolean };

export interface Channel {
  /** Sends the message; resolves with what to remember about the delivery (or nothing). */
  send(ctx: Ctx, row: OutboxRow): Promise<Record<string, unknown> | undefined>;
  /** Whether a failure may be retried without risking a duplicate, and why it failed. */
  classify(err: unknown): FailureVerdict;
  /** Marketing counts against quotas and caps and respects opt-outs and quiet hours; service does not. */
  purpose: Purpose;
  /** What the gate needs to see of the content (text and attachments). */
  content(row: OutboxRow): { text?: string; attachments?: unknown[] };
  /**
   * After a crash while sending: asks the provider which of the channel's interrupted rows it got. Rows left out of
   * the answer could not be told (they are reported `unknown`, never resent); without it, all of them are.
   */
  reconcile?(ctx: Ctx, rows: InterruptedRow[]): Promise<Map<string, Reconciled>>;
  /** Said when the row's latest send time passes. */
  notAfterWhy?: string;
}

export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();

  register(name: string, channel: Channel): this {
    this.channels.set(name, channel);
    return this;
  }

  get(name: OutboxTable["channel"]): Channel | undefined {
    return this.channels.get(name);
  }
}
