// Journey rules API, under /api/corps/:corpId/journeys: a line's rules, cap and sources, its skipped steps,
// follow-up tasks for staff, and coupon pools (create, upload codes as CSV or a JSON list).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import * as coupons from "./coupons.service.ts";
import { journeySettings } from "./journey-rules.schemas.ts";
import * as tasks from "./journey-tasks.ts";
import { corpParams, journeyParams, journeyView } from "./journeys.schemas.ts";
import { updateSettings } from "./journeys.service.ts";

const tags = ["journeys"];
const idParams = z.object({ corpId: z.string().min(1), id: z.string().regex(/^\d+$/) });
const limit = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function journeyRulesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/journeys";
    r.put(
      `${base}/:id/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Replace the line's exit/branch rules, cap and enrolment sources (for everyone on the line)",
          params: journeyParams,
          body: journeySettings,
          response: { 200: journeyView },
        },
      },
      async (req) => updateSettings(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.get(
      `${base}/:id/skips`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Steps skipped for a customer, with the reason",
          params: journeyParams,
          querystring: limit,
        },
      },
      async (req) => ({
        items: await tasks.listSkips(ctx, req.params.corpId, req.params.id, req.query.limit),
      }),
    );
    r.get(
      `${base}/tasks`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Follow-up tasks: customers handed to staff by a line's rule (e.g. they replied)",
          params: corpParams,
          querystring: limit.extend({ status: z.enum(["open", "done"]).optional() }),
        },
      },
      async (req) => ({
        items: await tasks.listTasks(ctx, req.params.corpId, req.query.status, req.query.limit),
      }),
    );
    r.post(
      `${base}/tasks/:id/done`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Mark a follow-up task done", params: idParams },
      },
      async (req) => {
        await tasks.completeTask(ctx, req.params.corpId, req.params.id);
        return { ok: true };
      },
    );
    r.get(
      `${base}/coupon-pools`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Coupon pools with codes left", params: corpParams },
      },
      async (req) => ({ items: await coupons.listPools(ctx, req.params.corpId) }),
    );
    r.post(
      `${base}/coupon-pools`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a coupon pool",
          params: corpParams,
          body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
        },
      },
      async (req, reply) =>
        reply.code(201).send(await coupons.createPool(ctx, req.params.corpId, req.body.name)),
    );
    r.post(
      `${base}/coupon-pools/:id/codes`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Upload codes: a CSV (first column, one per line) or a JSON list; codes already in the pool are ignored",
          params: idParams,
          body: z
            .object({
              codes: z.array(z.string()).min(1).max(100_000).optional(),
              csv: z.string().max(5_000_000).optional(),
            })
            .strict()
            .refine((b) => !!b.codes !== (b.csv !== undefined), "give codes or csv (one of them)"),
        },
      },
      async (req) => coupons.addCodes(ctx, req.params.corpId, req.params.id, coupons.parseCodes(req.body)),
    );
  };
}
