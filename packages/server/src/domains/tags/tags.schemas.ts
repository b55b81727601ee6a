// API shapes for corp tags (mirrored with WeCom) and bulk tag jobs.
import { z } from "zod";
import { customerListQuery } from "../customers/customers.schemas.ts";

const name = z.string().trim().min(1).max(30).describe("At most 30 characters (WeCom's limit).");
const order = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
  .describe("Larger sorts first (WeCom).");

export const tagView = z.object({
  id: z.string().describe("WeCom tag id."),
  name: z.string(),
  order: z.number(),
  customers: z.number().describe("Customers carrying the tag (on any relation)."),
});

export const tagGroupView = z.object({
  id: z.string().describe("WeCom tag group id."),
  name: z.string(),
  order: z.number(),
  tags: z.array(tagView),
});

export const tagCreateBody = z
  .object({
    groupId: z.string().optional().describe("Add into this existing group."),
    groupName: name
      .optional()
      .describe("Or: a group name; an existing name adds into that group, a new one creates it."),
    order: order.optional().describe("Order of a new group."),
    tags: z
      .array(z.object({ name, order: order.optional() }))
      .min(1, "a group needs at least one tag (WeCom has no empty groups)")
      .max(100),
  })
  .refine((b) => b.groupId || b.groupName, { message: "give groupId or groupName", path: ["groupName"] });

export const tagPatchBody = z
  .object({ name: name.optional(), order: order.optional() })
  .refine((b) => b.name !== undefined || b.order !== undefined, {
    message: "give name or order",
    path: ["name"],
  });

export const tagIdParams = z.object({
  corpId: z.string().min(1),
  id: z.string().min(1).describe("A tag id or a tag group id."),
});

const filter = customerListQuery.omit({ cursor: true, limit: true, corpId: true });

export const tagJobBody = z
  .object({
    add: z.array(z.string()).max(100).default([]).describe("Tag ids to add."),
    remove: z.array(z.string()).max(100).default([]).describe("Tag ids to remove."),
    customerIds: z
      .array(z.string().regex(/^\d+$/))
      .max(10_000)
      .optional()
      .describe("A selection of customer ids…"),
    filter: filter.optional().describe("…or a filter, as for GET /api/customers (every matching customer)."),
  })
  .refine((b) => b.add.length + b.remove.length > 0, { message: "give tags to add or remove", path: ["add"] })
  .refine((b) => (b.customerIds === undefined) !== (b.filter === undefined), {
    message: "give exactly one of customerIds and filter",
    path: ["customerIds"],
  });

export const tagJobView = z.object({
  id: z.string(),
  corpId: z.string(),
  status: z.enum(["pending", "running", "done", "failed"]),
  add: z.array(z.string()),
  remove: z.array(z.string()),
  total: z.number().describe("Follow relations to tag (one customer may have several members)."),
  done: z.number(),
  failed: z.number().describe("Relations WeCom refused (e.g. no longer a customer of that member)."),
  error: z.string().nullable().describe("Why the job stopped; resume it with POST …/resume."),
  createdAt: z.string(),
  updatedAt: z.string(),
});
