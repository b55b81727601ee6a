// Inheritance API shapes. A transfer names its handover member and how customers are assigned: by rule (the
// customer's store's staff first, then the handover's store colleagues, then anyone; least loaded first), among
// all members who can take customers or the given candidates, or by hand to one member. Customers and groups
// default to all the handover still has.
import { z } from "zod";

const id = z.string().regex(/^\d+$/, "an id");
const userid = z.string().trim().min(1, "a member's userid").max(64);

export const corpParams = z.object({ corpId: z.string().min(1) });
export const idParams = corpParams.extend({ id });
export const memberParams = corpParams.extend({ userid: z.string().min(1) });

export const assignInput = z.discriminatedUnion("mode", [
  z
    .object({
      mode: z.literal("rule"),
      candidates: z.array(userid).max(500).optional(),
    })
    .strict(),
  z.object({ mode: z.literal("hand"), takeover: userid }).strict(),
]);
export type AssignInput = z.infer<typeof assignInput>;

export const transferInput = z
  .object({
    kind: z.enum(["resigned", "onjob"]),
    handover: userid,
    assign: assignInput,
    /** Default: every customer the handover still has. */
    customers: z.array(z.string().min(1)).max(20_000).optional(),
    /** Default: every group the handover still owns; [] transfers none. */
    groups: z.array(z.string().min(1)).max(5_000).optional(),
    /** The groups' new owner; default: the takeover (by hand) or the least loaded candidate (by rule). */
    groupOwner: userid.optional(),
    /** In-service transfers only: shown to the customer (WeCom allows 200 characters). */
    message: z.string().trim().max(200, "WeCom allows at most 200 characters").optional(),
  })
  .strict();
export type TransferInput = z.infer<typeof transferInput>;

export const reassignInput = z
  .object({
    customers: z.array(z.string().min(1)).min(1, "pick at least one customer").max(20_000),
    takeover: userid,
  })
  .strict();

export const customersQuery = z.object({
  status: z
    .enum(["planned", "waiting", "succeeded", "refused", "limit", "failed", "open", "unfinished"])
    .optional(),
  after: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const counts = z.object({
  planned: z.number(),
  waiting: z.number(),
  succeeded: z.number(),
  refused: z.number(),
  limit: z.number(),
  failed: z.number(),
});

export const jobView = z.object({
  id: z.string(),
  kind: z.enum(["resigned", "onjob"]),
  handover: z.string(),
  handoverName: z.string(),
  mode: z.enum(["rule", "hand"]),
  status: z.enum(["running", "done"]),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  before: z.object({ customers: z.number(), groups: z.number() }),
  customers: counts,
  groups: z.object({ planned: z.number(), succeeded: z.number(), failed: z.number() }),
  warnings: z.array(z.string()),
});
export type JobView = z.infer<typeof jobView>;
