// Anti-harassment (G3): rules over group messages, the events they logged with evidence, and the blacklist of
// customers refused when they come back through a group code.
import type { ColumnType, Generated } from "kysely";

export type GuardKind = "link" | "mini_program" | "keyword" | "flood" | "card" | "rejoin";

export interface GroupGuardRulesTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  enabled: boolean;
  /** Empty: every group of the corp. */
  chat_ids: string[];
  check_links: boolean;
  allowed_domains: string[];
  allowed_mini_programs: string[];
  ad_keywords: string[];
  flood_count: number | null;
  flood_seconds: number | null;
  block_cards: boolean;
  strikes: number;
  strike_window_hours: number;
  allowed_senders: string[];
  created_at: Date;
  updated_at: Date;
}

export interface GroupGuardEventsTable {
  id: Generated<string>;
  corp_id: string;
  chat_id: string;
  member_id: string;
  rule_id: string | null;
  kind: GuardKind;
  action: "strike" | "removal" | "rejoin";
  evidence: ColumnType<Record<string, unknown>, string, string>;
  removal_task_id: string | null;
  at: Date;
}

export interface GroupBlacklistTable {
  corp_id: string;
  external_userid: string;
  reason: string;
  guard_event_id: string | null;
  created_at: Date;
}

export interface GroupGuardTables {
  group_guard_rules: GroupGuardRulesTable;
  group_guard_events: GroupGuardEventsTable;
  group_blacklist: GroupBlacklistTable;
}
