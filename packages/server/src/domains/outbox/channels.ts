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

export type FailureVerdict = { retry: true; reason: string } | { retry: false; reason: string };

export interface Channel {
  /** Sends the message; resolves with what to remember about the delivery (or nothing). */
  send(ctx: Ctx, row: OutboxRow): Promise<Record<string, unknown> | undefined>;
  /** Whether a failure may be retried without risking a duplicate, and why it failed. */
  classify(err: unknown): FailureVerdict;
  /** Marketing counts against quotas and caps and respects opt-outs and quiet hours; service does not. */
  purpose: Purpose;
  /** What the gate needs to see of the content (text and attachments). */
  content(row: OutboxRow): { text?: string; attachments?: unknown[] };
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
