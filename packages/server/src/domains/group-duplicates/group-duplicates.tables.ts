// Duplicate members (G2): the corp's keep rules and the owner removal tasks (shared with anti-harassment).
import type { ColumnType, Generated } from "kysely";

export type KeepRule = "store_group" | "newest" | "oldest" | "largest" | "smallest";
export type RemovalStatus = "pending" | "confirmed" | "done" | "dismissed" | "moot";

export interface GroupDuplicateSettingsTable {
  corp_id: string;
  keep: KeepRule[];
  updated_at: Date;
}

export interface GroupRemovalTasksTable {
  id: Generated<string>;
  corp_id: string;
  chat_id: string;
  owner: string | null;
  member_id: string;
  reason: "duplicate" | "harassment";
  status: RemovalStatus;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Date;
  confirmed_at: Date | null;
  /** The console user who confirmed, or `rule:<id>` when an anti-harassment rule decided. */
  confirmed_by: string | null;
  closed_at: Date | null;
  /** From the del_member callback that closed it: 0 left by themselves, 1 removed. */
  quit_scene: number | null;
}

export interface GroupDuplicatesTables {
  group_duplicate_settings: GroupDuplicateSettingsTable;
  group_removal_tasks: GroupRemovalTasksTable;
}
