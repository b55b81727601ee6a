// API shapes for auto-tagging rules (one per kind, each with its own settings), tracked links, staff alerts,
// message ingestion and live-viewer imports.
import { z } from "zod";

/** Keywords per corp, across all its keyword rules (issue 5). */
export const MAX_KEYWORDS_PER_CORP = 10_000;

const tagIds = z.array(z.string().min(1).max(64)).max(20);

const keyword = z
  .string()
  .trim()
  .min(1, "a keyword cannot be empty")
  .max(50, "a keyword has at most 50 characters");

export const keywordConfig = z.object({
  keywords: z
    .array(keyword)
    .min(1, "give at least one keyword")
    .max(MAX_KEYWORDS_PER_CORP, `at most ${MAX_KEYWORDS_PER_CORP} keywords per corp`)
    .describe("Matched in chat text with full-width/half-width and case folding."),
  from: z
    .enum(["customer", "anyone"])
    .default("customer")
    .describe("Whose messages count: the customer's only (default) or the staff member's too."),
});

export const linkConfig = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/i, "an http:// or https:// address")
    .describe("The tracked address; customers who open it (through their /l/ link) are tagged."),
  title: z.string().trim().max(100).optional(),
  alert: z.boolean().default(true).describe("Alert the staff member who sent the link when it is opened."),
});

const cents = z
  .number()
  .int()
  .min(0)
  .max(10 ** 13);

export const orderConfig = z
  .object({
    minTotalCents: cents.optional().describe("Total paid in the matching orders, at least (cents)."),
    minOrderCents: cents.optional().describe("At least one matching order of this amount (cents)."),
    minOrders: z.number().int().min(1).max(10_000).optional().describe("At least this many matching orders."),
    categories: z
      .array(z.string().trim().min(1).max(50))
      .max(50)
      .optional()
      .describe("Only orders with any of these categories count."),
    withinDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe("Only orders placed within this many days count."),
  })
  .refine(
    (c) =>
      c.minTotalCents !== undefined ||
      c.minOrderCents !== undefined ||
      c.minOrders !== undefined ||
      (c.categories?.length ?? 0) > 0 ||
      c.withinDays !== undefined,
    { message: "give at least one condition", path: ["minOrders"] },
  );

export const liveConfig = z
  .object({
    liveId: z.string().trim().max(100).optional().describe("Only this live stream (default: any)."),
    minWatchMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .optional(),
    commented: z.boolean().optional().describe("true: only viewers who commented."),
    spoke: z.boolean().optional().describe("true: only viewers who spoke (连麦)."),
  })
  .refine((c) => c.minWatchMinutes !== undefined || c.commented || c.spoke, {
    message: "give a watch-time threshold, or require a comment or speaking",
    path: ["minWatchMinutes"],
  });

export const activityConfig = z.object({
  activity: z
    .string()
    .trim()
    .min(1, "name the activity")
    .max(200)
    .describe("An activity key, e.g. 'live:abc', or a prefix ending in '*', e.g. 'checkin:*'."),
  kind: z.enum(["live", "checkin", "lottery", "fission", "other"]).optional(),
});

export const momentConfig = z.object({
  momentId: z
    .string()
    .regex(/^\d+$/, "a moment id is a number")
    .optional()
    .describe("Only this customer moment (Siyu's id); absent = any moment."),
  interaction: z
    .enum(["like", "comment", "any"])
    .default("any")
    .describe("What the customer did under the member's post: liked it, commented on it, or either."),
});

const common = {
  name: z.string().trim().min(1, "give the rule a name").max(60),
  enabled: z.boolean().default(true),
  addTags: tagIds.default([]).describe("Corp tag ids to add."),
  removeTags: tagIds.default([]).describe("Corp tag ids to remove."),
};

export const ruleBody = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("keyword"), ...common, config: keywordConfig }),
    z.object({ kind: z.literal("link"), ...common, config: linkConfig }),
    z.object({ kind: z.literal("order"), ...common, config: orderConfig }),
    z.object({ kind: z.literal("live"), ...common, config: liveConfig }),
    z.object({ kind: z.literal("activity"), ...common, config: activityConfig }),
    z.object({ kind: z.literal("moment"), ...common, config: momentConfig }),
  ])
  .refine((r) => r.addTags.length + r.removeTags.length > 0, {
    message: "a rule adds or removes at least one tag",
    path: ["addTags"],
  })
  .refine((r) => !r.addTags.some((t) => r.removeTags.includes(t)), {
    message: "a tag cannot be both added and removed",
    path: ["removeTags"],
  });

export type RuleBody = z.infer<typeof ruleBody>;

export const ruleView = z.object({
  id: z.string(),
  corpId: z.string(),
  name: z.string(),
  kind: z.enum(["keyword", "link", "order", "live", "activity", "moment"]),
  enabled: z.boolean(),
  addTags: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  removeTags: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  config: z.record(z.string(), z.unknown()),
  /** For link rules: the tracked link. */
  linkId: z.string().nullable(),
  applied: z.number().describe("Tag changes this rule made."),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ruleParams = z.object({ corpId: z.string().min(1), id: z.string().regex(/^\d+$/) });

export const messageIn = z.object({
  msgid: z.string().trim().min(1).max(128).describe("The archive's message id (replays are ignored)."),
  from: z.string().trim().min(1).max(128).describe("external_userid or member userid."),
  to: z.string().trim().max(128).optional().describe("The other side of a 1:1 chat."),
  roomId: z.string().trim().max(128).optional().describe("Group chat id, for group messages."),
  kind: z.string().trim().min(1).max(32).default("text"),
  text: z.string().max(20_000).optional(),
  detail: z
    .object({
      url: z.string().max(2000).optional(),
      title: z.string().max(500).optional(),
      appid: z.string().max(128).optional(),
      appName: z.string().max(128).optional(),
      cardUserid: z.string().max(128).optional(),
    })
    .optional()
    .describe(
      "A link's url/title, a mini-program's appid/name (kind weapp), a contact card's userid (kind card).",
    ),
  sentAt: z.iso.datetime({ offset: true }).describe("When it was sent (ISO 8601)."),
});

export const messagesBody = z.object({
  messages: z.array(messageIn).min(1, "give at least one message").max(1000),
});

export const wrapBody = z.object({
  text: z.string().min(1).max(20_000).describe("Message text; every http(s) address in it is wrapped."),
  externalUserId: z.string().trim().min(1).max(128),
  userid: z.string().trim().min(1).max(128).describe("The member who sends it (alerted on open)."),
});

export const liveImportBody = z.object({
  fileName: z.string().max(200).optional(),
  content: z
    .string()
    .min(1, "the file is empty")
    .max(20 * 1024 * 1024)
    .describe("The 企业微信 直播 观看明细 CSV, as text."),
});

export const participationBody = z.object({
  participations: z
    .array(
      z.object({
        externalUserId: z.string().trim().min(1).max(128),
        activity: z.string().trim().min(1).max(200),
        kind: z.enum(["live", "checkin", "lottery", "fission", "other"]),
        occurredAt: z.iso.datetime({ offset: true }).optional(),
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1)
    .max(1000),
});
