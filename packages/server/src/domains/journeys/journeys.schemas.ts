// Journeys API shapes: a line is 1–30 steps, each at "day N at HH:MM" after enrolment (T+N) or "N hours after",
// in order, with text and/or WeCom attachments (≤ 9).
import { z } from "zod";
import { timeOfDay } from "../send-gate/gate-settings.ts";
import { journeyRule, journeySettings, lineCap, segmentSource } from "./journey-rules.schemas.ts";

/** Placeholders a step's text may use, filled per customer when the step is planned. */
export const PLACEHOLDERS = ["name", "staff_name", "store_name", "coupon_code"] as const;

const hhmm = timeOfDay;

export const stepTiming = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("day"), day: z.number().int().min(0).max(365), at: hhmm }).strict(),
  z.object({ kind: z.literal("hours"), hours: z.number().int().min(0).max(8760) }).strict(),
]);

export const stepInput = z
  .object({
    timing: stepTiming,
    /** wecom: 1:1 through the customer's staff member; sms: to the customer's phone. */
    channel: z.enum(["wecom", "sms", "group"]).default("wecom"),
    content: z
      .object({
        text: z.string().max(4000).optional(),
        attachments: z.array(z.record(z.string(), z.unknown())).max(9, "at most 9 attachments").optional(),
        /** The pool {coupon_code} draws from (one code per customer). */
        couponPoolId: z.string().regex(/^\d+$/, "an id (digits)").optional(),
      })
      .strict()
      .refine(
        (c) => !!c.text?.trim() || (c.attachments?.length ?? 0) > 0,
        "a step needs text or an attachment",
      ),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    if (s.channel === "group")
      issue(
        ["channel"],
        "group steps are not supported yet: WeCom sends group messages per staff member to their groups, not to one customer's group",
      );
    if (s.channel === "sms" && !s.content.text?.trim()) issue(["content", "text"], "an SMS step needs text");
    if (s.channel === "sms" && (s.content.attachments?.length ?? 0) > 0)
      issue(["content", "attachments"], "an SMS carries text only");
    const text = s.content.text ?? "";
    for (const m of text.matchAll(/\{([a-z_]+)\}/g))
      if (!(PLACEHOLDERS as readonly string[]).includes(m[1] as string))
        issue(
          ["content", "text"],
          `unknown placeholder {${m[1]}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}`,
        );
    if (text.includes("{coupon_code}") && !s.content.couponPoolId)
      issue(["content", "couponPoolId"], "{coupon_code} needs the coupon pool it draws from");
  });
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
          // On the step's day (or hours): the value to change.
          path: [i, "timing", steps[i]!.timing.kind === "day" ? "day" : "hours"],
          message: `step ${i + 1} comes before step ${i}; put the steps in time order`,
        });
  });

export const journeyInput = journeySettings.extend({
  name: z.string().trim().min(1).max(100),
  steps: stepsInput,
});

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
  rules: z.array(journeyRule),
  cap: lineCap.nullable(),
  liveCodeIds: z.array(z.string()),
  segment: segmentSource.nullable(),
  steps: z.array(stepInput),
  enrollments: z.object({
    active: z.number(),
    done: z.number(),
    exited: z.number(),
    /** Active customers waiting for each step of any version, by step index. */
    atStep: z.array(z.number()),
    /** Ended customers by exit reason ("ordered", "replied", "tagged", "stage", "opted_out", …). */
    exitReasons: z.record(z.string(), z.number()),
    /** Steps skipped for a customer (cap, no phone, coupon pool exhausted, …), by reason. */
    skipped: z.record(z.string(), z.number()),
    /** Messages planned (handed to the send gate and outbox) for each step, by step index. */
    plannedAtStep: z.array(z.number()),
    /** Steps skipped, by step index. */
    skippedAtStep: z.array(z.number()),
  }),
  createdAt: z.string(),
});
export type JourneyView = z.infer<typeof journeyView>;
