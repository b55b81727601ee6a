// SOPs (E5): a SOP is a content calendar for staff members' customers (personal) or for customer groups
// (group); each calendar entry (rule) holds its next firing time, which the SOP scheduler scans. A firing makes
// tasks: one per owner (personal: "send this to these customers") or per group (group: "send this to this
// group"), each tracked to completion and escalated to the owner's department leader when overdue.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type SopKind = "personal" | "group";
/** remind: the owner sends it by hand; auto: Siyu plans the mass sends through the gate, the owner confirms. */
export type SopMode = "remind" | "auto";
export type SopStatus = "active" | "paused";
export type SopTaskStatus = "open" | "done";

export interface SopsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  kind: SopKind;
  mode: SopMode;
  status: ColumnType<SopStatus, SopStatus | undefined, SopStatus>;
  audience: Json<unknown>;
  /** A task not done this many hours after it fell due escalates. */
  deadline_hours: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SopRulesTable {
  id: Generated<string>;
  corp_id: string;
  sop_id: string;
  position: number;
  schedule: Json<unknown>;
  content: Json<unknown>;
  /** The next firing; null once a dated entry has fired (or the SOP is paused). */
  next_due_at: Date | null;
  last_fired_at: Date | null;
}

export interface SopTasksTable {
  id: Generated<string>;
  corp_id: string;
  sop_id: string;
  rule_id: string | null;
  /** The member who should send it. */
  owner: string;
  /** "owner:<userid>" (personal) or "chat:<chat_id>" (group): one task per firing and key. */
  target_key: string;
  chat_id: string | null;
  /** external_userids (personal) or the chat id (group). */
  targets: ColumnType<string[], string[], string[]>;
  content: Json<unknown>;
  mode: SopMode;
  /** The firing this task belongs to. */
  due_at: Date;
  deadline_at: Date;
  status: ColumnType<SopTaskStatus, SopTaskStatus | undefined, SopTaskStatus>;
  done_at: Date | null;
  /** "owner" (marked in the console), "operator:<user id>", or "detected" (the member confirmed the mass send). */
  done_by: string | null;
  escalated_at: Date | null;
  /** The leader told; null when the owner has none in the directory. */
  escalated_to: string | null;
  /** When completion was last looked for in WeCom (auto tasks). */
  checked_at: Date | null;
  created_at: Timestamp;
}

export interface SopsTables {
  sops: SopsTable;
  sop_rules: SopRulesTable;
  sop_tasks: SopTasksTable;
}
