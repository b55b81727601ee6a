// Group registry (G1): members joining and leaving customer groups, for per-day statistics.
import type { Generated } from "kysely";

export interface GroupMemberEventsTable {
  id: Generated<string>;
  corp_id: string;
  chat_id: string;
  member_id: string;
  /** 1 member of the corp, 2 customer. */
  member_type: number;
  kind: "join" | "leave";
  /** join_scene (1 direct, 2 link, 3 QR) for joins, QuitScene (0 left, 1 removed) for leaves, when known. */
  scene: number | null;
  at: Date;
  /** callback: applied from change_external_chat; reread: found by comparing a groupchat/get with the registry. */
  source: "callback" | "reread";
}

export interface GroupRegistryTables {
  group_member_events: GroupMemberEventsTable;
}
