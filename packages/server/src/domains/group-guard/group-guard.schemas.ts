// API shapes for anti-harassment (防骚扰): rules over group messages (links outside the whitelist of domains and
// mini-programs, ad keywords, flooding, contact cards), the events they logged and the blacklist.
import { z } from "zod";

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^https?:\/\//, "").replace(/\/.*$/, ""))
  .pipe(
    z
      .string()
      .max(253)
      .regex(
        /^(?:\*\.)?(?:[a-z0-9\u4e00-\u9fa5](?:[a-z0-9\u4e00-\u9fa5-]{0,61}[a-z0-9\u4e00-\u9fa5])?\.)+[a-z\u4e00-\u9fa5]{2,63}$/,
        "not a domain name; write it like example.com",
      ),
  );

const list = <T extends z.ZodTypeAny>(item: T, max: number, what: string) =>
  z.array(item).max(max, `at most ${max} ${what}`);

const flood = z
  .object({
    count: z
      .number()
      .int("a whole number of messages")
      .min(2, "flooding needs at least 2 messages")
      .max(100, "at most 100 messages"),
    seconds: z
      .number()
      .int("a whole number of seconds")
      .min(1, "at least 1 second")
      .max(3600, "at most 3600 seconds (1 hour)"),
  })
  .describe("N messages (count) from one member within M seconds is flooding.");

const fields = {
  name: z.string().trim().min(1, "a name is required").max(60, "a name is at most 60 characters"),
  enabled: z.boolean(),
  chatIds: list(z.string().trim().min(1).max(128), 500, "groups").describe(
    "Groups the rule watches; empty = every group of the corp.",
  ),
  checkLinks: z.boolean().describe("Links and mini-programs outside the whitelists are violations."),
  allowedDomains: list(domain, 200, "domains").describe(
    "Whitelisted domains; a subdomain passes too (example.com lets m.example.com through).",
  ),
  allowedMiniPrograms: list(
    z
      .string()
      .trim()
      .min(1, "empty mini-program")
      .max(64, "a mini-program id or name is at most 64 characters"),
    200,
    "mini-programs",
  ).describe("Whitelisted mini-programs by appid (or original id gh_…) or exact name."),
  adKeywords: list(
    z.string().trim().min(1, "empty keyword").max(50, "a keyword is at most 50 characters"),
    500,
    "keywords",
  ),
  flood: flood.nullable(),
  blockCards: z.boolean().describe("A contact card posted by a customer is a violation."),
  strikes: z
    .number()
    .int("a whole number")
    .min(1, "at least 1 violation")
    .max(10, "at most 10 violations")
    .describe("Violations (within the window) after which the member is removed and blacklisted."),
  strikeWindowHours: z
    .number()
    .int("a whole number of hours")
    .min(1, "at least 1 hour")
    .max(720, "at most 720 hours (30 days)"),
  allowedSenders: list(z.string().trim().min(1).max(128), 500, "senders").describe(
    "external_userids whose messages always pass (members of the corp always pass).",
  ),
};

const checksSomething = (r: {
  checkLinks?: boolean;
  adKeywords?: string[];
  flood?: unknown;
  blockCards?: boolean;
}) => r.checkLinks === true || (r.adKeywords?.length ?? 0) > 0 || !!r.flood || r.blockCards === true;

export const guardRuleInput = z
  .object({
    ...fields,
    enabled: fields.enabled.default(true),
    chatIds: fields.chatIds.default([]),
    checkLinks: fields.checkLinks.default(true),
    allowedDomains: fields.allowedDomains.default([]),
    allowedMiniPrograms: fields.allowedMiniPrograms.default([]),
    adKeywords: fields.adKeywords.default([]),
    flood: fields.flood.default(null),
    blockCards: fields.blockCards.default(false),
    strikes: fields.strikes.default(2),
    strikeWindowHours: fields.strikeWindowHours.default(24),
    allowedSenders: fields.allowedSenders.default([]),
  })
  .superRefine((r, ctx) => {
    if (!checksSomething(r))
      ctx.addIssue({
        code: "custom",
        path: ["checkLinks"],
        message: "the rule checks nothing: turn on links, add keywords, set flooding or block contact cards",
      });
  });
export type GuardRuleInput = z.output<typeof guardRuleInput>;

export const guardRuleView = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  chatIds: z.array(z.string()),
  checkLinks: z.boolean(),
  allowedDomains: z.array(z.string()),
  allowedMiniPrograms: z.array(z.string()),
  adKeywords: z.array(z.string()),
  flood: z.object({ count: z.number(), seconds: z.number() }).nullable(),
  blockCards: z.boolean(),
  strikes: z.number(),
  strikeWindowHours: z.number(),
  allowedSenders: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GuardRuleView = z.infer<typeof guardRuleView>;

export const guardEventView = z.object({
  id: z.string(),
  chatId: z.string(),
  groupName: z.string().nullable(),
  memberId: z.string(),
  memberName: z.string().nullable(),
  ruleId: z.string().nullable(),
  ruleName: z.string().nullable(),
  kind: z.enum(["link", "mini_program", "keyword", "flood", "card", "rejoin"]),
  action: z.enum(["strike", "removal", "rejoin"]),
  evidence: z.record(z.string(), z.unknown()),
  removalTaskId: z.string().nullable(),
  removalStatus: z.enum(["pending", "confirmed", "done", "dismissed", "moot"]).nullable(),
  at: z.string(),
});
export type GuardEventView = z.infer<typeof guardEventView>;

export const guardEventsQuery = z.object({
  chatId: z.string().max(128).optional(),
  memberId: z.string().max(128).optional(),
  before: z.coerce.number().int().positive().optional().describe("Events older than this id (paging)."),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const guardEventPage = z.object({
  items: z.array(guardEventView),
  nextBefore: z.string().nullable(),
});

export const blacklistView = z.object({
  items: z.array(
    z.object({
      externalUserId: z.string(),
      name: z.string().nullable(),
      reason: z.string(),
      createdAt: z.string(),
    }),
  ),
});
