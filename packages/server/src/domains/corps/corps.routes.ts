// Corps API: list and add tenants. Secrets are write-only.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { corpInput, corpView } from "./corps.schemas.ts";
import * as corps from "./corps.service.ts";

export function corpsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps",
      {
        config: { access: "user" },
        schema: { tags: ["corps"], response: { 200: z.object({ items: z.array(corpView) }) } },
      },
      async () => ({ items: await corps.listCorps(ctx) }),
    );
    r.post(
      "/api/corps",
      {
        config: { access: "admin" },
        schema: { tags: ["corps"], body: corpInput, response: { 200: corpView } },
      },
      async (req) => corps.addCorp(ctx, req.body),
    );
  };
}
