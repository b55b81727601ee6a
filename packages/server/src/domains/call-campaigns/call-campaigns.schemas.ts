// API shapes for call campaigns: planning input, list filters, result rows sent by API.
import { z } from "zod";
import { BUCKETS, TIERS } from "./call-campaigns.settings.ts";
import { OUTCOMES } from "./call-results.read.ts";

export const corpParams = z.object({ corpId: z.string().min(1) });
export const campaignParams = z.object({ corpId: z.string().min(1), id: z.string().regex(/^\d+$/, "an id") });

export const campaignInput = z
  .object({
    name: z.string().trim().min(1, "a name is required").max(60),
    kind: z.enum(["brand", "platform"]).default("brand"),
    brandName: z.string().trim().min(1).max(30).describe("The brand the callers speak for"),
    bucket: z.enum(BUCKETS),
    tiers: z.array(z.enum(TIERS)).max(4).default([]),
    categories: z.array(z.string().trim().min(1).max(40)).max(40).default([]),
    startDay: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
      .optional()
      .describe("The first local day of the schedule; default tomorrow"),
    userids: z.array(z.string().min(1).max(64)).max(2000).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

export const callsQuery = z.object({
  filter: z.enum(["all", "unanswered", "refused", "pending"]).default("all"),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const exportQuery = z.object({ format: z.enum(["csv", "xlsx"]).default("csv") });

export const importQuery = z.object({
  encoding: z
    .string()
    .max(20)
    .optional()
    .describe("Declared encoding (utf-8, gb18030); detected when absent"),
  fileName: z.string().max(200).optional(),
});

export const resultRowsBody = z
  .object({
    results: z
      .array(
        z
          .object({
            phone: z.string().min(1).max(30),
            code: z.enum(OUTCOMES),
            callId: z.string().max(100).optional(),
            startedAt: z.string().max(40).optional().describe("Local yyyy-MM-dd HH:mm:ss or ISO with a zone"),
            endedAt: z.string().max(40).optional(),
            agent: z.string().max(60).optional(),
            note: z.string().max(500).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(10_000),
  })
  .strict();
