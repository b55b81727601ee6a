// Tables of journey rules (migration 0017): the step log (each step planned or skipped, with the reason), staff
// tasks for customers who replied, coupon pools and their codes.
import type { ColumnType, Generated } from "kysely";

export type StepOutcome = "planned" | "skipped";

export interface JourneyStepLogTable {
  id: Generated<string>;
  corp_id: string;
  journey_id: string;
  enrollment_id: string;
  customer_id: string;
  version: number;
  step: number;
  /** "wecom" or "sms". */
  channel: string;
  outcome: StepOutcome;
  reason: string | null;
  at: Date;
}

export interface JourneyTasksTable {
  id: Generated<string>;
  corp_id: string;
  journey_id: string;
  enrollment_id: string;
  customer_id: string;
  external_userid: string;
  /** The staff member who follows the customer (null when nobody does any more). */
  userid: string | null;
  reason: string;
  status: ColumnType<"open" | "done", "open" | "done" | undefined, "open" | "done">;
  created_at: Date;
  done_at: Date | null;
}

export interface CouponPoolsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  created_at: Date;
}

export interface CouponCodesTable {
  corp_id: string;
  pool_id: string;
  code: string;
  customer_id: string | null;
  assigned_at: Date | null;
  /** Set when the code was handed out as an activity reward (fission, check-in, lottery), not by a journey. */
  reward_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface JourneyRulesTables {
  journey_step_log: JourneyStepLogTable;
  journey_tasks: JourneyTasksTable;
  coupon_pools: CouponPoolsTable;
  coupon_codes: CouponCodesTable;
}
