// Churn-watch API: the figures per planner and member, what is paused or cooling down and why, the thresholds,
// and the hand resume of a paused campaign or automation.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import * as service from "./churn-watch.service.ts";
import { churnWatchSettingsSchema } from "./churn-watch.settings.ts";

const tags = ["churn-watch"];
const corpParams = z.object({ corpId: z.string().min(1).max(64) });

const pausedView = z.object({
  id: z.string(),
  planner: z.string(),
  kind: z.enum(["campaign", "automation"]),
  pausedAt: z.string(),
  reason: z.string(),
  resumedAt: z.string().nullable(),
  resumedBy: z.string().nullable(),
  held: z.number().describe("the planner's messages waiting for the resume"),
});
const figures = { sends: z.number(), deletions: z.number(), percent: z.number(), since: z.string() };

const overviewView = z.object({
  settings: churnWatchSettingsSchema,
  paused: z.array(pausedView),
  planners: z.array(z.object({ planner: z.string(), ...figures })),
  senders: z.array(z.object({ userid: z.string(), ...figures })),
  cooling: z.array(
    z.object({
      id: z.string(),
      userid: z.string(),
      since: z.string(),
      until: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  recent: z.array(
    z.object({
      externalUserid: z.string(),
      userid: z.string(),
      kind: z.enum(["customer_deleted", "member_deleted"]),
      source: z.string().nullable(),
      occurredAt: z.string(),
    }),
  ),
});

const settingsInput = churnWatchSettingsSchema
  .partial()
  .refine((s) => Object.keys(s).length > 0, "send at least one setting to change");

export function churnWatchRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/churn-watch";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "Deletions against sends in the rolling window, per planner and member; paused planners and cooling members with their reasons",
          params: corpParams,
          response: { 200: overviewView },
        },
      },
      async (req) => service.churnWatchOverview(ctx, req.params.corpId),
    );
    r.patch(
      `${base}/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change the churn-watch window, thresholds, what a pause does and who is told",
          params: corpParams,
          body: settingsInput,
          response: { 200: churnWatchSettingsSchema },
        },
      },
      async (req) => service.updateChurnWatchSettings(ctx, req.params.corpId, req.body),
    );
    r.post(
      `${base}/paused/:id/resume`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Resume a paused campaign or automation by hand; its held messages are decided anew",
          params: corpParams.extend({ id: z.string().regex(/^\d{1,18}$/, "a pause id") }),
          response: { 200: pausedView },
        },
      },
      async (req) => service.resumePlanner(ctx, req.params.corpId, req.params.id, principalOf(req).username),
    );
  };
}
