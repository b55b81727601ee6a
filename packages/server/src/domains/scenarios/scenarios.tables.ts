// Scenario triggers (E4): customer-held coupons and subscriptions/courses imported from files or the API, the
// import runs with their rejected rows, the corp's scenarios (a template's trigger + an optional saved-segment
// audience + the journey line that carries content and channel) and one firing per customer and trigger instance.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Count = ColumnType<number, number | undefined, number>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Columns both holdings share: who holds it (bound like orders), where it came from. */
interface HoldingColumns {
  id: Generated<string>;
  corp_id: string;
  source: string;
  /** The source's id of the coupon or subscription; unique per corp and source. */
  item_id: string;
  customer_id: NullableText;
  external_userid: NullableText;
  unionid: NullableText;
  phone: NullableText;
  bound_by: ColumnType<
    "external_userid" | "unionid" | "phone" | null,
    "external_userid" | "unionid" | "phone" | null | undefined,
    "external_userid" | "unionid" | "phone" | null
  >;
  expires_at: Timestamp;
  import_id: NullableText;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerCouponsTable extends HoldingColumns {
  name: string;
  value_cents: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  issued_at: NullableTime;
  used_at: NullableTime;
}

export interface CustomerSubscriptionsTable extends HoldingColumns {
  product: string;
  starts_at: NullableTime;
  renewal_price_cents: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

export type HoldingKind = "coupons" | "subscriptions";

export interface ScenarioImportsTable {
  id: Generated<string>;
  corp_id: string;
  kind: HoldingKind;
  source: string;
  file_name: string | null;
  status: ColumnType<
    "running" | "done" | "failed",
    "running" | "done" | "failed" | undefined,
    "running" | "done" | "failed"
  >;
  rows_total: Count;
  inserted: Count;
  updated: Count;
  unchanged: Count;
  bad_rows: Count;
  bound: Count;
  error: NullableText;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: NullableTime;
}

export interface ScenarioImportErrorsTable {
  import_id: string;
  corp_id: string;
  /** The row as the user sees it in the file, the header being row 1. */
  row_number: number;
  code: string;
  reason: string;
  field: string | null;
  value: string | null;
}

export type ScenarioTemplate =
  | "lead_captured"
  | "first_order"
  | "coupon_expiring"
  | "subscription_expiring"
  | "renewal_due"
  | "churn_winback";

export interface ScenariosTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  template: ScenarioTemplate;
  /** The template's parameters (days, hours, live codes…). */
  params: Json<Record<string, unknown>>;
  /** Audience: only members of this saved segment (null: everyone the trigger finds). */
  segment_id: NullableText;
  /** The line customers are enrolled on; its steps hold the content and channel. */
  journey_id: string;
  status: ColumnType<"active" | "paused", "active" | "paused" | undefined, "active" | "paused">;
  /** The scanner's last full pass over this scenario. */
  scanned_at: NullableTime;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ScenarioFiringsTable {
  id: Generated<string>;
  corp_id: string;
  scenario_id: string;
  customer_id: string;
  external_userid: string;
  /** What fired: `coupon:<id>`, `subscription:<id>`, `renewal:<id>`, `lead`, `first-order`, `idle:<since>`. */
  instance: string;
  reason: string;
  /** false: the customer was already on the line (a line enrols each customer once). */
  enrolled: boolean;
  fired_at: Timestamp;
}

export interface ScenariosTables {
  customer_coupons: CustomerCouponsTable;
  customer_subscriptions: CustomerSubscriptionsTable;
  scenario_imports: ScenarioImportsTable;
  scenario_import_errors: ScenarioImportErrorsTable;
  scenarios: ScenariosTable;
  scenario_firings: ScenarioFiringsTable;
}
