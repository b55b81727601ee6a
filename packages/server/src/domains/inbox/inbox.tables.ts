// The callback inbox.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface InboxTables {
  inbox_events: InboxEventsTable;
}
