// Outbox API: what was planned to be sent, what the send gate decided and why, and the delivery outcome.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { listOutbox } from "./outbox.service.ts";

const status = z.enum(["pending", "sending", "sent", "dropped", "failed", "unknown"]);

const itemView = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  planner: z.string().describe("Who planned it: welcome, …"),
  channel: z.string(),
  recipient: z.string(),
  sender: z.string().nullable(),
  status: status.describe(
    "pending: waiting or deferred; sending: handed to WeCom; sent; dropped by the send gate; failed; unknown: interrupted mid-send, not resent",
  ),
  reason: z.string().nullable(),
  attempts: z.number(),
  notBefore: z.string(),
  notAfter: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  decisions: z.array(
    z.object({
      action: z.string(),
      rule: z.string().nullable(),
      reason: z.string(),
      deferUntil: z.string().nullable(),
      decidedAt: z.string(),
    }),
  ),
});

export function outboxRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps/:corpId/outbox",
      {
        config: { access: "user" },
        schema: {
          tags: ["outbox"],
          summary: "Planned outgoing messages with the send gate's decisions, newest first",
          params: z.object({ corpId: z.string().min(1).max(64) }),
          querystring: z.object({
            status: status.optional(),
            planner: z.string().max(32).optional(),
            recipient: z.string().max(128).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(itemView) }) },
        },
      },
      async (req) => ({ items: await listOutbox(ctx, req.params.corpId, req.query) }),
    );
  };
}
