// Follow-up plans and response-time SLA (E8). A template holds the rounds of a 1:1 follow-up (interest → answer
// objections → offer) and what a "no" does (a softer fallback branch, or the end); a plan is one template
// running for one (customer, member) relation with its next round's due time, which the follow-up scheduler
// scans; each due round becomes a task for the member, closed with an outcome. SLA: one exchange per
// (customer, member) wait — opened by a customer message, first replied, fully answered — and breaches of the
// corp's first-reply / full-answer limits, alerted to the member's team lead.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type PlanStatus = "active" | "completed" | "ended";
export type PlanBranch = "main" | "fallback";
export type FollowupTaskStatus = "open" | "done" | "cancelled";
export type Outcome = "positive" | "neutral" | "no";
export type BreachKind = "first_reply" | "full_answer";

export interface FollowupTemplatesTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  /** [{ name, day, at, script }] — day N after the plan started, at HH:MM corp time. */
  rounds: Json<unknown>;
  /** { action: "end" } or { action: "fallback", rounds: [...] } (days after the "no"). */
  on_no: Json<unknown>;
  /** Tell the member by WeCom app message when a round falls due. */
  remind: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FollowupPlansTable {
  id: Generated<string>;
  corp_id: string;
  template_id: string;
  external_userid: string;
  /** The member who owns the relation and does the rounds. */
  userid: string;
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>;
  branch: ColumnType<PlanBranch, PlanBranch | undefined, PlanBranch>;
  /** The rounds of the branch, copied when the branch starts (editing a template leaves running plans alone). */
  rounds: Json<unknown>;
  /** Index of the next round to become a task; = rounds.length when all are out. */
  next_round: number;
  next_due_at: Date | null;
  /** When the current branch started (its rounds' days count from here). */
  branch_started_at: Date;
  on_no: Json<unknown>;
  started_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  started_by: string;
}

export interface FollowupTasksTable {
  id: Generated<string>;
  corp_id: string;
  plan_id: string;
  userid: string;
  external_userid: string;
  branch: PlanBranch;
  round: number;
  name: string;
  script: string;
  due_at: Date;
  status: ColumnType<FollowupTaskStatus, FollowupTaskStatus | undefined, FollowupTaskStatus>;
  outcome: Outcome | null;
  note: string | null;
  done_at: Date | null;
  done_by: string | null;
  created_at: Timestamp;
}

export interface FollowupSlaSettingsTable {
  corp_id: string;
  settings: Json<unknown>;
  updated_at: Timestamp;
}

export interface SlaExchangesTable {
  id: Generated<string>;
  corp_id: string;
  external_userid: string;
  userid: string;
  /** The customer's first unanswered message: the clock starts here. */
  opened_at: Date;
  /** When the clock started: opened_at, or when working hours next opened after it. */
  clock_from: Date;
  first_reply_at: Date | null;
  /** The customer's oldest message without a member reply after it; null when all are answered. */
  pending_since: Date | null;
  /** When every customer message of the exchange last had a reply after it. */
  answered_at: Date | null;
  /** The first-reply and full-answer deadlines (opened_at + the corp's limits when it opened). */
  first_reply_due: Date;
  full_answer_due: Date;
  /** Set once breaches have been looked for after each deadline passed. */
  first_checked: boolean;
  full_checked: boolean;
}

export interface SlaBreachesTable {
  id: Generated<string>;
  corp_id: string;
  exchange_id: string;
  external_userid: string;
  userid: string;
  kind: BreachKind;
  opened_at: Date;
  due_at: Date;
  /** The reply that came late (null: none by the time it was found). */
  replied_at: Date | null;
  detected_at: Date;
  alerted_at: Date | null;
  /** The team lead told; null when the member has none in the directory. */
  alerted_to: string | null;
}

export interface FollowupsTables {
  followup_templates: FollowupTemplatesTable;
  followup_plans: FollowupPlansTable;
  followup_tasks: FollowupTasksTable;
  followup_sla_settings: FollowupSlaSettingsTable;
  sla_exchanges: SlaExchangesTable;
  sla_breaches: SlaBreachesTable;
}
