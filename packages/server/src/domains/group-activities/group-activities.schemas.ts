// API shapes for group activities (社群活动): check-in (打卡) with day milestones, lottery with a fixed prize pool
// and odds, and red-packet campaigns with a budget. Entries come from a keyword in the activity's groups (the
// session archive) or through the API.
import { z } from "zod";
import { rewardInput } from "../rewards/rewards.schemas.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day as YYYY-MM-DD");

export const checkinConfig = z.object({
  kind: z.literal("checkin"),
  tiers: z
    .array(
      z.object({
        days: z.number().int().min(1, "a milestone is at least 1 day").max(366),
        /** true: every `days` days (7, 14, 21…); false: once, at `days`. */
        repeat: z.boolean().default(false),
        reward: rewardInput,
      }),
    )
    .min(1, "add at least one milestone")
    .max(10),
});

export const lotteryConfig = z.object({
  kind: z.literal("lottery"),
  prizes: z
    .array(
      z.object({
        name: z.string().trim().min(1, "name the prize").max(60),
        oddsPercent: z
          .number()
          .gt(0, "the odds are above 0 %")
          .max(100, "the odds are at most 100 %")
          .refine((n) => Math.round(n * 100) === n * 100, "at most two decimals, e.g. 12.5"),
        quantity: z.number().int().min(1, "at least 1 of the prize").max(100_000),
        reward: rewardInput,
      }),
    )
    .min(1, "add at least one prize")
    .max(20)
    .superRefine((prizes, ctx) => {
      const total = prizes.reduce((a, p) => a + Math.round(p.oddsPercent * 100), 0) / 100;
      if (total > 100)
        ctx.addIssue({
          code: "custom",
          message: `the odds add up to ${total} %; together they may be at most 100 %`,
        });
    }),
  drawsPerDay: z.number().int().min(1).max(10).default(1),
});

export const redpacketConfig = z
  .object({
    kind: z.literal("redpacket"),
    budgetCents: z.number().int().min(1, "the budget is at least ¥0.01").max(100_000_000),
    mode: z.enum(["fixed", "random"]),
    amountCents: z.number().int().min(1).max(20_000).optional(),
    minCents: z.number().int().min(1).max(20_000).optional(),
    maxCents: z.number().int().min(1).max(20_000).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.mode === "fixed") {
      if (c.amountCents === undefined)
        ctx.addIssue({ code: "custom", path: ["amountCents"], message: "give the amount of each packet" });
      else if (c.amountCents > c.budgetCents)
        ctx.addIssue({ code: "custom", path: ["amountCents"], message: "a packet cannot exceed the budget" });
    } else {
      if (c.minCents === undefined)
        ctx.addIssue({ code: "custom", path: ["minCents"], message: "give the smallest packet" });
      if (c.maxCents === undefined)
        ctx.addIssue({ code: "custom", path: ["maxCents"], message: "give the largest packet" });
      if (c.minCents !== undefined && c.maxCents !== undefined && c.minCents > c.maxCents)
        ctx.addIssue({
          code: "custom",
          path: ["maxCents"],
          message: "the largest packet is below the smallest",
        });
    }
  });

export const activityConfig = z.discriminatedUnion("kind", [checkinConfig, lotteryConfig, redpacketConfig], {
  error: "kind is checkin, lottery or redpacket",
});
export type ActivityConfig = z.infer<typeof activityConfig>;

export const activityInput = z
  .object({
    name: z.string().trim().min(1, "name the activity").max(60),
    chatIds: z.array(z.string().min(1).max(64)).min(1, "pick at least one group").max(500),
    keyword: z.string().trim().min(1).max(20).nullable().default(null),
    startsOn: day,
    endsOn: day.nullable().default(null),
    tagIds: z.array(z.string().min(1).max(64)).max(20).default([]),
    config: activityConfig,
  })
  .superRefine((a, ctx) => {
    if (a.endsOn && a.endsOn < a.startsOn)
      ctx.addIssue({ code: "custom", path: ["endsOn"], message: "the last day is before the first" });
  });
export type ActivityInput = z.input<typeof activityInput>;

export const activityPatch = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  status: z.enum(["active", "paused", "ended"]).optional(),
  endsOn: day.nullable().optional(),
});

export const activityView = z.object({
  id: z.string(),
  kind: z.enum(["checkin", "lottery", "redpacket"]),
  name: z.string(),
  status: z.enum(["active", "paused", "ended"]),
  chatIds: z.array(z.string()),
  keyword: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  tagIds: z.array(z.string()),
  config: z.record(z.string(), z.unknown()),
  activityKey: z.string(),
  stats: z.object({
    participants: z.number(),
    entries: z.number(),
    rewards: z.number(),
    spentCents: z.number(),
    prizesLeft: z.array(z.object({ name: z.string(), left: z.number() })),
  }),
  createdAt: z.string(),
});
export type ActivityView = z.infer<typeof activityView>;

export const entryInput = z.object({ externalUserId: z.string().min(1).max(64) });
