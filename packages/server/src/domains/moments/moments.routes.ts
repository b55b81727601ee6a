// Customer moments API: /api/corps/:corpId/moments — list, create (now or scheduled), read with per-member
// status and interactions, cancel, and pull status/likes/comments from WeCom now.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { momentDetailView, momentInput, momentListQuery, momentView } from "./moments.schemas.ts";
import * as service from "./moments.service.ts";
import { pullMoment } from "./moments.worker.ts";

const tags = ["moments"];

export function momentsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/moments";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "List customer moments (客户朋友圈), newest first, with publish and interaction counts",
          params: corpParams,
          querystring: momentListQuery,
          response: { 200: z.object({ items: z.array(momentView) }) },
        },
      },
      async (req) => ({ items: await service.listMoments(ctx, req.params.corpId, req.query) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Create a moment: text and ≤9 images, 1 video or 1 link from the materials, by tags, now or later",
          description:
            "Published as a WeCom moment task at `scheduledAt` (or now); each chosen member then publishes it in " +
            "企业微信. Refused with field-level details: empty, mixed attachment types, more than 9 images, a time " +
            "in the past, unknown materials, tags or members.",
          params: corpParams,
          body: momentInput,
          response: { 200: momentDetailView },
        },
      },
      async (req) => service.createMoment(ctx, req.params.corpId, req.body, req.principal?.userId ?? null),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "One moment with each member's publish status and the customers' likes and comments",
          params: idParams,
          response: { 200: momentDetailView },
        },
      },
      async (req) => service.getMoment(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      `${base}/:id/cancel`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Cancel a scheduled moment, or a published one in WeCom (members can no longer publish it)",
          params: idParams,
          response: { 200: momentDetailView },
        },
      },
      async (req) => service.cancelMoment(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      `${base}/:id/refresh`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Pull the moment's per-member status, likes and comments from WeCom now",
          params: idParams,
          response: { 200: momentDetailView.extend({ newInteractions: z.number() }) },
        },
      },
      async (req) => {
        const found = await pullMoment(ctx, req.params.corpId, req.params.id);
        return {
          ...(await service.getMoment(ctx, req.params.corpId, req.params.id)),
          newInteractions: found,
        };
      },
    );
  };
}
