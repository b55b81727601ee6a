// zod schemas for the segments API: preview, saved segments, count history, member pages.
import { z } from "zod";

const lang = z.enum(["en", "zh"]).default("en").describe("Keywords and field names of the returned text");
/** The AST is validated by the segment language (issues with JSON paths), not here. */
const exprInput = z.unknown().optional().describe("The JSON AST (segments.ast.ts); or send `text`");
const textInput = z.string().max(20_000).optional().describe("The text form, e.g. tag:VIP and orders>=2");

export const previewBody = z.object({
  corpId: z.string().min(1).max(64),
  expr: exprInput,
  text: textInput,
  lang,
});

export const customerCard = z.object({
  id: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  owner: z.object({ userid: z.string(), name: z.string() }).nullable(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const previewView = z.object({
  count: z.number().int(),
  sample: z.array(customerCard),
  tookMs: z.number(),
  text: z.string(),
  expr: z.unknown(),
  /** `member`: a staff user's sample holds only their own customers (the count is the corp's). */
  scope: z.enum(["corp", "member"]),
});

export const segmentInput = z.object({
  name: z.string().trim().min(1, "a name is required").max(100),
  description: z.string().trim().max(1000).nullish(),
  expr: exprInput,
  text: textInput,
});

export const segmentView = z.object({
  id: z.string(),
  corpId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  expr: z.unknown(),
  text: z.string(),
  lastCount: z.number().int().nullable(),
  lastCountedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const countPoint = z.object({
  count: z.number().int(),
  source: z.enum(["save", "preview", "poll"]),
  tookMs: z.number(),
  at: z.string(),
});

export const langQuery = z.object({ lang });
export const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
export const membersQuery = z.object({
  after: z.string().regex(/^\d+$/, "a customer id").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const membersPage = z.object({ items: z.array(customerCard), nextAfter: z.string().nullable() });

const catalogItem = z.object({ id: z.string(), name: z.string(), detail: z.string().optional() });
export const pickerView = z.object({
  tags: z.array(catalogItem),
  stages: z.array(catalogItem),
  channels: z.array(catalogItem),
  staff: z.array(catalogItem),
  stores: z.array(catalogItem),
  cities: z.array(z.string()),
  categories: z.array(z.string()),
  activities: z.array(z.string()),
});
