// Outbound-call campaigns (A6, 外呼加微): planner settings, campaigns, their planned calls, the personal live
// codes of assigned members, imported call attempts and import runs with their row-by-row issues.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type BigintCol = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface CallCampaignSettingsTable {
  corp_id: string;
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Timestamp;
}

export interface CallCampaignsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  kind: "brand" | "platform";
  brand_name: string;
  bucket: string;
  tiers: ColumnType<string[], string[] | undefined, string[]>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  /** The first local day of the schedule, YYYY-MM-DD. */
  start_day: string;
  days: number;
  total: number;
  /** The capacity the schedule was spread over (per member caps and totals at planning time). */
  capacity: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CallCampaignCallsTable {
  id: Generated<string>;
  corp_id: string;
  campaign_id: string;
  rank: number;
  phone: string;
  name: string | null;
  unionid: string | null;
  customer_id: string | null;
  bucket: string;
  tier: string;
  category: string;
  last_order_at: NullableTime;
  usual_amount_cents: BigintCol;
  total_cents: BigintCol;
  incentive: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  script_key: string;
  script: Json<{ step: string; text: string }[]>;
  day: string;
  call_window: string;
  planned_at: Timestamp;
  /** When to dial again if the planned call goes unanswered (20 minutes later, inside a window). */
  redial_at: Timestamp;
  userid: string;
  attempts: ColumnType<number, number | undefined, number>;
  /** The latest result: A | B | C | no_answer | refused | invalid_number; null until called. */
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  outcome_at: NullableTime;
  next_redial_at: NullableTime;
  /** active (A/B "add me") or passive (C), once planned. */
  sms_kind: ColumnType<string | null, string | null | undefined, string | null>;
  sms_outbox_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CallCampaignCodesTable {
  corp_id: string;
  campaign_id: string;
  userid: string;
  live_code_id: string;
}

export interface CallResultImportsTable {
  id: Generated<string>;
  corp_id: string;
  campaign_id: string;
  file_name: string | null;
  format: string | null;
  encoding: string | null;
  status: "applied" | "rejected";
  rows_total: number;
  applied: number;
  unchanged: number;
  skipped: number;
  errors: number;
  sms_planned: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CallResultImportIssuesTable {
  import_id: string;
  corp_id: string;
  row_number: number;
  severity: "error" | "skipped";
  code: string;
  message: string;
  value: string | null;
}

export interface CallAttemptsTable {
  id: Generated<string>;
  corp_id: string;
  campaign_id: string;
  call_id: string;
  call_key: string;
  outcome: string;
  started_at: NullableTime;
  connected_at: NullableTime;
  ended_at: NullableTime;
  duration_s: number | null;
  agent: string | null;
  note: string | null;
  import_id: string | null;
  created_at: Timestamp;
}

export interface CallCampaignsTables {
  call_campaign_settings: CallCampaignSettingsTable;
  call_campaigns: CallCampaignsTable;
  call_campaign_calls: CallCampaignCallsTable;
  call_campaign_codes: CallCampaignCodesTable;
  call_result_imports: CallResultImportsTable;
  call_result_import_issues: CallResultImportIssuesTable;
  call_attempts: CallAttemptsTable;
}
