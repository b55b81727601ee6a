// API shapes for customers (客户): the list with keyset paging and filters, and the 360° detail.
import { z } from "zod";
import { customerOrders } from "../orders/orders.schemas.ts";

export const customerListQuery = z.object({
  corpId: z.string().min(1).describe("The corp (tenant) whose customers to list."),
  q: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe(
      "Search: part of the customer's name or of any member's remark, or the start of a phone number.",
    ),
  tag: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(",").filter(Boolean)))
    .describe(
      "Corp tag id(s), comma-separated or repeated: the customer has every one of them (on any relation).",
    ),
  staff: z.string().optional().describe("Member userid: customers this member follows."),
  stage: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(",").filter(Boolean)))
    .describe(
      "Stage(s) (客户阶段), by id or key (new, engaged, first_order, repeat, churn_risk, churned, …), comma-separated or repeated: the customer is in any of them.",
    ),
  state: z
    .string()
    .max(30)
    .optional()
    .describe("Channel: the contact-way `state` the customer was added through."),
  status: z
    .enum(["live", "lost"])
    .optional()
    .describe("live: some member still has the customer; lost: every member deleted the customer."),
  addedFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Added (by some member) at or after this instant."),
  addedTo: z.iso.datetime({ offset: true }).optional().describe("Added before this instant."),
  cursor: z.string().regex(/^\d+$/).optional().describe("`nextCursor` of the previous page."),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CustomerListQuery = z.output<typeof customerListQuery>;

export const tagRef = z.object({ id: z.string(), name: z.string(), groupName: z.string().nullable() });

export const followView = z
  .object({
    userid: z.string().describe("The member (staff) userid."),
    memberName: z.string().nullable(),
    status: z
      .enum(["active", "pending", "deleted_by_member", "deleted_by_customer", "transferred"])
      .describe(
        "pending: half-added; deleted_by_customer: the customer deleted the member (one-way relation); transferred: taken over by another member (inheritance).",
      ),
    remark: z.string(),
    description: z.string(),
    remarkMobiles: z.array(z.string()),
    state: z.string().nullable().describe("Channel (contact-way state) the customer came through."),
    addWay: z.number().nullable().describe("WeCom add_way: 1 QR scan, 2 phone search, 3 card share, …"),
    addedAt: z.string().nullable(),
    tags: z.array(tagRef),
  })
  .describe("One member's relationship with the customer.");

export const customerSummary = z.object({
  id: z.string().describe("Siyu's customer id (dense, stable)."),
  corpId: z.string(),
  externalUserId: z.string(),
  name: z.string(),
  type: z.number().describe("1 WeChat user, 2 WeCom user, 0 not yet known."),
  gender: z.number().describe("0 unknown, 1 male, 2 female."),
  avatar: z.string().nullable(),
  unionid: z.string().nullable(),
  corpName: z.string().nullable(),
  phones: z.array(z.string()),
  personKey: z
    .string()
    .describe(
      "Identity merge key: `unionid:…`, else `phone:…`, else `customer:<id>`; equal keys are one person.",
    ),
  follows: z.array(followView),
});

export const customerPage = z.object({
  items: z.array(customerSummary),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});

export const timelineEntry = z.object({
  kind: z
    .string()
    .describe(
      "customer.added, customer.added_pending, customer.edited, customer.deleted_by_member (member deleted the customer), customer.deleted_member (customer deleted the member), customer.transferred (handed over to another member), customer.transfer_failed, tags.marked (by Siyu: detail.source siyu|channel|rule), tags.changed (seen in WeCom), …",
    ),
  userid: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});

export const customerDetail = customerSummary.extend({
  position: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  person: z
    .object({
      key: z.string(),
      customers: z
        .array(
          z.object({
            id: z.string(),
            externalUserId: z.string(),
            name: z.string(),
            via: z.enum(["unionid", "phone"]),
          }),
        )
        .describe("Other customer records of the same person (same unionid, else a shared phone)."),
    })
    .describe("Identity merge: one person behind several customer records."),
  groups: z.array(z.object({ chatId: z.string(), name: z.string(), joinedAt: z.string().nullable() })),
  orders: customerOrders,
  timeline: z.array(timelineEntry).describe("Newest first, at most 100."),
});

export const customerIdParams = z.object({ id: z.string().regex(/^\d+$/) });

export const memberLinkBody = z.object({
  corpId: z.string().min(1),
  userid: z
    .string()
    .min(1)
    .max(64)
    .describe("The WeCom member this console user is (a `staff` user sees only their customers)."),
});
