// SOP API shapes. A SOP is a calendar of 1–100 entries; each entry has a schedule — a date (a festival or
// campaign, e.g. 双十一 on 2026-11-11 at 10:00), a daily / weekly / monthly cycle (day 29–31 means the month's
// last day in shorter months), or "day N after the customer joined" (personal SOPs only) — and content (text
// and/or WeCom attachments, ≤ 9).
import { z } from "zod";
import { timeOfDay } from "../send-gate/gate-settings.ts";

const hhmm = timeOfDay;

export const sopSchedule = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("date"),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD, e.g. 2026-11-11")
        .refine(
          (d) =>
            !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
            new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
          "not a calendar date",
        ),
      at: hhmm,
    })
    .strict(),
  z.object({ kind: z.literal("daily"), at: hhmm }).strict(),
  z
    .object({
      kind: z.literal("weekly"),
      /** 1 = Monday … 7 = Sunday. */
      weekdays: z
        .array(
          z
            .number()
            .int()
            .min(1, "weekdays are 1 (Monday) to 7 (Sunday)")
            .max(7, "weekdays are 1 (Monday) to 7 (Sunday)"),
        )
        .min(1, "pick at least one weekday")
        .max(7),
      at: hhmm,
    })
    .strict(),
  z.object({ kind: z.literal("monthly"), day: z.number().int().min(1).max(31), at: hhmm }).strict(),
  z.object({ kind: z.literal("after_join"), day: z.number().int().min(0).max(365), at: hhmm }).strict(),
]);
export type SopSchedule = z.infer<typeof sopSchedule>;

export const sopContent = z
  .object({
    text: z.string().max(4000).optional(),
    attachments: z.array(z.record(z.string(), z.unknown())).max(9, "at most 9 attachments").optional(),
  })
  .strict()
  .refine(
    (c) => !!c.text?.trim() || (c.attachments?.length ?? 0) > 0,
    "an entry needs text or an attachment",
  );
export type SopContent = z.infer<typeof sopContent>;

export const sopRule = z.object({ schedule: sopSchedule, content: sopContent }).strict();
export type SopRuleInput = z.infer<typeof sopRule>;

export const sopAudience = z
  .object({
    /** Personal: customers of a saved segment. */
    segmentId: z.string().regex(/^\d+$/, "a saved segment id").optional(),
    /** Personal: customers carrying any of these tags. */
    tagIds: z.array(z.string().min(1)).min(1).max(100).optional(),
    /** Only these members' customers (personal) or groups (group); all members when absent. */
    owners: z.array(z.string().min(1)).min(1).max(1000).optional(),
    /** Group: groups whose name contains this. */
    nameContains: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type SopAudience = z.infer<typeof sopAudience>;

export const sopInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(["personal", "group"]),
    mode: z.enum(["remind", "auto"]).default("remind"),
    audience: sopAudience.default({}),
    /** Hours after a task falls due before it escalates to the owner's team lead. */
    deadlineHours: z.number().int().min(1).max(720).default(24),
    rules: z.array(sopRule).min(1, "a SOP needs at least one entry").max(100, "at most 100 entries"),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind !== "group") {
      if (s.audience.nameContains !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["audience", "nameContains"],
          message: "a group name filter is for group SOPs",
        });
      return;
    }
    for (const f of ["segmentId", "tagIds"] as const)
      if (s.audience[f] !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["audience", f],
          message: "group SOPs target groups by owner or name, not customers",
        });
    s.rules.forEach((r, i) => {
      if (r.schedule.kind === "after_join")
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "schedule", "kind"],
          message: "days after joining is for personal SOPs (customers join members, not groups)",
        });
    });
  });
export type SopInput = z.infer<typeof sopInput>;

export const corpParams = z.object({ corpId: z.string().min(1) });
export const sopParams = z.object({ corpId: z.string().min(1), id: z.string().regex(/^\d+$/) });
export const taskParams = z.object({ corpId: z.string().min(1), taskId: z.string().regex(/^\d+$/) });

export const taskQuery = z
  .object({
    owner: z.string().min(1).optional(),
    sopId: z.string().regex(/^\d+$/).optional(),
    /** overdue: open past its deadline. */
    status: z.enum(["open", "done", "overdue"]).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const sopView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["personal", "group"]),
  mode: z.enum(["remind", "auto"]),
  status: z.enum(["active", "paused"]),
  audience: sopAudience,
  deadlineHours: z.number(),
  rules: z.array(sopRule.extend({ nextDueAt: z.string().nullable(), lastFiredAt: z.string().nullable() })),
  tasks: z.object({ open: z.number(), overdue: z.number(), done: z.number() }),
  createdAt: z.string(),
});
export type SopView = z.infer<typeof sopView>;

export const taskView = z.object({
  id: z.string(),
  sopId: z.string(),
  sopName: z.string(),
  kind: z.enum(["personal", "group"]),
  mode: z.enum(["remind", "auto"]),
  owner: z.string(),
  ownerName: z.string().nullable(),
  chatId: z.string().nullable(),
  groupName: z.string().nullable(),
  /** external_userids (personal) or the chat id (group), at most 200 listed. */
  targets: z.array(z.string()),
  targetCount: z.number(),
  content: sopContent,
  dueAt: z.string(),
  deadlineAt: z.string(),
  status: z.enum(["open", "done"]),
  overdue: z.boolean(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  escalatedTo: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskView>;
