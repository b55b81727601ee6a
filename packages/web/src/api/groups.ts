// Shapes and calls of the group registry (群列表), duplicate members (重复成员) and anti-harassment (防骚扰) APIs
// as the console consumes them (mirrors packages/server/src/domains/group-registry, group-duplicates and
// group-guard).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

const enc = encodeURIComponent;

export interface DayMoves {
  day: string;
  joins: number;
  leaves: number;
}

export interface GroupDetail {
  chatId: string;
  name: string;
  owner: string | null;
  ownerName: string | null;
  notice: string | null;
  admins: string[];
  status: "normal" | "owner_resigned" | "inheriting" | "inherited";
  dismissed: boolean;
  dismissedAt: string | null;
  createdAt: string | null;
  memberVersion: string | null;
  stale: boolean;
  memberCount: number;
  customers: number;
  staff: number;
  members: {
    memberId: string;
    type: "staff" | "customer";
    name: string | null;
    joinedAt: string | null;
    joinScene: number | null;
    invitor: string | null;
    groupNickname: string | null;
  }[];
  range: { from: string; to: string };
  days: DayMoves[];
}

export interface GroupStats {
  range: { from: string; to: string };
  totals: { groups: number; members: number; customers: number; joins: number; leaves: number };
  owners: {
    owner: string | null;
    ownerName: string | null;
    groups: number;
    members: number;
    customers: number;
    joins: number;
    leaves: number;
  }[];
  days: DayMoves[];
}

export type KeepRule = "store_group" | "newest" | "oldest" | "largest" | "smallest";
export type RemovalStatus = "pending" | "confirmed" | "done" | "dismissed" | "moot";

export interface DuplicateReport {
  keep: KeepRule[];
  totalCustomers: number;
  customers: {
    externalUserId: string;
    name: string | null;
    groups: {
      chatId: string;
      groupName: string;
      owner: string | null;
      ownerName: string | null;
      joinedAt: string | null;
      memberCount: number;
      storeGroup: boolean;
      keep: boolean;
      removal: { id: string; status: RemovalStatus } | null;
    }[];
  }[];
  groups: {
    chatId: string;
    groupName: string;
    owner: string | null;
    ownerName: string | null;
    memberCount: number;
    duplicates: number;
    toRemove: number;
  }[];
}

export interface RemovalTask {
  id: string;
  chatId: string;
  groupName: string | null;
  owner: string | null;
  ownerName: string | null;
  memberId: string;
  memberName: string | null;
  reason: "duplicate" | "harassment";
  status: RemovalStatus;
  detail: Record<string, unknown>;
  createdAt: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  closedAt: string | null;
  quitScene: number | null;
  instruction: string | null;
}

export interface GuardRuleInput {
  name: string;
  enabled: boolean;
  chatIds: string[];
  checkLinks: boolean;
  allowedDomains: string[];
  allowedMiniPrograms: string[];
  adKeywords: string[];
  flood: { count: number; seconds: number } | null;
  blockCards: boolean;
  strikes: number;
  strikeWindowHours: number;
  allowedSenders: string[];
}

export interface GuardRule extends GuardRuleInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export type GuardKind = "link" | "mini_program" | "keyword" | "flood" | "card" | "rejoin";

export interface GuardEvent {
  id: string;
  chatId: string;
  groupName: string | null;
  memberId: string;
  memberName: string | null;
  ruleId: string | null;
  ruleName: string | null;
  kind: GuardKind;
  action: "strike" | "removal" | "rejoin";
  evidence: Record<string, unknown>;
  removalTaskId: string | null;
  removalStatus: RemovalStatus | null;
  at: string;
}

export interface BlacklistEntry {
  externalUserId: string;
  name: string | null;
  reason: string;
  createdAt: string;
}

export function createGroupRegistryApi(client: ApiClient) {
  const corp = (corpId: string) => `/api/corps/${enc(corpId)}`;
  return {
    groupRegistry: {
      detail: (corpId: string, chatId: string) =>
        client.get<GroupDetail>(`${corp(corpId)}/groups/${enc(chatId)}`),
      stats: (corpId: string) => client.get<GroupStats>(`${corp(corpId)}/group-stats`),
    },
    groupDuplicates: {
      report: (corpId: string) => client.get<DuplicateReport>(`${corp(corpId)}/group-duplicates`),
      saveKeep: (corpId: string, keep: KeepRule[]) =>
        client.put<{ keep: KeepRule[] }>(`${corp(corpId)}/group-duplicates/settings`, { keep }),
      plan: (corpId: string) =>
        client.post<{ planned: number; open: number }>(`${corp(corpId)}/group-duplicates/plan`),
      removals: (corpId: string, filter: { status?: string; reason?: string } = {}) => {
        const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
        return client.get<ItemList<RemovalTask>>(`${corp(corpId)}/group-removals${q ? `?${q}` : ""}`);
      },
      decide: (corpId: string, id: string, decision: "confirm" | "dismiss") =>
        client.post<RemovalTask>(`${corp(corpId)}/group-removals/${enc(id)}/${decision}`),
    },
    groupGuard: {
      rules: (corpId: string) => client.get<ItemList<GuardRule>>(`${corp(corpId)}/group-guard/rules`),
      create: (corpId: string, input: GuardRuleInput) =>
        client.post<GuardRule>(`${corp(corpId)}/group-guard/rules`, input),
      update: (corpId: string, id: string, input: GuardRuleInput) =>
        client.put<GuardRule>(`${corp(corpId)}/group-guard/rules/${enc(id)}`, input),
      remove: (corpId: string, id: string) =>
        client.delete<unknown>(`${corp(corpId)}/group-guard/rules/${enc(id)}`),
      events: (corpId: string) =>
        client.get<{ items: GuardEvent[]; nextBefore: string | null }>(
          `${corp(corpId)}/group-guard/events?limit=200`,
        ),
      blacklist: (corpId: string) =>
        client.get<ItemList<BlacklistEntry>>(`${corp(corpId)}/group-guard/blacklist`),
      unblacklist: (corpId: string, externalUserId: string) =>
        client.delete<{ removed: boolean }>(`${corp(corpId)}/group-guard/blacklist/${enc(externalUserId)}`),
    },
  };
}
