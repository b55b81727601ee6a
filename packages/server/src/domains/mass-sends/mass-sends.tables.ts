// Mass sends (migration 0013): the send, its WeCom tasks (one add_msg_template call each) and its recipients.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type MassSendStatus = "scheduled" | "sending" | "sent" | "cancelled" | "paused" | "failed";
export type MassTaskStatus = "planned" | "submitting" | "submitted" | "confirmed" | "failed" | "cancelled";
export type RecipientStatus =
  | "planned"
  | "deferred"
  | "dropped"
  | "submitted"
  | "sent"
  | "not_friend"
  | "quota"
  | "unconfirmed"
  | "failed";

export interface MassSendsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  /** MassTarget (mass-sends.schemas.ts). */
  target: Json<Record<string, unknown>>;
  /** MassContent: text and Siyu attachments (materials, links, mini programs). */
  content: Json<Record<string, unknown>>;
  scheduled_at: Date | null;
  on_quota: "defer" | "drop";
  status: MassSendStatus;
  paused_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Counts by recipient status, refreshed after planning, submitting and pulling results. */
  report: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  /** When results were last pulled from WeCom. */
  results_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  next_poll_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MassSendTasksTable {
  id: Generated<string>;
  corp_id: string;
  mass_send_id: string;
  sender: string;
  chat_type: "single" | "group";
  not_before: Date;
  status: MassTaskStatus;
  recipients: number;
  sent: ColumnType<number, number | undefined, number>;
  /** When add_msg_template was last called (or about to be): the reconcile window starts here. */
  attempt_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  attempts: ColumnType<number, number | undefined, number>;
  /** sha256 of the text and attachments sent, to recognise the task in get_groupmsg_list_v2. */
  body_hash: ColumnType<string | null, string | null | undefined, string | null>;
  msgid: ColumnType<string | null, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  reminds: ColumnType<Date[], Date[] | undefined, Date[]>;
}

export interface MassSendRecipientsTable {
  corp_id: string;
  mass_send_id: string;
  /** external_userid, or chat_id for group sends. */
  recipient: string;
  task_id: string | null;
  sender: string | null;
  status: RecipientStatus;
  reason: string | null;
  sent_at: Date | null;
}

export interface MassSendsTables {
  mass_sends: MassSendsTable;
  mass_send_tasks: MassSendTasksTable;
  mass_send_recipients: MassSendRecipientsTable;
}
