// API shapes for mass sends (群发), as fixed by the contract shared with the console: a draft (target, content,
// schedule, what to do with recipients the gate holds past the day), the pre-flight, the view with its report,
// and the recipients page.
import { z } from "zod";

export const corpParams = z.object({ corpId: z.string().min(1).max(64) });
export const idParams = corpParams.extend({ id: z.string().regex(/^\d+$/, "an id is a number") });

const materialId = z.string().regex(/^\d+$/, "a material id is a number");
export const massAttachment = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("material"), materialId }),
  z.object({
    kind: z.literal("link"),
    title: z.string().trim().min(1).max(128),
    url: z.string().url().max(2048),
    desc: z.string().max(512).optional(),
    picUrl: z.string().url().max(2048).optional(),
  }),
  z.object({
    kind: z.literal("miniprogram"),
    title: z.string().trim().min(1).max(64),
    appid: z.string().min(1).max(64),
    page: z.string().min(1).max(256),
    materialId,
  }),
]);
export type MassAttachment = z.infer<typeof massAttachment>;

export const massTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("segment"), segmentId: z.string().regex(/^\d+$/, "a segment id is a number") }),
  z.object({
    kind: z.literal("groups"),
    chatIds: z
      .array(z.string().min(1).max(128))
      .min(1, "choose at least one group")
      .max(2000, "at most 2,000 groups per mass send"),
  }),
]);
export type MassTarget = z.infer<typeof massTarget>;

export const massContent = z
  .object({
    text: z.string().max(4000, "at most 4,000 characters").optional(),
    attachments: z.array(massAttachment).max(9, "at most 9 attachments (WeCom refuses more)").default([]),
  })
  .superRefine((c, rc) => {
    if ((c.text ?? "").trim() === "" && c.attachments.length === 0)
      rc.addIssue({ code: "custom", message: "a message needs text or at least one attachment" });
    if (c.text && Buffer.byteLength(c.text) > 4000)
      rc.addIssue({ code: "custom", path: ["text"], message: "at most 4,000 bytes (WeCom's limit)" });
  });
export type MassContent = z.infer<typeof massContent>;

export const massDraft = z.object({
  name: z.string().trim().min(1, "a mass send needs a name").max(100),
  target: massTarget,
  content: massContent,
  scheduledAt: z.string().datetime({ offset: true }).nullable().default(null),
  onQuota: z.enum(["defer", "drop"]).default("defer"),
});
export type MassDraft = z.infer<typeof massDraft>;

export const preflightView = z.object({
  total: z.number(),
  now: z.number(),
  deferred: z.number(),
  dropped: z.number(),
  byReason: z.array(
    z.object({ action: z.enum(["defer", "drop"]), rule: z.string(), reason: z.string(), count: z.number() }),
  ),
  bySender: z.array(
    z.object({
      sender: z.string(),
      name: z.string().nullable(),
      now: z.number(),
      deferred: z.number(),
      dropped: z.number(),
    }),
  ),
  tasks: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  ms: z.number(),
});

export const recipientStatus = z.enum([
  "planned",
  "deferred",
  "dropped",
  "submitted",
  "sent",
  "not_friend",
  "quota",
  "unconfirmed",
  "failed",
]);

export const reportView = z.object({
  recipients: z.number(),
  submitted: z.number(),
  sent: z.number(),
  notFriend: z.number(),
  quotaHit: z.number(),
  unconfirmed: z.number(),
  deferred: z.number(),
  dropped: z.number(),
  failed: z.number(),
  updatedAt: z.string().nullable(),
});

export const massSendView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["scheduled", "sending", "sent", "cancelled", "paused", "failed"]),
  target: massTarget,
  content: z.object({ text: z.string().optional(), attachments: z.array(massAttachment) }),
  scheduledAt: z.string().nullable(),
  onQuota: z.enum(["defer", "drop"]),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  pausedReason: z.string().nullable(),
  report: reportView,
  senders: z.array(
    z.object({
      sender: z.string(),
      name: z.string().nullable(),
      msgid: z.string().nullable(),
      status: z.enum(["planned", "submitted", "confirmed", "failed", "cancelled"]),
      recipients: z.number(),
      sent: z.number(),
      remindedTimes: z.number(),
    }),
  ),
});
export type MassSendView = z.infer<typeof massSendView>;

export const recipientsQuery = z.object({
  status: recipientStatus.optional(),
  after: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const recipientsPage = z.object({
  items: z.array(
    z.object({
      recipient: z.string(),
      name: z.string().nullable(),
      sender: z.string().nullable(),
      status: recipientStatus,
      reason: z.string().nullable(),
      sentAt: z.string().nullable(),
    }),
  ),
  next: z.string().nullable(),
});
