// Mass sends API (/api/corps/:corpId/mass-sends): pre-flight, create, list, view, recipients, remind, cancel,
// refresh. The shape is shared with the console (see the mass-sends contract).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { cancel, refreshResults, remind } from "./mass-sends.results.ts";
import {
  corpParams,
  idParams,
  massDraft,
  massSendView,
  preflightView,
  recipientsPage,
  recipientsQuery,
} from "./mass-sends.schemas.ts";
import * as service from "./mass-sends.service.ts";

const tags = ["mass-sends"];
const draftDoc =
  "Empty message → `VALIDATION_FAILED` at `/content`; more than 9 attachments at `/content/attachments`; a time in the past at `/scheduledAt`; a segment that no longer exists at `/target/segmentId`.";

export function massSendsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/mass-sends";
    r.post(
      `${base}/preflight`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "What a mass send would do: how many now, deferred, dropped, by reason and by sender",
          description: `Nothing is stored or sent. ${draftDoc}`,
          params: corpParams,
          body: massDraft,
          response: { 200: preflightView },
        },
      },
      async (req) => service.preflight(ctx, req.params.corpId, req.body),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a mass send: planned now, its tasks submitted to WeCom when due",
          description: draftDoc,
          params: corpParams,
          body: massDraft,
          response: { 201: massSendView },
        },
      },
      async (req, reply) => {
        const view = await service.createMassSend(
          ctx,
          req.params.corpId,
          req.body,
          req.principal?.userId ?? null,
        );
        return reply.code(201).send(view);
      },
    );
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Mass sends, newest first, with their reports",
          params: corpParams,
          response: { 200: z.object({ items: z.array(massSendView) }) },
        },
      },
      async (req) => service.listMassSends(ctx, req.params.corpId),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "A mass send with its report and tasks",
          params: idParams,
          response: { 200: massSendView },
        },
      },
      async (req) => service.getMassSend(ctx, req.params.corpId, req.params.id),
    );
    r.get(
      `${base}/:id/recipients`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Recipients with their status and reason (keyset pages)",
          params: idParams,
          querystring: recipientsQuery,
          response: { 200: recipientsPage },
        },
      },
      async (req) => service.recipients(ctx, req.params.corpId, req.params.id, req.query),
    );
    r.post(
      `${base}/:id/remind`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Remind members who have not sent their part (WeCom: 3 times per 24 h)",
          params: idParams,
          response: { 200: z.object({ reminded: z.number() }) },
        },
      },
      async (req) => remind(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      `${base}/:id/cancel`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Cancel the parts not yet sent",
          params: idParams,
          response: { 200: massSendView },
        },
      },
      async (req) => {
        await cancel(ctx, req.params.corpId, req.params.id);
        return service.getMassSend(ctx, req.params.corpId, req.params.id);
      },
    );
    r.post(
      `${base}/:id/refresh`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Pull delivery results from WeCom now",
          params: idParams,
          response: { 200: massSendView },
        },
      },
      async (req) => {
        await refreshResults(ctx, req.params.corpId, req.params.id);
        return service.getMassSend(ctx, req.params.corpId, req.params.id);
      },
    );
  };
}
