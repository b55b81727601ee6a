// Group activities (社群活动): check-ins (打卡), lotteries and red-packet campaigns run in customer groups, and the
// entries customers make (one check-in per local day, each draw, each red-packet claim).
import type { ColumnType, Generated } from "kysely";
import type { ActivityConfig } from "./group-activities.schemas.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type Day = ColumnType<string, string, string>;

export type GroupActivityKind = "checkin" | "lottery" | "redpacket";
export type GroupActivityStatus = "active" | "paused" | "ended";

export interface GroupActivitiesTable {
  id: Generated<string>;
  corp_id: string;
  kind: GroupActivityKind;
  name: string;
  status: ColumnType<GroupActivityStatus, GroupActivityStatus | undefined, GroupActivityStatus>;
  /** The groups whose messages count. */
  chat_ids: TextArray;
  /** A group message containing it is an entry (打卡, 抽奖, 红包); null = entries through the API only. */
  keyword: string | null;
  /** Local days (the corp's UTC offset), inclusive. */
  starts_on: Day;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  config: Json<ActivityConfig>;
  tag_ids: TextArray;
  /** Red packets: what has been allocated so far. */
  spent_cents: ColumnType<string, string | number | undefined, string | number>;
  created_at: Date;
  updated_at: Timestamp;
}

export interface GroupActivityEntriesTable {
  id: Generated<string>;
  corp_id: string;
  activity_id: string;
  external_userid: string;
  day: Day;
  /** The n-th entry of that customer that day (lotteries may allow several draws). */
  seq: ColumnType<number, number | undefined, number>;
  chat_id: string | null;
  msgid: string | null;
  /** Lottery: { prize } or { prize: null }; red packet: { amountCents }. */
  outcome: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: Date;
}

export interface GroupActivitiesTables {
  group_activities: GroupActivitiesTable;
  group_activity_entries: GroupActivityEntriesTable;
}
