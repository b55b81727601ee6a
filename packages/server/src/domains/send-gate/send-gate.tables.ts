// Every decision the send gate took, so an operator can read why a message went out, waited or was dropped;
// and what the gate's rules read: per-corp settings, sensitive words, opt-outs, sender restrictions,
// customers' active windows, and past touches.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SendDecisionsTable {
  id: Generated<string>;
  corp_id: string;
  outbox_id: string | null;
  idempotency_key: string;
  action: "send" | "defer" | "drop";
  /** The rule that decided (null when every rule let it through). */
  rule: string | null;
  reason: string;
  defer_until: Date | null;
  decided_at: Date;
  recipient: ColumnType<string | null, string | null | undefined, string | null>;
  sender: ColumnType<string | null, string | null | undefined, string | null>;
  planner: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SendGateSettingsTable {
  corp_id: string;
  /** A GateSettings document (gate-settings.ts). */
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Timestamp;
}

export interface SensitiveWordsTable {
  corp_id: string;
  word: string;
  category: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface OptOutsTable {
  corp_id: string;
  external_userid: string;
  /** "chat" (said 退订), "manual", "api". */
  source: string;
  detail: string | null;
  opted_out_at: Date;
  /** customers.id, filled on insert (migration 0030); null when not a known customer. */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type SenderRestrictionState = "limited" | "member_banned" | "corp_banned";

export interface SenderRestrictionsTable {
  id: Generated<string>;
  corp_id: string;
  userid: string;
  state: SenderRestrictionState;
  since: Date;
  /** The end of the cool-down; null = until lifted by hand. */
  until: Date | null;
  /** "manual" or "api" (seen in a failed call). */
  source: string;
  note: string | null;
  lifted_at: Date | null;
}

export interface CustomerSendWindowsTable {
  corp_id: string;
  external_userid: string;
  start_minute: number;
  end_minute: number;
  source: string;
  /** customers.id, filled on insert (migration 0030); null when not a known customer. */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RecipientTouchesTable {
  corp_id: string;
  recipient: string;
  outbox_id: string | null;
  planner: string;
  touched_at: Date;
  /** customers.id, filled on insert (migration 0030); null for a group or an unknown customer. */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SendGateTables {
  send_decisions: SendDecisionsTable;
  send_gate_settings: SendGateSettingsTable;
  sensitive_words: SensitiveWordsTable;
  opt_outs: OptOutsTable;
  sender_restrictions: SenderRestrictionsTable;
  customer_send_windows: CustomerSendWindowsTable;
  recipient_touches: RecipientTouchesTable;
}
