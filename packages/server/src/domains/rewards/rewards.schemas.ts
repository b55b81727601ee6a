// What an activity hands out: a voucher (a code from an uploaded coupon pool) or a manual reward (a gift someone
// hands over, tracked as a fulfilment task). Red packets add cash amounts (allocated here, paid out elsewhere).
import { z } from "zod";

export const rewardInput = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("voucher"),
      poolId: z.string().regex(/^\d+$/, "pick a coupon pool"),
      name: z.string().trim().min(1, "name the reward, e.g. 1元券").max(60),
    }),
    z.object({
      kind: z.literal("manual"),
      name: z.string().trim().min(1, "name the reward, e.g. 0元礼物").max(60),
    }),
  ],
  { error: "kind is voucher (a code from a coupon pool) or manual (a fulfilment task)" },
);
export type RewardInput = z.infer<typeof rewardInput>;

export const rewardView = z.object({
  id: z.string(),
  source: z.enum(["fission", "checkin", "lottery", "redpacket"]),
  sourceId: z.string(),
  sourceName: z.string().nullable(),
  externalUserId: z.string(),
  customerName: z.string().nullable(),
  kind: z.enum(["voucher", "manual", "cash"]),
  name: z.string(),
  reason: z.string(),
  poolId: z.string().nullable(),
  code: z.string().nullable(),
  amountCents: z.number().nullable(),
  status: z.enum(["granted", "pending", "fulfilled", "failed"]),
  note: z.string().nullable(),
  messagePlanned: z.boolean(),
  createdAt: z.string(),
  fulfilledAt: z.string().nullable(),
  fulfilledBy: z.string().nullable(),
});
export type RewardView = z.infer<typeof rewardView>;

export const rewardsQuery = z.object({
  status: z.enum(["granted", "pending", "fulfilled", "failed"]).optional(),
  source: z.enum(["fission", "checkin", "lottery", "redpacket"]).optional(),
  sourceId: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const fulfilInput = z.object({ note: z.string().trim().max(200).optional() });
