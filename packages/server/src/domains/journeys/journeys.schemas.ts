// Journeys API shapes: a line is 1–30 steps, each at "day N at HH:MM" after enrolment (T+N) or "N hours after",
// in order, with text and/or WeCom attachments (≤ 9).
import { z } from "zod";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):([0-5]\d)$/, "a time of day as HH:MM, e.g. 19:30");

export const stepTiming = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("day"), day: z.number().int().min(0).max(365), at: hhmm }).strict(),
  z.object({ kind: z.literal("hours"), hours: z.number().int().min(0).max(8760) }).strict(),
]);

export const stepInput = z
  .object({
    timing: stepTiming,
    content: z
      .object({
        text: z.string().max(4000).optional(),
        attachments: z.array(z.record(z.string(), z.unknown())).max(9, "at most 9 attachments").optional(),
      })
      .strict()
      .refine(
        (c) => !!c.text?.trim() || (c.attachments?.length ?? 0) > 0,
        "a step needs text or an attachment",
      ),
  })
  .strict();
export type StepInput = z.infer<typeof stepInput>;

/** Minutes after enrolment day 0 at midnight, to check that steps are in order. */
const orderKey = (t: StepInput["timing"]) =>
  t.kind === "hours" ? t.hours * 60 : t.day * 1440 + Number(t.at.slice(0, 2)) * 60 + Number(t.at.slice(3));

export const stepsInput = z
  .array(stepInput)
  .min(1, "a line needs at least one step")
  .max(30, "at most 30 steps")
  .superRefine((steps, ctx) => {
    for (let i = 1; i < steps.length; i++)
      if (orderKey(steps[i]!.timing) < orderKey(steps[i - 1]!.timing))
        ctx.addIssue({
          code: "custom",
          path: [i, "timing"],
          message: `step ${i + 1} comes before step ${i}; put the steps in time order`,
        });
  });

export const journeyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    steps: stepsInput,
    exitOnOrder: z.boolean().default(true),
  })
  .strict();

export const stepsBody = z.object({ steps: stepsInput }).strict();

export const enrollBody = z
  .object({
    /** customers.id values, or external_userid values. */
    customerIds: z.array(z.string().min(1)).min(1).max(10_000).optional(),
    externalUserids: z.array(z.string().min(1)).min(1).max(10_000).optional(),
    source: z.enum(["api", "hand"]).default("api"),
  })
  .strict()
  .refine(
    (b) => !!b.customerIds !== !!b.externalUserids,
    "give customerIds or externalUserids (one of them)",
  );

export const corpParams = z.object({ corpId: z.string().min(1) });
export const journeyParams = z.object({ corpId: z.string().min(1), id: z.string().regex(/^\d+$/) });

export const journeyView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "paused"]),
  version: z.number(),
  exitOnOrder: z.boolean(),
  steps: z.array(stepInput),
  enrollments: z.object({
    active: z.number(),
    done: z.number(),
    exited: z.number(),
    /** Active customers waiting for each step of any version, by step index. */
    atStep: z.array(z.number()),
  }),
  createdAt: z.string(),
});
export type JourneyView = z.infer<typeof journeyView>;
