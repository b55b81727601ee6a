// Journeys ("T+" message lines): a line's steps live in immutable versions; each enrolled customer holds one row
// with the version it follows, the next step and that step's due time — the scheduler scans due rows, it never
// creates one delayed job per step.
import type { ColumnType, Generated } from "kysely";
import type { JourneyRule, LineCap } from "./journey-rules.schemas.ts";
import type { JourneyRulesTables } from "./journey-rules.tables.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type JourneyStatus = "active" | "paused";
export type EnrollmentStatus = "active" | "done" | "exited";

export interface JourneysTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  status: ColumnType<JourneyStatus, JourneyStatus | undefined, JourneyStatus>;
  /** The version new enrolments follow. */
  version: number;
  /** A paid order after enrolment ends the customer's line. */
  exit_on_order: ColumnType<boolean, boolean | undefined, boolean>;
  /** Exit and branch rules (journey-rules.schemas.ts), checked in order. */
  rules: ColumnType<JourneyRule[], string | undefined, string>;
  /** At most `messages` per customer per `days` from this line; null: only the send gate's caps. */
  cap: ColumnType<LineCap | null, string | null | undefined, string | null>;
  /** Live codes (live_codes.id) whose adds are enrolled. */
  live_code_ids: ColumnType<string[], string | undefined, string>;
  segment_id: string | null;
  /** "once": members when the segment was set; "continuous": also customers who match later. */
  segment_mode: "once" | "continuous" | null;
  segment_polled_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JourneyVersionsTable {
  corp_id: string;
  journey_id: string;
  version: number;
  steps: Json<unknown[]>;
  created_at: Timestamp;
}

export interface JourneyEnrollmentsTable {
  id: Generated<string>;
  corp_id: string;
  journey_id: string;
  version: number;
  customer_id: string;
  external_userid: string;
  enrolled_at: Date;
  /** How the customer came in: "api", "hand", "segment:<id>", "live_code:<id>". */
  source: string;
  /** Index of the next step to run. */
  step: ColumnType<number, number | undefined, number>;
  next_due_at: Date | null;
  status: ColumnType<EnrollmentStatus, EnrollmentStatus | undefined, EnrollmentStatus>;
  exit_reason: string | null;
  /** The line the customer was moved to by a rule. */
  moved_to: string | null;
  updated_at: Timestamp;
}

export interface JourneysTables extends JourneyRulesTables {
  journeys: JourneysTable;
  journey_versions: JourneyVersionsTable;
  journey_enrollments: JourneyEnrollmentsTable;
}
