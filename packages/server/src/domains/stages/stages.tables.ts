// The lifecycle pipeline per corp, each customer's current stage, and per-corp churn settings (migration 0007).
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StagesTable {
  id: Generated<string>;
  corp_id: string;
  /** 'new' | 'engaged' | 'first_order' | 'repeat' | 'churn_risk' | 'churned' for the defaults; generated for custom stages. */
  key: string;
  name: string;
  position: number;
  builtin: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerStagesTable {
  corp_id: string;
  customer_id: string;
  stage_id: string;
  entered_at: Timestamp;
  /** Why the customer is here: 'customer.added', 'order.paid', 'no_order', 'manual', 'stage.removed', … */
  reason: string;
  source: ColumnType<"rule" | "manual", "rule" | "manual" | undefined, "rule" | "manual">;
  rule: ColumnType<string | null, string | null | undefined, string | null>;
  moved_by: ColumnType<string | null, string | null | undefined, string | null>;
  paid_orders: ColumnType<number, number | undefined, number>;
  last_paid_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface StageSettingsTable {
  corp_id: string;
  churn_risk_days: ColumnType<number, number | undefined, number>;
  churned_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface StagesTables {
  stages: StagesTable;
  customer_stages: CustomerStagesTable;
  stage_settings: StageSettingsTable;
}
