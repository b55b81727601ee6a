// API shapes for stages (客户阶段): the pipeline, churn settings, the board, and moving customers.
import { z } from "zod";
import { customerListQuery } from "../customers/customers.schemas.ts";

export const corpParams = z.object({ corpId: z.string().min(1).max(64) });
export const stageParams = corpParams.extend({
  stageId: z.string().regex(/^\d+$/, "a stage id is a number"),
});
export const customerParams = corpParams.extend({
  id: z.string().regex(/^\d+$/, "a customer id is a number"),
});

const stageName = z
  .string()
  .trim()
  .min(1, "a stage needs a name")
  .max(30, "a stage name has at most 30 characters");

export const stageView = z.object({
  id: z.string(),
  key: z
    .string()
    .describe(
      "new, engaged, first_order, repeat, churn_risk, churned for the defaults (which rules move customers into); generated for custom stages.",
    ),
  name: z.string(),
  position: z.number(),
  builtin: z.boolean().describe("A default stage: can be renamed and moved, not removed."),
  count: z.number().describe("Customers in the stage (within the caller's data scope)."),
});

export const settingsView = z.object({
  churnRiskDays: z.number().describe("No paid order in this many days: a buyer moves to churn_risk."),
  churnedDays: z.number().describe("No paid order in this many days: a buyer moves to churned."),
});

export const pipelineView = z.object({ stages: z.array(stageView), settings: settingsView });

export const stageInput = z.object({
  name: stageName,
  position: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Where to insert it (0 = first); at the end when absent."),
});

export const stagePatch = z.object({ name: stageName });

export const stageOrder = z.object({
  stageIds: z
    .array(z.string().regex(/^\d+$/))
    .min(1)
    .describe("Every stage id of the corp, in the new order."),
});

export const removeQuery = z.object({
  moveTo: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe("The stage that receives the removed stage's customers (required when it holds any)."),
});

export const settingsInput = z
  .object({
    churnRiskDays: z.number().int().min(1, "at least 1 day").max(3650, "at most 3650 days"),
    churnedDays: z.number().int().min(2, "at least 2 days").max(3650, "at most 3650 days"),
  })
  .refine((s) => s.churnedDays > s.churnRiskDays, {
    message: "churned must come after churn risk (more days)",
    path: ["churnedDays"],
  });

export const cardView = z.object({
  id: z.string().describe("Customer id."),
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  owners: z
    .array(z.object({ userid: z.string(), name: z.string().nullable() }))
    .describe("Members who have the customer (live relations)."),
  enteredAt: z.string(),
  reason: z.string(),
  source: z.enum(["rule", "manual"]),
  rule: z.string().nullable(),
});

export const pageQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_\d+$/, "not a cursor from this list")
    .optional()
    .describe("`nextCursor` of the previous page."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const columnView = z.object({
  stage: stageView,
  items: z.array(cardView),
  nextCursor: z.string().nullable(),
});

export const boardView = z.object({ columns: z.array(columnView), settings: settingsView });

export const moveBody = z.object({ stageId: z.string().regex(/^\d+$/, "a stage id is a number") });

const filter = customerListQuery.omit({ cursor: true, limit: true, corpId: true });

export const bulkMoveBody = z
  .object({
    stageId: z.string().regex(/^\d+$/, "a stage id is a number"),
    customerIds: z
      .array(z.string().regex(/^\d+$/))
      .min(1)
      .max(10_000)
      .optional()
      .describe("A selection of customer ids…"),
    filter: filter.optional().describe("…or a filter, as for GET /api/customers (every matching customer)."),
  })
  .refine((b) => (b.customerIds === undefined) !== (b.filter === undefined), {
    message: "give exactly one of customerIds and filter",
    path: ["customerIds"],
  });

export const bulkMoveView = z.object({
  matched: z.number().describe("Customers selected (within the caller's scope)."),
  moved: z.number().describe("Customers who changed stage (the others were already there)."),
});

export const customerStageView = z.object({
  customerId: z.string(),
  stage: stageView.omit({ count: true }),
  enteredAt: z.string(),
  reason: z.string(),
  source: z.enum(["rule", "manual"]),
  rule: z.string().nullable(),
  paidOrders: z.number(),
  lastPaidAt: z.string().nullable(),
});
