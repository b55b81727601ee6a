// The console's landing numbers.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { countCorps } from "../corps/corps.service.ts";
import { inboxStats } from "../inbox/inbox.service.ts";

export function dashboardRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/dashboard",
      {
        config: { access: "user" },
        schema: {
          tags: ["dashboard"],
          response: {
            200: z.object({
              corps: z.number(),
              inbox: z.object({
                receivedToday: z.number(),
                pending: z.number(),
                processed: z.number(),
                dead: z.number(),
              }),
            }),
          },
        },
      },
      async () => {
        const midnight = new Date(ctx.clock.now());
        midnight.setHours(0, 0, 0, 0);
        return { corps: await countCorps(ctx), inbox: await inboxStats(ctx, midnight) };
      },
    );
  };
}
