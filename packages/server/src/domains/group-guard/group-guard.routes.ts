// Anti-harassment API: /api/corps/:corpId/group-guard — rules, the event log with evidence, the blacklist.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import {
  blacklistView,
  guardEventPage,
  guardEventsQuery,
  guardRuleInput,
  guardRuleView,
} from "./group-guard.schemas.ts";
import * as service from "./group-guard.service.ts";

const tags = ["group-guard"];
const ok = z.object({ ok: z.literal(true) });

export function groupGuardRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/group-guard";
    r.get(
      `${base}/rules`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Anti-harassment (防骚扰) rules of the corp",
          params: corpParams,
          response: { 200: z.object({ items: z.array(guardRuleView) }) },
        },
      },
      async (req) => ({ items: await service.listGuardRules(ctx, req.params.corpId) }),
    );
    r.post(
      `${base}/rules`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Create a rule: links/mini-programs outside the whitelist, ad keywords, flooding, contact cards",
          description:
            "A member reaching `strikes` violations within `strikeWindowHours` is blacklisted and the owner gets a removal task (WeCom has no API to remove a group member).",
          params: corpParams,
          body: guardRuleInput,
          response: { 200: guardRuleView },
        },
      },
      async (req) => service.createGuardRule(ctx, req.params.corpId, req.body),
    );
    r.put(
      `${base}/rules/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Replace a rule",
          params: idParams,
          body: guardRuleInput,
          response: { 200: guardRuleView },
        },
      },
      async (req) => service.updateGuardRule(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.delete(
      `${base}/rules/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a rule (its logged events stay)",
          params: idParams,
          response: { 200: ok },
        },
      },
      async (req) => {
        await service.deleteGuardRule(ctx, req.params.corpId, req.params.id);
        return { ok: true as const };
      },
    );
    r.get(
      `${base}/events`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "What the rules caught, newest first, with the evidence and the removal task's status",
          params: corpParams,
          querystring: guardEventsQuery,
          response: { 200: guardEventPage },
        },
      },
      async (req) => service.listGuardEvents(ctx, req.params.corpId, req.query),
    );
    r.get(
      `${base}/blacklist`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Customers refused when they come back through the corp's group codes",
          params: corpParams,
          response: { 200: blacklistView },
        },
      },
      async (req) => service.listBlacklist(ctx, req.params.corpId),
    );
    r.delete(
      `${base}/blacklist/:externalUserId`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Let a blacklisted customer back in",
          params: corpParams.extend({ externalUserId: z.string().min(1).max(128) }),
          response: { 200: z.object({ removed: z.boolean() }) },
        },
      },
      async (req) => ({
        removed: await service.unblacklist(ctx, req.params.corpId, req.params.externalUserId),
      }),
    );
  };
}
