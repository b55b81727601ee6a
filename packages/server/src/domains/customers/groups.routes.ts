// Customer groups API: GET /api/corps/:corpId/groups — the group picker's search with keyset paging.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { corpParams } from "../welcome/welcome.schemas.ts";
import { scopeOf } from "./customers.scope.ts";
import { groupListQuery, groupPage } from "./groups.schemas.ts";
import { listGroups } from "./groups.service.ts";

export function groupsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps/:corpId/groups",
      {
        config: { access: "user" },
        schema: {
          tags: ["groups"],
          summary:
            "List the corp's customer groups (客户群) by name, with search, owner filter and keyset paging",
          description:
            "Ordered by name then chat_id; `nextAfter` continues the list. A `staff` user sees only the groups owned by the member linked to them.",
          params: corpParams,
          querystring: groupListQuery,
          response: { 200: groupPage },
        },
      },
      async (req) =>
        listGroups(
          ctx,
          req.params.corpId,
          req.query,
          await scopeOf(ctx, principalOf(req), req.params.corpId),
        ),
    );
  };
}
