// Send-gate API: the rules every outgoing message passes, in words for the console, and recent decisions.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { sendGate } from "./send-gate.ts";

const decisionView = z.object({
  id: z.string(),
  outboxId: z.string().nullable(),
  idempotencyKey: z.string(),
  action: z.enum(["send", "defer", "drop"]),
  rule: z.string().nullable(),
  reason: z.string(),
  deferUntil: z.string().nullable(),
  decidedAt: z.string(),
});

export function sendGateRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/send-gate/rules",
      {
        config: { access: "user" },
        schema: {
          tags: ["send-gate"],
          summary: "The send gate's rules, in the order they are applied",
          response: {
            200: z.object({ items: z.array(z.object({ name: z.string(), description: z.string() })) }),
          },
        },
      },
      async () => ({
        items: sendGate.rules.map((rule) => ({ name: rule.name, description: rule.description })),
      }),
    );
    r.get(
      "/api/corps/:corpId/send-gate/decisions",
      {
        config: { access: "user" },
        schema: {
          tags: ["send-gate"],
          summary: "Recent send-gate decisions (send, defer until, drop) with their reasons, newest first",
          params: z.object({ corpId: z.string().min(1).max(64) }),
          querystring: z.object({
            action: z.enum(["send", "defer", "drop"]).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(decisionView) }) },
        },
      },
      async (req) => {
        let q = ctx.db.selectFrom("send_decisions").selectAll().where("corp_id", "=", req.params.corpId);
        if (req.query.action) q = q.where("action", "=", req.query.action);
        const rows = await q.orderBy("id", "desc").limit(req.query.limit).execute();
        return {
          items: rows.map((d) => ({
            id: d.id,
            outboxId: d.outbox_id,
            idempotencyKey: d.idempotency_key,
            action: d.action,
            rule: d.rule,
            reason: d.reason,
            deferUntil: d.defer_until?.toISOString() ?? null,
            decidedAt: d.decided_at.toISOString(),
          })),
        };
      },
    );
  };
}
