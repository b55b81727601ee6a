// Directory API: GET /api/corps/:corpId/members — the member picker's search over synced staff.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { corpParams } from "../welcome/welcome.schemas.ts";
import { memberList, memberListQuery } from "./directory.schemas.ts";
import { listMembers } from "./directory.service.ts";

export function directoryRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps/:corpId/members",
      {
        config: { access: "user" },
        schema: {
          tags: ["directory"],
          summary: "Search the corp's members (staff) by userid or name, as the last directory sync saw them",
          description:
            "Members no longer in the visible directory are left out; active members come first. A `staff` user sees only the member linked to them.",
          params: corpParams,
          querystring: memberListQuery,
          response: { 200: memberList },
        },
      },
      async (req) => ({
        items: await listMembers(
          ctx,
          req.params.corpId,
          req.query,
          await scopeOf(ctx, principalOf(req), req.params.corpId),
        ),
      }),
    );
  };
}
