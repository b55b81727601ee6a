// SOPs API: /api/corps/:corpId/sops — content calendars (operators write, any user reads) and their tasks (a staff
// member sees and completes only their own).
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { corpParams, sopInput, sopParams, sopView, taskParams, taskQuery, taskView } from "./sops.schemas.ts";
import * as service from "./sops.service.ts";

const tags = ["sops"];

export function sopsRoutes(ctx: Ctx) {
  const scope = (req: FastifyRequest, corpId: string) => scopeOf(ctx, principalOf(req), corpId);
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/sops";
    r.get(
      base,
      { config: { access: "user" }, schema: { tags, summary: "SOPs with task counts", params: corpParams } },
      async (req) => ({ items: await service.listSops(ctx, req.params.corpId) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a SOP",
          params: corpParams,
          body: sopInput,
          response: { 201: sopView },
        },
      },
      async (req, reply) => reply.code(201).send(await service.createSop(ctx, req.params.corpId, req.body)),
    );
    r.get(
      `${base}/tasks`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "SOP tasks by owner and status",
          params: corpParams,
          querystring: taskQuery,
        },
      },
      async (req) => ({
        items: await service.listTasks(
          ctx,
          req.params.corpId,
          await scope(req, req.params.corpId),
          req.query,
        ),
      }),
    );
    r.post(
      `${base}/tasks/:taskId/complete`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Mark a task done", params: taskParams, response: { 200: taskView } },
      },
      async (req) => {
        const p = principalOf(req);
        const s = await scope(req, req.params.corpId);
        const by = s.kind === "member" ? "owner" : `user:${p.userId}`;
        return service.completeTask(ctx, req.params.corpId, req.params.taskId, s, by);
      },
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One SOP", params: sopParams, response: { 200: sopView } },
      },
      async (req) => service.getSop(ctx, req.params.corpId, req.params.id),
    );
    r.put(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Replace a SOP (its calendar fires from now on; tasks made stay)",
          params: sopParams,
          body: sopInput,
          response: { 200: sopView },
        },
      },
      async (req) => service.updateSop(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.post(
      `${base}/:id/status`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Pause or resume a SOP",
          params: sopParams,
          body: z.object({ status: z.enum(["active", "paused"]) }).strict(),
          response: { 200: sopView },
        },
      },
      async (req) => service.setSopStatus(ctx, req.params.corpId, req.params.id, req.body.status),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: { tags, summary: "Delete a SOP and its tasks", params: sopParams },
      },
      async (req, reply) => {
        await service.deleteSop(ctx, req.params.corpId, req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
