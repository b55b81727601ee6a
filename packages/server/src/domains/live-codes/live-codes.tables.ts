// Channel live codes (渠道活码), their staff pools, and one row per customer added through a code.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** One online range on a weekday (1 Monday … 7 Sunday), local "HH:MM" times, end exclusive ("24:00" allowed). */
export interface ScheduleRange {
  weekday: number;
  start: string;
  end: string;
}

export interface LiveCodesTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  state: string;
  config_id: string | null;
  qr_code: string | null;
  strategy: "rotation" | "least_load" | "weighted";
  daily_cap: number | null;
  tag_ids: Json<string[]>;
  skip_verify: boolean;
  store_name: string | null;
  remark: string | null;
  enabled: Generated<boolean>;
  tz_offset_minutes: Generated<number>;
  /** The contact way's current `user` list, as last sent to WeCom. */
  offered_users: Json<string[]>;
  sync_needed: Generated<boolean>;
  next_check_at: Timestamp;
  synced_at: Date | null;
  last_sync_error: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface LiveCodeStaffTable {
  live_code_id: string;
  corp_id: string;
  userid: string;
  role: "primary" | "backup";
  position: number;
  weight: number;
  daily_cap: number | null;
  schedule: Json<ScheduleRange[]>;
}

export interface LiveCodeAddsTable {
  id: Generated<string>;
  corp_id: string;
  live_code_id: string;
  userid: string;
  external_userid: string;
  /** The local day (code's time zone) of the add, YYYY-MM-DD. */
  day: ColumnType<string, string, string>;
  added_at: Date;
  deleted_at: Date | null;
  deleted_day: ColumnType<string | null, string | null | undefined, string | null>;
  inbox_event_id: string | null;
}

export interface LiveCodesTables {
  live_codes: LiveCodesTable;
  live_code_staff: LiveCodeStaffTable;
  live_code_adds: LiveCodeAddsTable;
}
