// API shapes for scenario triggers: a scenario is a template with its parameters, an optional saved-segment
// audience and the journey line to enrol customers on; coupons and subscriptions come as API batches too.
import { z } from "zod";

const days = (max: number) => z.number().int().min(1).max(max);

export const templateParams = {
  lead_captured: z
    .object({
      liveCodeIds: z.array(z.string().regex(/^\d+$/, "a live code id")).max(100).default([]),
      states: z.array(z.string().min(1).max(64)).max(100).default([]),
    })
    .strict(),
  first_order: z
    .object({
      hours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90),
    })
    .strict(),
  coupon_expiring: z.object({ days: days(90) }).strict(),
  subscription_expiring: z.object({ days: days(365) }).strict(),
  renewal_due: z.object({ days: days(365) }).strict(),
  churn_winback: z.object({ days: days(730) }).strict(),
} as const;

export type TemplateName = keyof typeof templateParams;
export type TemplateParams = z.infer<(typeof templateParams)[TemplateName]>;

const common = {
  name: z.string().trim().min(1).max(100),
  journeyId: z.string().regex(/^\d+$/, "a journey id").describe("The line customers are enrolled on."),
  segmentId: z
    .string()
    .regex(/^\d+$/, "a saved segment id")
    .nullish()
    .describe("Only its members (optional)."),
  status: z.enum(["active", "paused"]).default("active"),
};

export const scenarioInput = z.discriminatedUnion("template", [
  z
    .object({ ...common, template: z.literal("lead_captured"), params: templateParams.lead_captured })
    .strict(),
  z.object({ ...common, template: z.literal("first_order"), params: templateParams.first_order }).strict(),
  z
    .object({ ...common, template: z.literal("coupon_expiring"), params: templateParams.coupon_expiring })
    .strict(),
  z
    .object({
      ...common,
      template: z.literal("subscription_expiring"),
      params: templateParams.subscription_expiring,
    })
    .strict(),
  z.object({ ...common, template: z.literal("renewal_due"), params: templateParams.renewal_due }).strict(),
  z
    .object({ ...common, template: z.literal("churn_winback"), params: templateParams.churn_winback })
    .strict(),
]);
export type ScenarioInput = z.output<typeof scenarioInput>;

export const scenarioView = z.object({
  id: z.string(),
  name: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.unknown()),
  journeyId: z.string(),
  segmentId: z.string().nullable(),
  status: z.enum(["active", "paused"]),
  firings: z.number(),
  scannedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ScenarioView = z.infer<typeof scenarioView>;

export const firingView = z.object({
  id: z.string(),
  scenarioId: z.string(),
  customerId: z.string(),
  externalUserid: z.string(),
  instance: z.string(),
  reason: z.string(),
  enrolled: z.boolean(),
  firedAt: z.string(),
});

export const corpParams = z.object({ corpId: z.string().min(1) });
export const scenarioParams = corpParams.extend({ id: z.string().regex(/^\d+$/) });
export const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const source = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)
  .default("api")
  .describe("Where the rows come from; ids are unique per source.");
export const holdingBatch = z.object({
  source,
  items: z.array(z.record(z.string(), z.unknown())).min(1).max(1000),
});
export const holdingBatchResult = z.object({
  rowsTotal: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  badRows: z.number(),
  bound: z.number(),
  rejected: z.array(
    z.object({ index: z.number(), code: z.string(), field: z.string().nullable(), reason: z.string() }),
  ),
});
export const importQuery = z.object({ source, fileName: z.string().max(255).optional() });
