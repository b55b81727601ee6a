// Follow relations (one customer, many members) and the customer timeline.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface FollowRelationsTable {
  corp_id: string;
  external_userid: string;
  userid: string;
  /** The contact-way state (渠道) the customer came through. */
  state: string | null;
  status: "active" | "pending" | "deleted_by_member" | "deleted_by_customer" | "transferred";
  /** WeCom's createtime: when the member added the customer. */
  added_at: Date | null;
  updated_at: Timestamp;
  remark: ColumnType<string, string | undefined, string>;
  description: ColumnType<string, string | undefined, string>;
  remark_mobiles: TextArray;
  remark_corp_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** contract §4.1 add_way (0 unknown, 1 QR scan, 2 phone search, …). */
  add_way: ColumnType<number | null, number | null | undefined, number | null>;
  oper_userid: ColumnType<string | null, string | null | undefined, string | null>;
  seen_run: ColumnType<string | null, string | number | null | undefined, string | number | null>;
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
