// Follow-up API shapes. A template is 1–10 rounds, each "day N (0–365) at HH:MM" after the plan started with a
// suggested script, and what a "no" does: end the plan, or switch to a fallback branch of 1–5 rounds counted
// from the "no". SLA settings: first-reply and full-answer limits in minutes, optional corp-wide working hours.
import { z } from "zod";
import { timeOfDay } from "../send-gate/gate-settings.ts";

const hhmm = timeOfDay;
const id = z.string().regex(/^\d+$/, "an id");

export const roundInput = z
  .object({
    name: z.string().trim().min(1, "a round needs a name").max(50),
    day: z.number().int().min(0, "day 0 or later").max(365, "at most day 365"),
    at: hhmm.default("10:00"),
    script: z.string().trim().min(1, "a round needs a suggested script").max(2000),
  })
  .strict();
export type RoundInput = z.infer<typeof roundInput>;

const ordered = (rounds: RoundInput[], ctx: z.RefinementCtx) => {
  for (let i = 1; i < rounds.length; i++) {
    const a = rounds[i - 1]!;
    const b = rounds[i]!;
    if (b.day < a.day || (b.day === a.day && b.at <= a.at))
      ctx.addIssue({ code: "custom", path: [i, "day"], message: "rounds must come in time order" });
  }
};

export const templateInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    rounds: z.array(roundInput).min(1, "at least one round").max(10).superRefine(ordered),
    onNo: z.discriminatedUnion("action", [
      z.object({ action: z.literal("end") }).strict(),
      z
        .object({
          action: z.literal("fallback"),
          rounds: z.array(roundInput).min(1, "at least one round").max(5).superRefine(ordered),
        })
        .strict(),
    ]),
    remind: z.boolean().default(true),
  })
  .strict();
export type TemplateInput = z.infer<typeof templateInput>;
export type OnNo = TemplateInput["onNo"];

export const templateView = templateInput.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateView = z.infer<typeof templateView>;

export const planInput = z
  .object({
    templateId: id,
    externalUserId: z.string().min(1),
    /** The member who follows up; may be left out when exactly one member holds the relation. */
    userid: z.string().min(1).optional(),
  })
  .strict();

export const taskView = z.object({
  id: z.string(),
  planId: z.string(),
  userid: z.string(),
  externalUserId: z.string(),
  customerName: z.string().nullable(),
  branch: z.enum(["main", "fallback"]),
  round: z.number(),
  name: z.string(),
  script: z.string(),
  dueAt: z.string(),
  status: z.enum(["open", "done", "cancelled"]),
  outcome: z.enum(["positive", "neutral", "no"]).nullable(),
  note: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskView>;

export const planView = z.object({
  id: z.string(),
  templateId: z.string(),
  externalUserId: z.string(),
  userid: z.string(),
  status: z.enum(["active", "completed", "ended"]),
  branch: z.enum(["main", "fallback"]),
  nextRound: z.number(),
  nextDueAt: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  tasks: z.array(taskView),
});
export type PlanView = z.infer<typeof planView>;

export type Outcome = "positive" | "neutral" | "no";

export const outcomeInput = z
  .object({
    outcome: z.enum(["positive", "neutral", "no"]),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

export const corpParams = z.object({ corpId: z.string().min(1) });
export const idParams = corpParams.extend({ id });
export const listQuery = z.object({
  userid: z.string().min(1).optional(),
  status: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const slaSettings = z
  .object({
    firstReplyMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    fullAnswerMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    /** Corp-wide daily range; a message outside it starts the clock when it next opens (null: always). */
    workingHours: z.object({ start: hhmm, end: hhmm }).strict().nullable(),
    /** Tell the member's team lead by WeCom app message when a breach is found. */
    alertLeader: z.boolean(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.fullAnswerMinutes < s.firstReplyMinutes)
      ctx.addIssue({
        code: "custom",
        path: ["fullAnswerMinutes"],
        message: "the full-answer limit cannot be shorter than the first-reply limit",
      });
    if (s.workingHours && s.workingHours.start === s.workingHours.end)
      ctx.addIssue({ code: "custom", path: ["workingHours", "end"], message: "an empty working day" });
  });
export type SlaSettings = z.infer<typeof slaSettings>;

export const defaultSlaSettings: SlaSettings = {
  firstReplyMinutes: 5,
  fullAnswerMinutes: 60,
  workingHours: null,
  alertLeader: true,
};

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "a date or time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z");
export const slaQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
