// Inheritance (离职继承 / 在职继承): transfer jobs, their customers and groups (migration 0026).
import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;

export type TransferKind = "resigned" | "onjob";
export type AssignMode = "rule" | "hand";
/** planned → waiting (WeCom accepted the start; 24 h takeover) → succeeded | refused | limit; failed: WeCom refused
 * to start it (errcode) or has no record of it. */
export type CustomerTransferStatus = "planned" | "waiting" | "succeeded" | "refused" | "limit" | "failed";
export type GroupTransferStatus = "planned" | "succeeded" | "failed";

export interface JobBefore {
  customers: number;
  groups: number;
  /** Planned customers per takeover member when the job was made. */
  perTakeover: Record<string, number>;
}

export interface InheritanceJobsTable {
  id: Generated<string>;
  corp_id: string;
  kind: TransferKind;
  handover_userid: string;
  mode: AssignMode;
  /** In-service only: transfer_success_msg shown to the customers (migration 0026b). */
  message: ColumnType<string | null, string | null | undefined, string | null>;
  before: Json<JobBefore>;
  status: ColumnType<"running" | "done", "running" | "done" | undefined, "running" | "done">;
  /** When the scheduler next starts planned transfers or asks WeCom for results; null when nothing is open. */
  next_poll_at: Date | null;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

export interface InheritanceCustomersTable {
  id: Generated<string>;
  corp_id: string;
  job_id: string;
  external_userid: string;
  takeover_userid: string;
  status: ColumnType<CustomerTransferStatus, CustomerTransferStatus | undefined, CustomerTransferStatus>;
  /** WeCom's per-item errcode when the start failed. */
  errcode: number | null;
  reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  started_at: Date | null;
  /** When WeCom takes the customer over (24 h after the start) or did. */
  takeover_at: Date | null;
  finished_at: Date | null;
  /** When journeys, SOP tasks and follow-ups moved to the takeover member. */
  moved_at: Date | null;
  updated_at: Date;
}

export interface InheritanceGroupsTable {
  id: Generated<string>;
  corp_id: string;
  job_id: string;
  chat_id: string;
  new_owner: string;
  status: ColumnType<GroupTransferStatus, GroupTransferStatus | undefined, GroupTransferStatus>;
  errcode: number | null;
  reason: string | null;
  finished_at: Date | null;
  updated_at: Date;
}

export interface InheritanceTables {
  inheritance_jobs: InheritanceJobsTable;
  inheritance_customers: InheritanceCustomersTable;
  inheritance_groups: InheritanceGroupsTable;
}
