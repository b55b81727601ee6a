// API shapes for duplicate members (重复成员): customers in several of the corp's groups, the rules that decide
// which membership stays, and the owner removal tasks.
import { z } from "zod";

export const KEEP_RULES = ["store_group", "newest", "oldest", "largest", "smallest"] as const;

export const duplicateSettings = z.object({
  keep: z
    .array(
      z.enum(KEEP_RULES, {
        error: "unknown rule; use store_group, newest, oldest, largest or smallest",
      }),
    )
    .min(1, "give at least one rule")
    .max(KEEP_RULES.length)
    .superRefine((rules, ctx) => {
      rules.forEach((r, i) => {
        if (rules.indexOf(r) !== i) ctx.addIssue({ code: "custom", path: [i], message: "rule listed twice" });
      });
      const newest = rules.includes("newest");
      const oldest = rules.includes("oldest");
      if (newest && oldest)
        ctx.addIssue({
          code: "custom",
          path: [rules.indexOf("oldest")],
          message: "newest and oldest contradict each other; keep one",
        });
      if (rules.includes("largest") && rules.includes("smallest"))
        ctx.addIssue({
          code: "custom",
          path: [rules.indexOf("smallest")],
          message: "largest and smallest contradict each other; keep one",
        });
    })
    .describe(
      "Tried in order until one membership is left: store_group (the group of the customer's own store), newest / oldest (join time), largest / smallest (members).",
    ),
});

export const membershipView = z.object({
  chatId: z.string(),
  groupName: z.string(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
  joinedAt: z.string().nullable(),
  memberCount: z.number(),
  storeGroup: z.boolean().describe("The group belongs to the customer's own store."),
  keep: z.boolean().describe("The membership the rules keep."),
  removal: z
    .object({ id: z.string(), status: z.enum(["pending", "confirmed", "done", "dismissed", "moot"]) })
    .nullable()
    .describe("The open (or last) removal task of this membership."),
});

export const duplicateCustomerView = z.object({
  externalUserId: z.string(),
  name: z.string().nullable(),
  groups: z.array(membershipView),
});

export const duplicateGroupView = z.object({
  chatId: z.string(),
  groupName: z.string(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
  memberCount: z.number(),
  duplicates: z.number().describe("Customers of this group who sit in other groups too."),
  toRemove: z.number().describe("Of those, whose membership here the rules do not keep."),
});

export const duplicateReport = z.object({
  keep: z.array(z.enum(KEEP_RULES)),
  totalCustomers: z.number(),
  customers: z.array(duplicateCustomerView),
  groups: z.array(duplicateGroupView),
});
export type DuplicateReport = z.infer<typeof duplicateReport>;

export const duplicateQuery = z.object({
  chatId: z.string().max(128).optional().describe("Only customers with a membership in this group."),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const removalView = z.object({
  id: z.string(),
  chatId: z.string(),
  groupName: z.string().nullable(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
  memberId: z.string(),
  memberName: z.string().nullable(),
  reason: z.enum(["duplicate", "harassment"]),
  status: z.enum(["pending", "confirmed", "done", "dismissed", "moot"]),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  quitScene: z.number().nullable(),
  instruction: z
    .string()
    .nullable()
    .describe("What the owner does next (WeCom has no API to remove a group member: it is done by hand)."),
});
export type RemovalView = z.infer<typeof removalView>;

export const removalQuery = z.object({
  status: z.enum(["pending", "confirmed", "done", "dismissed", "moot", "open"]).optional(),
  reason: z.enum(["duplicate", "harassment"]).optional(),
  chatId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
