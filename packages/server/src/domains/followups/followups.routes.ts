// Follow-ups API: /api/corps/:corpId/followups — plan templates (operators write, any user reads), plans started
// by hand for one customer, their tasks (a staff member sees and closes only their own), and the response-time
// SLA: settings and the per-member report with its breaches.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import {
  corpParams,
  idParams,
  listQuery,
  outcomeInput,
  planInput,
  planView,
  slaQuery,
  slaSettings,
  templateInput,
  templateView,
} from "./followups.schemas.ts";
import * as service from "./followups.service.ts";
import { slaReport } from "./sla.report.ts";
import { loadSlaSettings, saveSlaSettings } from "./sla.settings.ts";

const tags = ["followups"];

export function followupsRoutes(ctx: Ctx) {
  const scope = (req: FastifyRequest, corpId: string) => scopeOf(ctx, principalOf(req), corpId);
  const by = (req: FastifyRequest) => `user:${principalOf(req).userId}`;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/followups";
    r.get(
      `${base}/templates`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Follow-up plan templates", params: corpParams },
      },
      async (req) => ({ items: await service.listTemplates(ctx, req.params.corpId) }),
    );
    r.post(
      `${base}/templates`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a follow-up plan template",
          params: corpParams,
          body: templateInput,
          response: { 201: templateView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.createTemplate(ctx, req.params.corpId, req.body)),
    );
    r.get(
      `${base}/templates/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One template", params: idParams, response: { 200: templateView } },
      },
      async (req) => service.getTemplate(ctx, req.params.corpId, req.params.id),
    );
    r.put(
      `${base}/templates/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Replace a template (running plans keep their rounds)",
          params: idParams,
          body: templateInput,
          response: { 200: templateView },
        },
      },
      async (req) => service.updateTemplate(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.get(
      `${base}/plans`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Follow-up plans by member and status",
          params: corpParams,
          querystring: listQuery,
        },
      },
      async (req) => ({
        items: await service.listPlans(
          ctx,
          req.params.corpId,
          await scope(req, req.params.corpId),
          req.query,
        ),
      }),
    );
    r.post(
      `${base}/plans`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Start a follow-up plan for one customer",
          params: corpParams,
          body: planInput,
          response: { 201: planView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.startPlan(ctx, req.params.corpId, req.body, by(req))),
    );
    r.get(
      `${base}/plans/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One plan with its tasks", params: idParams, response: { 200: planView } },
      },
      async (req) =>
        service.getPlan(ctx, req.params.corpId, req.params.id, await scope(req, req.params.corpId)),
    );
    r.post(
      `${base}/plans/:id/stop`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Stop a running plan", params: idParams, response: { 200: planView } },
      },
      async (req) =>
        service.stopPlan(ctx, req.params.corpId, req.params.id, await scope(req, req.params.corpId)),
    );
    r.get(
      `${base}/tasks`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Follow-up tasks by member and status",
          params: corpParams,
          querystring: listQuery,
        },
      },
      async (req) => {
        const s = await scope(req, req.params.corpId);
        return {
          items: await service.listTasks(ctx, req.params.corpId, s, req.query),
          perMember: await service.tasksPerMember(ctx, req.params.corpId, s),
        };
      },
    );
    r.post(
      `${base}/tasks/:id/outcome`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Close a round with the customer's response (a no adapts the plan)",
          params: idParams,
          body: outcomeInput,
          response: { 200: planView },
        },
      },
      async (req) =>
        service.recordOutcome(
          ctx,
          req.params.corpId,
          req.params.id,
          await scope(req, req.params.corpId),
          req.body,
          by(req),
        ),
    );
    r.get(
      `${base}/sla/settings`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Response-time SLA settings", params: corpParams },
      },
      async (req) => loadSlaSettings(ctx.db, req.params.corpId),
    );
    r.put(
      `${base}/sla/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Save the response-time SLA settings",
          params: corpParams,
          body: slaSettings,
        },
      },
      async (req) => {
        await service.getCorpOrThrow(ctx, req.params.corpId);
        return saveSlaSettings(ctx.db, req.params.corpId, req.body, new Date(ctx.clock.now()));
      },
    );
    r.get(
      `${base}/sla`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Response times per member and SLA breaches for a period",
          params: corpParams,
          querystring: slaQuery,
        },
      },
      async (req) => slaReport(ctx, req.params.corpId, await scope(req, req.params.corpId), req.query),
    );
  };
}
