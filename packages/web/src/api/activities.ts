// Shapes and calls of the fission (任务宝), group-activity and activity-reward APIs as the console consumes them
// (the contract shared with the server: packages/server/src/domains/fission, group-activities, rewards).
import type { ApiClient } from "./client.ts";
import type { ItemList } from "./types.ts";

export type RewardInput =
  | { kind: "voucher"; poolId: string; name: string }
  | { kind: "manual"; name: string };

export interface FissionTier {
  invites: number;
  reward: RewardInput;
}

export interface FissionInput {
  name: string;
  staff: string[];
  poster?: { materialId: string | null; title: string; subtitle: string };
  tiers: FissionTier[];
  windowHours: number;
  tagIds?: string[];
  joinText?: string;
  progressMessages?: boolean;
  inviteesJoin?: boolean;
}

export interface FissionFunnel {
  posters: number;
  scans: number;
  adds: number;
  pending: number;
  qualified: number;
  void: Record<string, number>;
  rewardedParticipants: number;
}

export type FissionStatus = "active" | "paused" | "ended";

export interface FissionCampaign {
  id: string;
  name: string;
  status: FissionStatus;
  staff: string[];
  poster: { materialId: string | null; title: string; subtitle: string };
  tiers: FissionTier[];
  windowHours: number;
  tagIds: string[];
  joinText: string;
  progressMessages: boolean;
  inviteesJoin: boolean;
  entryState: string;
  entryConfigId: string | null;
  entryQrCode: string | null;
  endsAt: string | null;
  createdAt: string;
  funnel: FissionFunnel;
}

export interface FissionParticipant {
  rank?: number;
  id: string;
  externalUserId: string;
  name: string | null;
  inviterId: string | null;
  qualified: number;
  pending: number;
  posterViews: number;
  tiersReached: number;
  posterUrl: string;
  joinedAt: string;
}

export interface CouponPool {
  id: string;
  name: string;
  total: number;
  given: number;
  left: number;
}

export type ActivityKind = "checkin" | "lottery" | "redpacket";

export type GroupActivityConfig =
  | { kind: "checkin"; tiers: { days: number; repeat: boolean; reward: RewardInput }[] }
  | {
      kind: "lottery";
      prizes: { name: string; oddsPercent: number; quantity: number; reward: RewardInput }[];
      drawsPerDay?: number;
    }
  | {
      kind: "redpacket";
      budgetCents: number;
      mode: "fixed" | "random";
      amountCents?: number;
      minCents?: number;
      maxCents?: number;
    };

export interface GroupActivityInput {
  name: string;
  chatIds: string[];
  keyword: string | null;
  startsOn: string;
  endsOn: string | null;
  tagIds: string[];
  config: GroupActivityConfig;
}

export interface GroupActivity extends Omit<GroupActivityInput, "config"> {
  id: string;
  kind: ActivityKind;
  status: FissionStatus;
  config: GroupActivityConfig;
  activityKey: string;
  stats: {
    participants: number;
    entries: number;
    rewards: number;
    spentCents: number;
    prizesLeft: { name: string; left: number }[];
  };
  createdAt: string;
}

export interface ActivityReward {
  id: string;
  source: "fission" | "checkin" | "lottery" | "redpacket";
  sourceId: string;
  sourceName: string | null;
  externalUserId: string;
  customerName: string | null;
  kind: "voucher" | "manual" | "cash";
  name: string;
  reason: string;
  code: string | null;
  amountCents: number | null;
  status: "granted" | "pending" | "fulfilled" | "failed";
  note: string | null;
  createdAt: string;
}

const enc = encodeURIComponent;

export function createActivitiesApi(client: ApiClient) {
  const corp = (corpId: string) => `/api/corps/${enc(corpId)}`;
  return {
    fission: {
      list: (corpId: string) => client.get<ItemList<FissionCampaign>>(`${corp(corpId)}/fission`),
      get: (corpId: string, id: string) => client.get<FissionCampaign>(`${corp(corpId)}/fission/${enc(id)}`),
      create: (corpId: string, input: FissionInput) =>
        client.post<FissionCampaign>(`${corp(corpId)}/fission`, input),
      setStatus: (corpId: string, id: string, status: FissionStatus) =>
        client.patch<FissionCampaign>(`${corp(corpId)}/fission/${enc(id)}`, { status }),
      leaderboard: (corpId: string, id: string) =>
        client.get<ItemList<FissionParticipant>>(`${corp(corpId)}/fission/${enc(id)}/leaderboard`),
    },
    couponPools: {
      list: (corpId: string) => client.get<ItemList<CouponPool>>(`${corp(corpId)}/journeys/coupon-pools`),
    },
    groupActivities: {
      list: (corpId: string) => client.get<ItemList<GroupActivity>>(`${corp(corpId)}/group-activities`),
      create: (corpId: string, input: GroupActivityInput) =>
        client.post<GroupActivity>(`${corp(corpId)}/group-activities`, input),
      setStatus: (corpId: string, id: string, status: FissionStatus) =>
        client.patch<GroupActivity>(`${corp(corpId)}/group-activities/${enc(id)}`, { status }),
    },
    activityRewards: {
      list: (corpId: string, filter: { source?: string; sourceId?: string; status?: string } = {}) => {
        const q = new URLSearchParams(
          Object.entries(filter).filter(
            (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
          ),
        ).toString();
        return client.get<ItemList<ActivityReward>>(`${corp(corpId)}/activity-rewards${q ? `?${q}` : ""}`);
      },
      fulfil: (corpId: string, id: string) =>
        client.post<ActivityReward>(`${corp(corpId)}/activity-rewards/${enc(id)}/fulfil`, {}),
    },
  };
}
