// Customers API: the list (keyset paging, search, filters) and the 360° detail, both within the caller's data
// scope; and the admin link from a console user to the WeCom member they are.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import {
  customerDetail,
  customerIdParams,
  customerListQuery,
  customerPage,
  memberLinkBody,
} from "./customers.schemas.ts";
import { linkUserToMember, scopeOf } from "./customers.scope.ts";
import { customerCorp, getCustomer, listCustomers } from "./customers.service.ts";

export function customersRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/customers",
      {
        config: { access: "user" },
        schema: {
          tags: ["customers"],
          summary: "List customers, newest first, with keyset paging, search and filters",
          description:
            "A `staff` user sees only the customers of the WeCom member linked to them. Each item carries the follow relations in scope.",
          querystring: customerListQuery,
          response: { 200: customerPage },
        },
      },
      async (req) => listCustomers(ctx, req.query, await scopeOf(ctx, principalOf(req), req.query.corpId)),
    );
    r.get(
      "/api/customers/:id",
      {
        config: { access: "user" },
        schema: {
          tags: ["customers"],
          summary: "One customer: profile, follow relations with tags, groups, identity merge and timeline",
          params: customerIdParams,
          response: { 200: customerDetail },
        },
      },
      async (req) => {
        const corpId = await customerCorp(ctx, req.params.id);
        return getCustomer(ctx, req.params.id, await scopeOf(ctx, principalOf(req), corpId));
      },
    );
    r.put(
      "/api/users/:userId/member",
      {
        config: { access: "admin" },
        schema: {
          tags: ["customers"],
          summary:
            "Link a console user to the WeCom member they are, in one corp (data scope of `staff` users)",
          params: z.object({ userId: z.string().regex(/^\d+$/) }),
          body: memberLinkBody,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (req) => {
        await linkUserToMember(ctx, req.params.userId, req.body.corpId, req.body.userid);
        return { ok: true as const };
      },
    );
  };
}
