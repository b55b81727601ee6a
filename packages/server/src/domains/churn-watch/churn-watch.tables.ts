// Complaint and churn watch: customers leaving (deletions and blocks) as the callbacks report them, the corp's
// thresholds, and the campaigns and automations (planners) paused for crossing them.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ChurnKind = "customer_deleted" | "member_deleted";

export interface ChurnEventsTable {
  id: Generated<string>;
  corp_id: string;
  external_userid: string;
  /** The member the relation was with. */
  userid: string;
  /** customer_deleted: del_follow_user (the customer deleted or blocked the member); member_deleted: del_external_contact. */
  kind: ChurnKind;
  /** del_external_contact's Source (DELETE_BY_TRANSFER). */
  source: string | null;
  occurred_at: Date;
  inbox_event_id: string | null;
}

export interface ChurnWatchSettingsTable {
  corp_id: string;
  /** A ChurnWatchSettings document (churn-watch.settings.ts). */
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Timestamp;
}

export interface PausedPlannersTable {
  id: Generated<string>;
  corp_id: string;
  /** "mass-send:<id>", "journey:<id>", "welcome", … */
  planner: string;
  paused_at: Date;
  /** In words, with the figures: "campaign paused: 31 deletions of 1,000 sends in 24 h (3.1% > 2%)". */
  reason: string;
  figures: ColumnType<Record<string, unknown>, string, string>;
  resumed_at: Date | null;
  /** The console user who resumed it. */
  resumed_by: string | null;
}

export interface ChurnWatchTables {
  churn_events: ChurnEventsTable;
  churn_watch_settings: ChurnWatchSettingsTable;
  paused_planners: PausedPlannersTable;
}
