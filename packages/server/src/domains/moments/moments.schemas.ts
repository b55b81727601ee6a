// API shapes for customer moments: a post is text and/or attachments (≤9 images, or 1 video, or 1 link), from
// chosen members (or all) to customers with chosen tags (or all), now or at a time.
import { z } from "zod";

const materialId = z.string().regex(/^\d+$/, "a material id is a number");

export const momentAttachmentInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("image"), materialId }),
  z.object({ type: z.literal("video"), materialId }),
  z.object({
    type: z.literal("link"),
    url: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https?:\/\/[^\s]+$/i, "an http:// or https:// address"),
    title: z
      .string()
      .trim()
      .min(1, "a link needs a title")
      .refine(
        (t) => Buffer.byteLength(t) <= 64,
        "a link title is at most 64 bytes (about 21 Chinese characters)",
      ),
    coverMaterialId: materialId.describe("An image material shown as the link's cover."),
  }),
]);

export const momentInput = z
  .object({
    text: z.string().trim().max(2000, "a moment's text is at most 2000 characters").default(""),
    attachments: z.array(momentAttachmentInput).max(50).default([]),
    senders: z
      .array(z.string().trim().min(1).max(64))
      .max(10_000)
      .default([])
      .describe("Members who publish it; empty = every member in the app's range."),
    visibleTags: z
      .array(z.string().trim().min(1).max(64))
      .max(100)
      .default([])
      .describe("Corp tag ids: only customers with any of them see it; empty = all customers."),
    scheduledAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("Publish at this time (ISO 8601); absent = now."),
  })
  .superRefine((m, ctx) => {
    if (!m.text && m.attachments.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: "a moment needs text or at least one attachment",
      });
    }
    const types = new Set(m.attachments.map((a) => a.type));
    if (types.size > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["attachments"],
        message: `a moment carries images, one video or one link, not a mix (this one has ${[...types].join(" and ")})`,
      });
      return;
    }
    const images = m.attachments.filter((a) => a.type === "image").length;
    if (images > 9) {
      ctx.addIssue({
        code: "custom",
        path: ["attachments"],
        message: `at most 9 images per moment; this one has ${images}`,
      });
    }
    for (const t of ["video", "link"] as const) {
      const n = m.attachments.filter((a) => a.type === t).length;
      if (n > 1) {
        ctx.addIssue({
          code: "custom",
          path: ["attachments"],
          message: `at most one ${t} per moment; this one has ${n}`,
        });
      }
    }
  });
export type MomentInput = z.infer<typeof momentInput>;

export const momentStatus = z.enum(["scheduled", "publishing", "published", "failed", "cancelled"]);

export const momentListQuery = z.object({
  status: momentStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(/^\d+$/).optional().describe("Page: moments with a smaller id."),
});

const attachmentView = z.discriminatedUnion("type", [
  z.object({ type: z.literal("image"), materialId: z.string(), name: z.string().nullable() }),
  z.object({ type: z.literal("video"), materialId: z.string(), name: z.string().nullable() }),
  z.object({
    type: z.literal("link"),
    url: z.string(),
    title: z.string(),
    coverMaterialId: z.string(),
    name: z.string().nullable(),
  }),
]);

export const momentView = z.object({
  id: z.string(),
  text: z.string(),
  attachments: z.array(attachmentView),
  senders: z.array(z.string()),
  visibleTags: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  scheduled: z.boolean(),
  publishAt: z.string(),
  status: momentStatus,
  error: z.string().nullable(),
  wecomMomentId: z.string().nullable(),
  invalidSenders: z.array(z.string()),
  invalidTags: z.array(z.string()),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  polledAt: z.string().nullable(),
  counts: z.object({
    members: z.number(),
    membersPublished: z.number(),
    likes: z.number(),
    comments: z.number(),
    customers: z.number().describe("Distinct customers who liked or commented."),
  }),
});
export type MomentView = z.infer<typeof momentView>;

export const momentDetailView = momentView.extend({
  members: z.array(
    z.object({
      userid: z.string(),
      name: z.string().nullable(),
      published: z.boolean(),
      publishedSeenAt: z.string().nullable(),
      likes: z.number(),
      comments: z.number(),
    }),
  ),
  interactions: z.array(
    z.object({
      externalUserId: z.string(),
      customerId: z.string().nullable().describe("Siyu's customer id, when Siyu knows the customer."),
      customerName: z.string().nullable(),
      userid: z.string(),
      kind: z.enum(["like", "comment"]),
      at: z.string(),
    }),
  ),
});
export type MomentDetailView = z.infer<typeof momentDetailView>;
