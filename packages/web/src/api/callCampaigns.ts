// Shapes and calls of the call-campaigns API (外呼加微) as the console consumes them (the contract shared with the
// server: packages/server/src/domains/call-campaigns).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type CallBucket =
  | "registered_no_order"
  | "ordered_today"
  | "receiving"
  | "repurchase_cycle"
  | "dormant";
export type CallTier = "net" | "mid" | "high_net" | "vip";

export interface CallMemberCapacity {
  userid: string;
  name: string;
  cap: number;
  healthCap: number;
  remaining: number;
  restricted: boolean;
}

export interface TeamCapacity {
  members: CallMemberCapacity[];
  totalCap: number;
  totalRemaining: number;
  source: string;
}

export interface CallListSummary {
  buckets: {
    bucket: CallBucket;
    total: number;
    byTier: Record<CallTier, number>;
    byCategory: Record<string, number>;
  }[];
  capacity: TeamCapacity;
}

export interface CallCategorySetting {
  key: string;
  label: string;
  match: string[];
  cycleDays: { min: number; max: number };
  windows: { start: string; end: string }[];
}

/** The planner settings; only the categories are edited in the console, the rest goes back as it came. */
export interface CallSettings {
  categories: CallCategorySetting[];
  [other: string]: unknown;
}

export interface CallCampaignInput {
  name: string;
  kind: "brand" | "platform";
  brandName: string;
  bucket: CallBucket;
  startDay?: string;
}

export interface CallCampaign {
  id: string;
  name: string;
  kind: "brand" | "platform";
  brandName: string;
  bucket: CallBucket;
  startDay: string;
  days: number;
  total: number;
  capacity: {
    source: string;
    perDay: { day: string; calls: number; capacity: number }[];
    unscheduled: number;
  };
  schedule: { day: string; window: string; calls: number }[];
  createdAt: string;
}

export interface CallCampaignSummary {
  id: string;
  name: string;
  kind: string;
  bucket: CallBucket;
  startDay: string;
  days: number;
  total: number;
}

export interface PlannedCall {
  id: string;
  rank: number;
  phone: string;
  name: string | null;
  bucket: CallBucket;
  tier: CallTier;
  category: string;
  incentive: string | null;
  scriptKey: string;
  script: { step: string; text: string }[];
  day: string;
  window: string;
  plannedAt: string;
  redialAt: string;
  userid: string;
  attempts: number;
  outcome: string | null;
  nextRedialAt: string | null;
  sms: string | null;
}

export interface CallImportIssue {
  row: number;
  severity: "error" | "skipped";
  code: string;
  message: string;
  value: string | null;
}

export interface CallImportReport {
  id: string;
  status: "applied" | "rejected";
  rowsTotal: number;
  applied: number;
  unchanged: number;
  skipped: number;
  errors: number;
  smsPlanned: number;
  issues: CallImportIssue[];
}

export interface FunnelRow {
  key: string;
  planned: number;
  called: number;
  connected: number;
  a: number;
  b: number;
  c: number;
  noAnswer: number;
  refused: number;
  smsSent: number;
  added: number;
}

export interface CallFunnel {
  total: FunnelRow | null;
  byBucket: FunnelRow[];
  byWindow: FunnelRow[];
  byScript: FunnelRow[];
  addedViaCodes: number;
}

const enc = encodeURIComponent;

export function createCallCampaignsApi(client: ApiClient) {
  const base = (corpId: string) => `/api/corps/${enc(corpId)}`;
  return {
    callCampaigns: {
      settings: (corpId: string) =>
        client.get<{ settings: CallSettings; defaults: CallSettings }>(`${base(corpId)}/call-settings`),
      saveSettings: (corpId: string, settings: CallSettings) =>
        client.put<{ settings: CallSettings }>(`${base(corpId)}/call-settings`, settings),
      lists: (corpId: string) => client.get<CallListSummary>(`${base(corpId)}/call-lists`),
      list: (corpId: string) => client.get<ItemList<CallCampaignSummary>>(`${base(corpId)}/call-campaigns`),
      create: (corpId: string, input: CallCampaignInput) =>
        client.post<CallCampaign>(`${base(corpId)}/call-campaigns`, input),
      get: (corpId: string, id: string) =>
        client.get<CallCampaign>(`${base(corpId)}/call-campaigns/${enc(id)}`),
      calls: (corpId: string, id: string, filter: string) =>
        client.get<ItemList<PlannedCall>>(
          `${base(corpId)}/call-campaigns/${enc(id)}/calls?filter=${enc(filter)}&limit=200`,
        ),
      exportUrl: (corpId: string, id: string, format: "csv" | "xlsx") =>
        `${base(corpId)}/call-campaigns/${enc(id)}/export?format=${format}`,
      importResults: (corpId: string, id: string, file: File) =>
        client.upload<CallImportReport>(
          `${base(corpId)}/call-campaigns/${enc(id)}/results?fileName=${enc(file.name)}`,
          file.type ? file : new Blob([file], { type: "application/octet-stream" }),
        ),
      funnel: (corpId: string, id: string) =>
        client.get<CallFunnel>(`${base(corpId)}/call-campaigns/${enc(id)}/funnel`),
    },
  };
}
