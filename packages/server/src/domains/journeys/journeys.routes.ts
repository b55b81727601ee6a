// Journeys API: /api/corps/:corpId/journeys — "T+" message lines (operators write, any user reads) and enrolment.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import {
  corpParams,
  enrollBody,
  journeyInput,
  journeyParams,
  journeyView,
  stepsBody,
} from "./journeys.schemas.ts";
import * as service from "./journeys.service.ts";

const tags = ["journeys"];

export function journeysRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/journeys";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: { tags, summary: "Message lines with enrolment counts", params: corpParams },
      },
      async (req) => ({ items: await service.listJourneys(ctx, req.params.corpId) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a message line (version 1)",
          params: corpParams,
          body: journeyInput,
          response: { 201: journeyView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.createJourney(ctx, req.params.corpId, req.body)),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One message line", params: journeyParams, response: { 200: journeyView } },
      },
      async (req) => service.getJourney(ctx, req.params.corpId, req.params.id),
    );
    r.put(
      `${base}/:id/steps`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Replace the steps: a new version for customers enrolled from now on",
          params: journeyParams,
          body: stepsBody,
          response: { 200: journeyView },
        },
      },
      async (req) => service.updateSteps(ctx, req.params.corpId, req.params.id, req.body.steps),
    );
    r.post(
      `${base}/:id/status`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Pause or resume the line",
          params: journeyParams,
          body: z.object({ status: z.enum(["active", "paused"]) }).strict(),
          response: { 200: journeyView },
        },
      },
      async (req) => service.setStatus(ctx, req.params.corpId, req.params.id, req.body.status),
    );
    r.post(
      `${base}/:id/enrollments`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Enrol customers (each once per line); unknown ids are listed, not enrolled",
          params: journeyParams,
          body: enrollBody,
        },
      },
      async (req) => {
        const { source, ...who } = req.body;
        return service.enroll(ctx, req.params.corpId, req.params.id, who, source);
      },
    );
  };
}
