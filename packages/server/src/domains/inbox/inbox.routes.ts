// Inbox API: dead events and their replay.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import * as inbox from "./inbox.service.ts";

const deadView = z.object({
  id: z.string(),
  corpId: z.string(),
  eventType: z.string(),
  error: z.string(),
  attempts: z.number(),
  receivedAt: z.string(),
});

export function inboxRoutes(ctx: Ctx, onReplay: () => void) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/inbox/dead",
      {
        config: { access: "user" },
        schema: {
          tags: ["inbox"],
          querystring: z.object({
            corpId: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            after: z.string().regex(/^\d+$/).optional(),
          }),
          response: { 200: z.object({ items: z.array(deadView) }) },
        },
      },
      async (req) => ({
        items: await inbox.listDead(ctx, {
          corpId: req.query.corpId,
          limit: req.query.limit,
          afterId: req.query.after,
        }),
      }),
    );
    r.post(
      "/api/inbox/:id/replay",
      {
        config: { access: "admin" },
        schema: { tags: ["inbox"], params: z.object({ id: z.string().regex(/^\d+$/) }) },
      },
      async (req) => {
        await inbox.replayDead(ctx, req.params.id);
        onReplay();
        return { ok: true };
      },
    );
  };
}
