// API shapes for orders: the batch upsert, order views, imports with their counts and rejected rows, and the
// order section of the customer 360 detail.
import { z } from "zod";
import { FIELDS, PRESET_NAMES } from "./orders.presets.ts";

const status = z.enum(["paid", "refunded", "cancelled", "pending"]);

export const orderItemInput = z.object({
  name: z.string().min(1).max(500),
  sku: z.string().max(200).nullish(),
  category: z.string().max(200).nullish(),
  quantity: z.number().int().min(0).max(1_000_000).nullish(),
  amountCents: z.number().int().min(0).max(1e13).nullish(),
});

export const orderInput = z.object({
  orderNo: z.string().trim().min(1).max(128).describe("The platform's order id; unique per corp and source."),
  status,
  amountCents: z.number().int().min(0).max(1e13).describe("What the buyer paid, in cents."),
  refundedCents: z.number().int().min(0).max(1e13).optional(),
  orderedAt: z.iso
    .datetime({ offset: true })
    .describe("ISO 8601 with a zone, e.g. 2025-06-04T08:50:11+08:00"),
  paidAt: z.iso.datetime({ offset: true }).nullish(),
  unionid: z.string().trim().min(1).max(128).nullish(),
  phone: z
    .string()
    .trim()
    .max(32)
    .nullish()
    .describe("Masked values are kept for display, never matched on."),
  buyerName: z.string().max(200).nullish(),
  categories: z.array(z.string().min(1).max(200)).max(50).optional(),
  items: z.array(orderItemInput).max(500).optional(),
});

export const ordersBatchBody = z.object({
  corpId: z.string().min(1),
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)
    .default("api")
    .describe("Where the orders come from (api, youzan, taobao, a shop name…); the id is unique per source."),
  orders: z.array(orderInput).min(1).max(1000),
});

export const orderBatchResult = z.object({
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  bound: z.number(),
  orders: z.array(
    z.object({
      orderNo: z.string(),
      id: z.string(),
      result: z.enum(["inserted", "updated", "unchanged"]),
      customerId: z.string().nullable(),
    }),
  ),
});

export const orderView = z.object({
  id: z.string(),
  corpId: z.string(),
  source: z.string(),
  orderNo: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  boundBy: z.enum(["unionid", "phone"]).nullable(),
  unionid: z.string().nullable(),
  phone: z.string().nullable().describe("As the source showed it (masked values stay masked)."),
  buyerName: z.string().nullable(),
  amountCents: z.number(),
  refundedCents: z.number(),
  status,
  sourceStatus: z.string().nullable(),
  categories: z.array(z.string()),
  items: z.array(
    z.object({
      name: z.string(),
      sku: z.string().nullish(),
      category: z.string().nullish(),
      quantity: z.number().nullish(),
      amount_cents: z.number().nullish(),
    }),
  ),
  orderedAt: z.string(),
  paidAt: z.string().nullable(),
  importId: z.string().nullable(),
});

export const orderListQuery = z.object({
  customerId: z.string().regex(/^\d+$/).optional(),
  source: z.string().max(32).optional(),
  status: status.optional(),
  bound: z.enum(["yes", "no"]).optional(),
  q: z.string().max(128).optional().describe("Order id prefix"),
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const orderPage = z.object({ items: z.array(orderView), nextCursor: z.string().nullable() });

export const badRowView = z.object({
  row: z.number().describe("The row as seen in the file; the header is row 1."),
  code: z.string(),
  reason: z.string(),
  field: z.string().nullable(),
  value: z.string().nullable(),
});

export const importView = z.object({
  id: z.string(),
  corpId: z.string(),
  source: z.string(),
  preset: z.string(),
  fileName: z.string().nullable(),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  status: z.enum(["running", "done", "failed"]),
  rowsTotal: z.number(),
  ordersTotal: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  badRows: z.number(),
  bound: z.number(),
  unmatchablePhone: z
    .number()
    .describe("Orders whose phone was masked or ciphertext: kept, never matched on."),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const importResult = importView.extend({
  errors: z.array(badRowView).describe("The first 100 rejected rows; page through all with /errors."),
});

export const genericMapping = z.object({
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)
    .optional(),
  grain: z.enum(["order", "line"]).optional(),
  columns: z.partialRecord(z.enum(FIELDS as [string, ...string[]]), z.string().min(1).max(200)),
  statuses: z.record(z.string(), status).optional(),
  tzOffsetMinutes: z.number().int().min(-720).max(840).optional(),
});

export const importQuery = z.object({
  preset: z.enum(PRESET_NAMES as unknown as [string, ...string[]]).optional(),
  mapping: z.string().max(10_000).optional().describe("JSON of the generic mapping (preset=generic)"),
  fileName: z.string().max(300).optional(),
});

export const corpParams = z.object({ corpId: z.string().min(1) });
export const importParams = z.object({ corpId: z.string().min(1), id: z.string().regex(/^\d+$/) });
export const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const presetView = z.object({
  name: z.string(),
  source: z.string(),
  grain: z.enum(["order", "line"]),
  enrich: z.boolean(),
  columns: z.record(z.string(), z.array(z.string())),
});

export const customerOrders = z
  .object({
    totals: z.object({
      count: z.number().describe("All orders bound to the customer"),
      paidCount: z.number(),
      paidCents: z.number().describe("Sum of paid orders"),
      refundedCents: z.number(),
      firstOrderedAt: z.string().nullable(),
      lastOrderedAt: z.string().nullable(),
    }),
    recent: z.array(orderView).describe("The 10 most recent orders"),
  })
  .describe("Orders bound to this customer (C2).");
