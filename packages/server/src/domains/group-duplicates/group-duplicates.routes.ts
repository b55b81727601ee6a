// Duplicate members API: /api/corps/:corpId/group-duplicates (report, keep rules, planning) and
// /api/corps/:corpId/group-removals (owner removal tasks: list, confirm, dismiss).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import {
  duplicateQuery,
  duplicateReport,
  duplicateSettings,
  removalQuery,
  removalView,
} from "./group-duplicates.schemas.ts";
import * as service from "./group-duplicates.service.ts";
import { decideRemoval, listRemovals } from "./removals.service.ts";

const tags = ["group-duplicates"];

export function groupDuplicatesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/group-duplicates";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "Customers in more than one of the corp's groups, once each, with the membership the rules keep",
          description: "Dismissed groups do not count. `groups` lists the same per group.",
          params: corpParams,
          querystring: duplicateQuery,
          response: { 200: duplicateReport },
        },
      },
      async (req) => service.duplicateReport(ctx, req.params.corpId, req.query),
    );
    r.get(
      `${base}/settings`,
      {
        config: { access: "user" },
        schema: { tags, summary: "The keep rules", params: corpParams, response: { 200: duplicateSettings } },
      },
      async (req) => ({ keep: await service.keepRules(ctx.db, req.params.corpId) }),
    );
    r.put(
      `${base}/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Set the keep rules (tried in order)",
          params: corpParams,
          body: duplicateSettings,
          response: { 200: duplicateSettings },
        },
      },
      async (req) => service.saveKeepRules(ctx, req.params.corpId, req.body),
    );
    r.post(
      `${base}/plan`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Turn every membership the rules do not keep into a removal task waiting for the owner",
          params: corpParams,
          response: { 200: z.object({ planned: z.number(), open: z.number() }) },
        },
      },
      async (req) => service.planDuplicateRemovals(ctx, req.params.corpId),
    );

    const tasks = "/api/corps/:corpId/group-removals";
    r.get(
      tasks,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Owner removal tasks (duplicates and anti-harassment); staff see their own groups' tasks",
          params: corpParams,
          querystring: removalQuery,
          response: { 200: z.object({ items: z.array(removalView) }) },
        },
      },
      async (req) => listRemovals(ctx, req.params.corpId, principalOf(req), req.query),
    );
    for (const decision of ["confirm", "dismiss"] as const) {
      r.post(
        `${tasks}/:id/${decision}`,
        {
          config: { access: "user" },
          schema: {
            tags,
            summary:
              decision === "confirm"
                ? "The owner confirms a removal; they then remove the member by hand in WeCom (no API exists)"
                : "The owner keeps the member",
            params: idParams,
            response: { 200: removalView },
          },
        },
        async (req) => decideRemoval(ctx, req.params.corpId, principalOf(req), req.params.id, decision),
      );
    }
  };
}
