// Rewards that activities hand out (fission tiers, check-in milestones, lottery prizes, red packets): one row per
// grant key, so a replayed event or a re-run scan never grants twice.
import type { Generated } from "kysely";

export type RewardSource = "fission" | "checkin" | "lottery" | "redpacket";
/** voucher: a code from a coupon pool; manual: a gift someone hands over; cash: a red-packet amount to pay out. */
export type RewardKind = "voucher" | "manual" | "cash";
/** granted: the voucher code is the customer's; pending: waits for someone to fulfil it; failed: no code left. */
export type RewardStatus = "granted" | "pending" | "fulfilled" | "failed";

export interface ActivityRewardsTable {
  id: Generated<string>;
  corp_id: string;
  source: RewardSource;
  source_id: string;
  grant_key: string;
  external_userid: string;
  kind: RewardKind;
  name: string;
  /** Why, in words: "invited 3 friends", "checked in 7 days". */
  reason: string;
  pool_id: string | null;
  code: string | null;
  amount_cents: number | null;
  status: RewardStatus;
  note: string | null;
  outbox_id: string | null;
  created_at: Date;
  fulfilled_at: Date | null;
  fulfilled_by: string | null;
}

export interface RewardsTables {
  activity_rewards: ActivityRewardsTable;
}
