// Table types for Kysely. Every business table carries corp_id.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CorpsTable {
  corp_id: string;
  name: string;
  api_base: string;
  agent_id: string | null;
  secret_enc: string;
  token_enc: string;
  aes_key_enc: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type InboxStatus = "pending" | "done" | "dead";

export interface InboxEventsTable {
  id: Generated<string>;
  corp_id: string;
  event_key: string;
  event_type: string;
  payload: string;
  status: ColumnType<InboxStatus, InboxStatus | undefined, InboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  received_at: Timestamp;
  processed_at: Date | null;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  role: "admin" | "operator" | "team_lead" | "staff";
  created_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Date;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface FollowRelationsTable {
  corp_id: string;
  external_userid: string;
  userid: string;
  state: string | null;
  status: "active" | "pending" | "deleted_by_member" | "deleted_by_customer";
  added_at: Date | null;
  updated_at: Timestamp;
}

export interface ContactTimelineTable {
  id: Generated<string>;
  corp_id: string;
  external_userid: string;
  userid: string | null;
  kind: string;
  detail: ColumnType<Record<string, unknown>, string, string>;
  occurred_at: Date;
  inbox_event_id: string | null;
}

export interface Database {
  corps: CorpsTable;
  inbox_events: InboxEventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  follow_relations: FollowRelationsTable;
  contact_timeline: ContactTimelineTable;
}
