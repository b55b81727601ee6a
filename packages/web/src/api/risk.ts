// Shapes and calls of the send gate (发送闸门), sensitive words (敏感词), opt-outs (退订) and sender
// restrictions (账号健康) APIs as the console consumes them (mirrors
// packages/server/src/domains/send-gate/send-gate.schemas.ts, gate-settings.ts and send-gate.routes.ts).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type OnHit = "defer" | "drop";
export type QuotaPolicy = "day1" | "week7" | "days_in_month";

export interface GateSettings {
  /** The corp's UTC offset in minutes (China: 480). */
  tzOffsetMinutes: number;
  quota: { policy: QuotaPolicy; onHit: OnHit };
  touchCap: { max: number; days: number; onHit: OnHit } | null;
  quietHours: { start: string; end: string } | null;
  activeWindows: boolean;
  batch: { maxCustomers: number; maxGroups: number; personalChunk: number | null };
  attachmentsWarnAbove: number;
  optOutKeywords: string[];
}

export interface GateRuleInfo {
  name: string;
  /** The server's English description; the console shows its own text per rule name. */
  description: string;
}

export type GateAction = "send" | "defer" | "drop";

export interface GateCheckInput {
  purpose: "marketing" | "service";
  recipient: string;
  sender?: string;
  text?: string;
  attachments?: unknown[];
}

export interface GateCheckResult {
  action: GateAction;
  rule: string | null;
  reason: string;
  deferUntil: string | null;
  warnings: string[];
}

export interface GateDecision {
  id: string;
  outboxId: string | null;
  idempotencyKey: string;
  action: GateAction;
  rule: string | null;
  reason: string;
  deferUntil: string | null;
  decidedAt: string;
  recipient: string | null;
  sender: string | null;
  planner: string | null;
}

export interface SensitiveWord {
  word: string;
  category: string;
  createdAt: string;
}

export interface OptOut {
  externalUserid: string;
  /** "chat" when the customer said an opt-out keyword, "manual" when recorded in the console. */
  source: string;
  detail: string | null;
  optedOutAt: string;
}

export type RestrictionState = "limited" | "member_banned" | "corp_banned";

export interface SenderRestriction {
  id: string;
  userid: string;
  state: RestrictionState;
  since: string;
  until: string | null;
  source: string;
  note: string | null;
  liftedAt: string | null;
}

export interface NewRestriction {
  userid: string;
  state: RestrictionState;
  hours?: number;
  note?: string;
}

const enc = encodeURIComponent;

// Churn watch (流失监控; mirrors packages/server/src/domains/churn-watch/churn-watch.routes.ts).
export interface ChurnThreshold {
  percent: number;
  minDeletions: number;
}

export interface ChurnWatchSettings {
  enabled: boolean;
  windowHours: number;
  planner: ChurnThreshold;
  sender: ChurnThreshold & { cooldownHours: number };
  onPause: OnHit;
  notifyUserids: string[];
}

export interface PausedPlanner {
  id: string;
  planner: string;
  kind: "campaign" | "automation";
  pausedAt: string;
  reason: string;
  resumedAt: string | null;
  resumedBy: string | null;
  held: number;
}

export interface ChurnFigures {
  sends: number;
  deletions: number;
  percent: number;
  since: string;
}

export interface ChurnWatchOverview {
  settings: ChurnWatchSettings;
  paused: PausedPlanner[];
  planners: (ChurnFigures & { planner: string })[];
  senders: (ChurnFigures & { userid: string })[];
  cooling: { id: string; userid: string; since: string; until: string | null; note: string | null }[];
  recent: {
    externalUserid: string;
    userid: string;
    kind: "customer_deleted" | "member_deleted";
    source: string | null;
    occurredAt: string;
  }[];
}

export function createRiskApi(client: ApiClient) {
  const corpPath = (corpId: string) => `/api/corps/${enc(corpId)}`;
  const gate = (corpId: string) => `${corpPath(corpId)}/send-gate`;
  return {
    sendGate: {
      rules: () => client.get<ItemList<GateRuleInfo>>("/api/send-gate/rules"),
      settings: (corpId: string) => client.get<GateSettings>(`${gate(corpId)}/settings`),
      updateSettings: (corpId: string, patch: Partial<GateSettings>) =>
        client.patch<GateSettings>(`${gate(corpId)}/settings`, patch),
      check: (corpId: string, input: GateCheckInput) =>
        client.post<GateCheckResult>(`${gate(corpId)}/check`, input),
      decisions: (corpId: string, filter: { action?: GateAction; rule?: string; limit?: number } = {}) => {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(filter))
          if (value !== undefined && value !== "") search.set(key, String(value));
        const q = search.toString();
        return client.get<ItemList<GateDecision>>(`${gate(corpId)}/decisions${q ? `?${q}` : ""}`);
      },
    },
    sensitiveWords: {
      list: (corpId: string) => client.get<ItemList<SensitiveWord>>(`${gate(corpId)}/sensitive-words`),
      add: (corpId: string, words: string[], category: string) =>
        client.post<{ added: number; existing: number }>(`${gate(corpId)}/sensitive-words`, {
          words,
          category,
        }),
      remove: (corpId: string, word: string) =>
        client.delete<unknown>(`${gate(corpId)}/sensitive-words/${enc(word)}`),
    },
    optOuts: {
      list: (corpId: string) => client.get<ItemList<OptOut>>(`${corpPath(corpId)}/opt-outs?limit=1000`),
      add: (corpId: string, input: { externalUserid: string; detail?: string }) =>
        client.post<{ created: boolean }>(`${corpPath(corpId)}/opt-outs`, input),
      remove: (corpId: string, externalUserid: string) =>
        client.delete<unknown>(`${corpPath(corpId)}/opt-outs/${enc(externalUserid)}`),
    },
    restrictions: {
      list: (corpId: string, all = false) =>
        client.get<ItemList<SenderRestriction>>(
          `${corpPath(corpId)}/sender-restrictions${all ? "?all=true" : ""}`,
        ),
      add: (corpId: string, input: NewRestriction) =>
        client.post<SenderRestriction>(`${corpPath(corpId)}/sender-restrictions`, input),
      lift: (corpId: string, id: string) =>
        client.post<SenderRestriction>(`${corpPath(corpId)}/sender-restrictions/${enc(id)}/lift`),
    },
    churnWatch: {
      overview: (corpId: string) => client.get<ChurnWatchOverview>(`${corpPath(corpId)}/churn-watch`),
      updateSettings: (corpId: string, patch: Partial<ChurnWatchSettings>) =>
        client.patch<ChurnWatchSettings>(`${corpPath(corpId)}/churn-watch/settings`, patch),
      resume: (corpId: string, id: string) =>
        client.post<PausedPlanner>(`${corpPath(corpId)}/churn-watch/paused/${enc(id)}/resume`),
    },
  };
}
