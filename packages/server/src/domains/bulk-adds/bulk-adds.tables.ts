// Bulk adds (A5): imported phone lists, their leads (one per phone and corp) and the daily add tasks.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface BadRow {
  row: number;
  field: string;
  message: string;
}

export interface BulkAddListsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  file_name: string | null;
  rows: number;
  added: number;
  duplicates: number;
  already_friends: number;
  already_listed: number;
  bad_rows: ColumnType<BadRow[], string, string>;
  created_at: Timestamp;
}

export type LeadStatus = "waiting" | "assigned" | "accepted" | "gave_up";

export interface BulkAddLeadsTable {
  id: Generated<string>;
  corp_id: string;
  list_id: string;
  phone: string;
  name: string | null;
  row_number: number;
  status: ColumnType<LeadStatus, LeadStatus | undefined, LeadStatus>;
  /** Members who already had this lead (an expired task re-assigns it to someone else). */
  tried: ColumnType<string[], string[] | undefined, string[]>;
  external_userid: ColumnType<string | null, string | null | undefined, string | null>;
  accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
}

export type TaskStatus = "assigned" | "sent" | "accepted" | "expired";

export interface BulkAddTasksTable {
  id: Generated<string>;
  corp_id: string;
  lead_id: string;
  userid: string;
  /** The corp-local day the task is for, YYYY-MM-DD. */
  day: string;
  /** Not before: tasks are spread over the day so an account stays under its hourly threshold. */
  due_at: Date;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  assigned_at: Date;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  expires_at: Date;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface BulkAddsTables {
  bulk_add_lists: BulkAddListsTable;
  bulk_add_leads: BulkAddLeadsTable;
  bulk_add_tasks: BulkAddTasksTable;
}
