// API shapes for fission campaigns (任务宝): the campaign with its staff, poster, reward tiers and retention window,
// participants with their invite counts, the leaderboard and the funnel (posters → scans → adds → qualified).
import { z } from "zod";
import { rewardInput } from "../rewards/rewards.schemas.ts";

export const tierInput = z.object({
  invites: z
    .number({ error: "invites is a whole number of friends, at least 1" })
    .int("invites is a whole number of friends")
    .min(1, "a tier needs at least 1 invite")
    .max(1000, "at most 1000 invites per tier"),
  reward: rewardInput,
});

export const posterInput = z.object({
  materialId: z.string().regex(/^\d+$/, "pick an image material").nullable().default(null),
  title: z.string().trim().min(1, "give the poster a title").max(30).default("邀请好友 领好礼"),
  subtitle: z.string().trim().max(60).default("扫码添加顾问，助力好友领奖"),
});

const tiers = z
  .array(tierInput)
  .min(1, "add at least one reward tier")
  .max(5, "at most 5 tiers")
  .superRefine((list, ctx) => {
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.invites <= list[i - 1]!.invites)
        ctx.addIssue({
          code: "custom",
          path: [i, "invites"],
          message: `needs more invites than tier ${i} (${list[i - 1]!.invites})`,
        });
    }
  });

export const campaignInput = z.object({
  name: z.string().trim().min(1, "name the campaign").max(60),
  staff: z
    .array(z.string().min(1).max(64))
    .min(1, "pick at least one member to add the invitees")
    .max(100)
    .refine((s) => new Set(s).size === s.length, "a member is listed twice"),
  poster: posterInput.default({
    materialId: null,
    title: "邀请好友 领好礼",
    subtitle: "扫码添加顾问，助力好友领奖",
  }),
  tiers,
  windowHours: z
    .number()
    .int()
    .min(0)
    .max(720, "at most 720 hours (30 days)")
    .default(48)
    .describe("An invitee who deletes the member within this many hours does not count"),
  tagIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  joinText: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .default("邀请好友扫码添加顾问，即可解锁奖励！这是您的专属海报："),
  progressMessages: z.boolean().default(true),
  inviteesJoin: z.boolean().default(true).describe("Invitees get their own poster and can invite in turn"),
  endsAt: z.iso.datetime().nullable().default(null),
});
export type CampaignInput = z.input<typeof campaignInput>;

export const campaignPatch = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  status: z.enum(["active", "paused", "ended"]).optional(),
  joinText: z.string().trim().min(1).max(300).optional(),
  progressMessages: z.boolean().optional(),
  endsAt: z.iso.datetime().nullable().optional(),
});

export const funnelView = z.object({
  posters: z.number(),
  scans: z.number(),
  adds: z.number(),
  pending: z.number(),
  qualified: z.number(),
  void: z.record(z.string(), z.number()),
  rewardedParticipants: z.number(),
});

export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "paused", "ended"]),
  staff: z.array(z.string()),
  poster: z.object({ materialId: z.string().nullable(), title: z.string(), subtitle: z.string() }),
  tiers: z.array(tierInput),
  windowHours: z.number(),
  tagIds: z.array(z.string()),
  joinText: z.string(),
  progressMessages: z.boolean(),
  inviteesJoin: z.boolean(),
  entryState: z.string(),
  entryConfigId: z.string().nullable(),
  entryQrCode: z.string().nullable(),
  endsAt: z.string().nullable(),
  createdAt: z.string(),
  funnel: funnelView,
});
export type CampaignView = z.infer<typeof campaignView>;

export const participantView = z.object({
  id: z.string(),
  externalUserId: z.string(),
  name: z.string().nullable(),
  inviterId: z.string().nullable(),
  qualified: z.number(),
  pending: z.number(),
  posterViews: z.number(),
  tiersReached: z.number(),
  posterUrl: z.string(),
  joinedAt: z.string(),
});

export const inviteView = z.object({
  id: z.string(),
  invitee: z.string(),
  name: z.string().nullable(),
  userid: z.string(),
  status: z.enum(["pending", "qualified", "void"]),
  voidReason: z.string().nullable(),
  addedAt: z.string(),
  dueAt: z.string(),
  deletedAt: z.string().nullable(),
});

export const enrolInput = z.object({
  externalUserIds: z.array(z.string().min(1).max(64)).min(1, "name at least one customer").max(1000),
});

export const boardQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
