// Shapes of the auto-tagging API as the console consumes them
// (mirrors packages/server/src/domains/auto-tags/auto-tags.schemas.ts).

export type RuleKind = "keyword" | "link" | "order" | "live" | "activity" | "moment";

export interface KeywordConfig {
  keywords: string[];
  from?: "customer" | "anyone";
}
export interface LinkConfig {
  url: string;
  title?: string;
  alert?: boolean;
}
export interface OrderConfig {
  minTotalCents?: number;
  minOrderCents?: number;
  minOrders?: number;
  categories?: string[];
  withinDays?: number;
}
export interface LiveConfig {
  liveId?: string;
  minWatchMinutes?: number;
  commented?: boolean;
  spoke?: boolean;
}
export interface ActivityConfig {
  activity: string;
  kind?: "live" | "checkin" | "lottery" | "fission" | "other";
}

export interface MomentRuleConfig {
  /** One moment (Siyu's id); absent = any moment. */
  momentId?: string;
  interaction?: "like" | "comment" | "any";
}

export type RuleConfig =
  | KeywordConfig
  | LinkConfig
  | OrderConfig
  | LiveConfig
  | ActivityConfig
  | MomentRuleConfig;

export interface RuleInput {
  kind: RuleKind;
  name: string;
  enabled: boolean;
  addTags: string[];
  removeTags: string[];
  config: RuleConfig;
}

export interface TagRule {
  id: string;
  corpId: string;
  name: string;
  kind: RuleKind;
  enabled: boolean;
  addTags: { id: string; name: string | null }[];
  removeTags: { id: string; name: string | null }[];
  config: Record<string, unknown>;
  linkId: string | null;
  applied: number;
  createdAt: string;
  updatedAt: string;
}

export interface StaffAlert {
  id: string;
  userid: string;
  kind: string;
  externalUserId: string | null;
  text: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

export interface TrackedLink {
  id: string;
  url: string;
  title: string | null;
  ruleId: string | null;
  tokens: number;
  opens: number;
  openers: number;
  createdAt: string;
}

export interface LiveImportResult {
  id: string;
  rows: number;
  participations: number;
  skipped: { row: number; reason: string }[];
  lives: { liveId: string; title: string; viewers: number }[];
  tagChanges: number;
}
