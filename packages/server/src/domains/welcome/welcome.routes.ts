// Welcome messages API: /api/corps/:corpId/welcome-messages — per code, per staff member, or corp default.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { corpParams, idParams, welcomeInput, welcomePatch, welcomeView } from "./welcome.schemas.ts";
import * as service from "./welcome.service.ts";

const tags = ["welcome-messages"];

export function welcomeRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/welcome-messages";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "List welcome messages",
          params: corpParams,
          querystring: z.object({
            scope: z.enum(["code", "staff", "default"]).optional(),
            liveCodeId: z.string().regex(/^\d+$/).optional(),
            userid: z.string().max(64).optional(),
          }),
          response: { 200: z.object({ items: z.array(welcomeView) }) },
        },
      },
      async (req) => ({ items: await service.listWelcomes(ctx, req.params.corpId, req.query) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a welcome message (one per code, per member, and one corp default)",
          description:
            "Sent once per new customer, with the add event's welcome code, within WeCom's 20 s window. The code's message wins over the member's, which wins over the default.",
          params: corpParams,
          body: welcomeInput,
          response: { 200: welcomeView },
        },
      },
      async (req) => service.createWelcome(ctx, req.params.corpId, req.body),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One welcome message", params: idParams, response: { 200: welcomeView } },
      },
      async (req) => service.getWelcome(ctx, req.params.corpId, req.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change a welcome message's text, attachments or enabled flag",
          params: idParams,
          body: welcomePatch,
          response: { 200: welcomeView },
        },
      },
      async (req) => service.updateWelcome(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a welcome message",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteWelcome(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
  };
}
