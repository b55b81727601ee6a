// Auto-tagging rules and what they act on: activity participations, tracked links and their opens, staff alerts,
// ingested chat messages with per-source cursors, live-viewer imports, and the queue of rule tag changes.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type TagRuleKind = "keyword" | "link" | "order" | "live" | "activity" | "moment";

export interface TagRulesTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  kind: TagRuleKind;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  add_tags: TextArray;
  remove_tags: TextArray;
  /** Kind-specific settings (keywords, link, order thresholds, live thresholds, activity, moment); see auto-tags.schemas.ts. */
  config: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type RuleActionStatus = "pending" | "done" | "skipped" | "failed";

export interface RuleTagActionsTable {
  id: Generated<string>;
  corp_id: string;
  rule_id: string | null;
  rule_name: string;
  external_userid: string;
  userid: string;
  add_tags: TextArray;
  remove_tags: TextArray;
  /** Why the rule fired, in words ("said 口红", "watched 75 min of 夏季新品发布"). */
  reason: string;
  status: ColumnType<RuleActionStatus, RuleActionStatus | undefined, RuleActionStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  error: string | null;
  not_before: Timestamp;
  created_at: Timestamp;
  done_at: Date | null;
}

export type ActivityKind = "live" | "checkin" | "lottery" | "fission" | "other";

export interface ActivityParticipationsTable {
  corp_id: string;
  customer_id: string;
  /** A key, e.g. 'live:lvqxwr3ktr1p5RfqDrGgTv6wFZ'. */
  activity: string;
  kind: ActivityKind;
  occurred_at: Date;
  detail: Json<Record<string, unknown>>;
}

export interface TrackedLinksTable {
  id: Generated<string>;
  corp_id: string;
  url: string;
  title: string | null;
  rule_id: string | null;
  created_at: Timestamp;
}

export interface TrackedLinkTokensTable {
  token: string;
  corp_id: string;
  link_id: string;
  external_userid: string;
  userid: string;
  created_at: Timestamp;
  open_count: ColumnType<number, number | undefined, number>;
  first_opened_at: Date | null;
  last_opened_at: Date | null;
}

export interface TrackedLinkOpensTable {
  id: Generated<string>;
  corp_id: string;
  token: string;
  link_id: string;
  external_userid: string;
  userid: string;
  user_agent: string | null;
  opened_at: Date;
}

export interface StaffAlertsTable {
  id: Generated<string>;
  corp_id: string;
  userid: string;
  kind: string;
  external_userid: string | null;
  text: string;
  detail: Json<Record<string, unknown>>;
  outbox_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

export type MessageSource = "archive" | "bridge" | "kf";

export interface ChatMessagesTable {
  corp_id: string;
  source: string;
  msgid: string;
  sender: string;
  receiver: string | null;
  room_id: string | null;
  kind: string;
  text: string | null;
  external_userid: string | null;
  userid: string | null;
  from_customer: ColumnType<boolean, boolean | undefined, boolean>;
  sent_at: Date;
  received_at: Date;
}

export interface MessageCursorsTable {
  corp_id: string;
  source: string;
  cursor: string;
  updated_at: Timestamp;
}

export interface LiveImportsTable {
  id: Generated<string>;
  corp_id: string;
  file_name: string | null;
  rows: ColumnType<number, number | undefined, number>;
  matched: ColumnType<number, number | undefined, number>;
  skipped: Json<{ row: number; reason: string }[]>;
  lives: Json<{ liveId: string; title: string; viewers: number }[]>;
  created_by: string | null;
  created_at: Date;
}

export interface AutoTagsTables {
  tag_rules: TagRulesTable;
  rule_tag_actions: RuleTagActionsTable;
  activity_participations: ActivityParticipationsTable;
  tracked_links: TrackedLinksTable;
  tracked_link_tokens: TrackedLinkTokensTable;
  tracked_link_opens: TrackedLinkOpensTable;
  staff_alerts: StaffAlertsTable;
  chat_messages: ChatMessagesTable;
  message_cursors: MessageCursorsTable;
  live_imports: LiveImportsTable;
}
