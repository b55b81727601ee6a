// Follow relations and the customer timeline.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface ContactsTables {
  follow_relations: FollowRelationsTable;
  contact_timeline: ContactTimelineTable;
}
