// The outbox: every planned outgoing message, one row per idempotency key, with its delivery status.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type OutboxStatus = "pending" | "sending" | "sent" | "dropped" | "failed" | "unknown";

export interface OutboxTable {
  id: Generated<string>;
  corp_id: string;
  idempotency_key: string;
  /** Who planned it: "welcome", later "mass-send", "journey", … */
  planner: string;
  /** How it goes out: a key of the dispatcher's channel registry, e.g. "wecom.welcome". */
  channel: string;
  /** external_userid, chat id or member id, per channel. */
  recipient: string;
  /** The member it is sent as, when the channel has one. */
  sender: string | null;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  not_before: Timestamp;
  not_after: Timestamp | null;
  attempts: Generated<number>;
  /** Why it was dropped, failed or left unknown; the last transient error while pending. */
  reason: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  sent_at: Date | null;
  /** What the channel learned when sending (e.g. a mass message's msgid). */
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface OutboxTables {
  outbox: OutboxTable;
}
