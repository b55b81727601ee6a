// API shapes for the send gate: settings, sensitive words, opt-outs, sender restrictions and the dry run.
import { z } from "zod";
import { MAX_ATTACHMENTS } from "./gate-rules.ts";
import { gateSettingsSchema } from "./gate-settings.ts";

export const corpParams = z.object({ corpId: z.string().min(1).max(64) });

export const settingsView = gateSettingsSchema;
export const settingsInput = gateSettingsSchema
  .partial()
  .refine((s) => Object.keys(s).length > 0, "send at least one setting to change");

export const wordsInput = z.object({
  words: z
    .array(z.string().trim().min(1, "a word can't be empty").max(50, "at most 50 characters"))
    .min(1, "send at least one word")
    .max(10_000, "at most 10,000 words at once"),
  category: z.string().trim().min(1).max(30).default("other"),
});
export const wordView = z.object({ word: z.string(), category: z.string(), createdAt: z.string() });

export const optOutInput = z.object({
  externalUserid: z.string().min(1).max(64),
  detail: z.string().max(500).optional(),
});
export const optOutView = z.object({
  externalUserid: z.string(),
  source: z.string(),
  detail: z.string().nullable(),
  optedOutAt: z.string(),
});

export const restrictionInput = z
  .object({
    userid: z.string().min(1).max(64),
    state: z.enum(["limited", "member_banned", "corp_banned"]),
    /** Cool-down length for "limited" (WeCom's are 24 h, 72 h, 7 d); omit for banned accounts. */
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .optional(),
    note: z.string().max(500).optional(),
  })
  .refine((r) => r.state !== "limited" || r.hours !== undefined, {
    path: ["hours"],
    message: "a limited account needs its cool-down in hours (24, 72 or 168)",
  });
export const restrictionView = z.object({
  id: z.string(),
  userid: z.string(),
  state: z.enum(["limited", "member_banned", "corp_banned"]),
  since: z.string(),
  until: z.string().nullable(),
  source: z.string(),
  note: z.string().nullable(),
  liftedAt: z.string().nullable(),
});

export const checkInput = z.object({
  purpose: z.enum(["marketing", "service"]).default("marketing"),
  recipient: z.string().min(1).max(64),
  sender: z.string().min(1).max(64).optional(),
  text: z.string().max(4000).optional(),
  attachments: z.array(z.unknown()).max(100).optional(),
  notBefore: z.iso.datetime({ offset: true }).optional(),
});
export const checkView = z.object({
  action: z.enum(["send", "defer", "drop"]),
  rule: z.string().nullable(),
  reason: z.string(),
  deferUntil: z.string().nullable(),
  warnings: z.array(z.string()),
});

export { MAX_ATTACHMENTS };
