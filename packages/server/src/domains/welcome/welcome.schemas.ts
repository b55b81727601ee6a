// API shapes for welcome messages (欢迎语): text with placeholders plus up to 9 attachments, per live code,
// per staff member, or the corp default.
import { z } from "zod";

const mediaId = z.string().min(1).max(256).describe("A WeCom media_id (media/upload; valid 3 days)");
const materialId = z
  .string()
  .regex(/^\d+$/, "a material id is a number")
  .describe("A material kept by Siyu (uploaded to WeCom when sent, refreshed before its media_id expires)");

export const welcomeAttachment = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("image"),
      materialId: materialId.optional(),
      mediaId: mediaId.optional(),
      picUrl: z.string().url().max(2048).optional().describe("An image URL from media/uploadimg"),
    }),
    z.object({
      type: z.literal("link"),
      title: z.string().min(1).max(128),
      url: z.string().url().max(2048),
      picUrl: z.string().url().max(2048).optional(),
      desc: z.string().max(512).optional(),
    }),
    z.object({
      type: z.literal("miniprogram"),
      title: z.string().min(1).max(64),
      picMaterialId: materialId.optional(),
      picMediaId: mediaId.optional(),
      appid: z.string().min(1).max(64),
      page: z.string().min(1).max(1024),
    }),
    z.object({ type: z.literal("file"), materialId: materialId.optional(), mediaId: mediaId.optional() }),
    z.object({ type: z.literal("video"), materialId: materialId.optional(), mediaId: mediaId.optional() }),
  ])
  .superRefine((a, ctx) => {
    if (a.type === "image" && !a.materialId && !a.mediaId && !a.picUrl) {
      ctx.addIssue({
        code: "custom",
        path: ["materialId"],
        message: "an image needs a material (or mediaId/picUrl)",
      });
    }
    if ((a.type === "file" || a.type === "video") && !a.materialId && !a.mediaId) {
      ctx.addIssue({
        code: "custom",
        path: ["materialId"],
        message: `a ${a.type} needs a material (or mediaId)`,
      });
    }
    if (a.type === "miniprogram" && !a.picMaterialId && !a.picMediaId) {
      ctx.addIssue({
        code: "custom",
        path: ["picMaterialId"],
        message: "a mini program needs a cover image",
      });
    }
  })
  .describe("One attachment; sent as a separate message after the text");
export type WelcomeAttachment = z.infer<typeof welcomeAttachment>;

export const PLACEHOLDERS = ["{customer_name}", "{staff_name}", "{store_name}"] as const;

const contentFields = {
  text: z
    .string()
    .max(1500)
    .default("")
    .describe(
      "Text (≤4000 bytes once rendered). Placeholders: {customer_name}, {staff_name}, {store_name} (the live code's store, or the store whose store code the customer came through)",
    ),
  attachments: z.array(welcomeAttachment).max(9, "at most 9 attachments (WeCom refuses more)").default([]),
};

function requireSomething(c: { text: string; attachments: unknown[] }, ctx: z.RefinementCtx): void {
  if (c.text.trim() === "" && c.attachments.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["text"],
      message: "a welcome message needs text or an attachment",
    });
  }
}

/** The content of a welcome message, shared by the welcome-messages API and a live code's inline welcome. */
export const welcomeContent = z.object(contentFields).superRefine(requireSomething);
export type WelcomeContent = z.infer<typeof welcomeContent>;

export const welcomeInput = z
  .object({
    scope: z
      .enum(["code", "staff", "default"])
      .describe("code: sent to customers of one live code; staff: of one member; default: everyone else"),
    liveCodeId: z.string().regex(/^\d+$/).optional().describe("Required when scope is code"),
    userid: z.string().min(1).max(64).optional().describe("Required when scope is staff"),
    enabled: z.boolean().default(true),
    ...contentFields,
  })
  .superRefine((w, ctx) => {
    requireSomething(w, ctx);
    if (w.scope === "code" && !w.liveCodeId)
      ctx.addIssue({ code: "custom", path: ["liveCodeId"], message: "a code welcome needs liveCodeId" });
    if (w.scope === "staff" && !w.userid)
      ctx.addIssue({ code: "custom", path: ["userid"], message: "a staff welcome needs userid" });
  });
export type WelcomeInput = z.input<typeof welcomeInput>;

export const welcomePatch = z
  .object({
    text: z.string().max(1500).optional(),
    attachments: z.array(welcomeAttachment).max(9, "at most 9 attachments (WeCom refuses more)").optional(),
    enabled: z.boolean().optional(),
  })
  .describe("Fields to change; the scope cannot change");
export type WelcomePatch = z.infer<typeof welcomePatch>;

export const welcomeView = z.object({
  id: z.string(),
  scope: z.enum(["code", "staff", "default"]),
  liveCodeId: z.string().nullable(),
  userid: z.string().nullable(),
  text: z.string(),
  attachments: z.array(welcomeAttachment),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WelcomeView = z.infer<typeof welcomeView>;

export const corpParams = z.object({ corpId: z.string().min(1).max(64) });
export const idParams = corpParams.extend({ id: z.string().regex(/^\d+$/, "an id is a number") });
