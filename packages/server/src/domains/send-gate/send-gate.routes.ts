// Send-gate API: the rules every outgoing message passes (in words for the console), recent decisions, the corp's
// settings, sensitive words, opt-outs and sender restrictions, and a dry run of one message.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { requireCorp } from "../corps/corps.service.ts";
import {
  checkInput,
  checkView,
  corpParams,
  optOutInput,
  optOutView,
  restrictionInput,
  restrictionView,
  settingsInput,
  settingsView,
  wordsInput,
  wordView,
} from "./send-gate.schemas.ts";
import * as service from "./send-gate.service.ts";
import { sendGate } from "./send-gate.ts";

const tags = ["send-gate"];

const decisionView = z.object({
  id: z.string(),
  outboxId: z.string().nullable(),
  idempotencyKey: z.string(),
  action: z.enum(["send", "defer", "drop"]),
  rule: z.string().nullable(),
  reason: z.string(),
  deferUntil: z.string().nullable(),
  decidedAt: z.string(),
  recipient: z.string().nullable(),
  sender: z.string().nullable(),
  planner: z.string().nullable(),
});

export function sendGateRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/send-gate";
    r.get(
      "/api/send-gate/rules",
      {
        config: { access: "user" },
        schema: {
          tags,
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
      `${base}/decisions`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Recent send-gate decisions (send, defer until, drop) with their reasons, newest first",
          params: corpParams,
          querystring: z.object({
            action: z.enum(["send", "defer", "drop"]).optional(),
            rule: z.string().max(40).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(decisionView) }) },
        },
      },
      async (req) => {
        let q = ctx.db.selectFrom("send_decisions").selectAll().where("corp_id", "=", req.params.corpId);
        if (req.query.action) q = q.where("action", "=", req.query.action);
        if (req.query.rule) q = q.where("rule", "=", req.query.rule);
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
            recipient: d.recipient,
            sender: d.sender,
            planner: d.planner,
          })),
        };
      },
    );
    r.get(
      `${base}/settings`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The corp's send-gate settings",
          params: corpParams,
          response: { 200: settingsView },
        },
      },
      async (req) => service.getSettings(ctx, req.params.corpId),
    );
    r.patch(
      `${base}/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Change send-gate settings (quota policy, touch cap, quiet hours, batch limits, opt-out words)",
          params: corpParams,
          body: settingsInput,
          response: { 200: settingsView },
        },
      },
      async (req) => service.updateSettings(ctx, req.params.corpId, req.body),
    );
    r.post(
      `${base}/check`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "What the gate would decide for a message now (nothing is recorded or sent)",
          params: corpParams,
          body: checkInput,
          response: { 200: checkView },
        },
      },
      async (req) => service.dryRun(ctx, req.params.corpId, req.body),
    );
    r.get(
      `${base}/sensitive-words`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The corp's sensitive and forbidden words",
          params: corpParams,
          response: { 200: z.object({ items: z.array(wordView) }) },
        },
      },
      async (req) => ({ items: await service.listWords(ctx, req.params.corpId) }),
    );
    r.post(
      `${base}/sensitive-words`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Add sensitive words (existing ones are kept)",
          params: corpParams,
          body: wordsInput,
          response: { 200: z.object({ added: z.number(), existing: z.number() }) },
        },
      },
      async (req) => service.addWords(ctx, req.params.corpId, req.body.words, req.body.category),
    );
    r.delete(
      `${base}/sensitive-words/:word`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Remove a sensitive word",
          params: corpParams.extend({ word: z.string().min(1).max(50) }),
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.removeWord(ctx, req.params.corpId, req.params.word);
        return { deleted: true as const };
      },
    );
    r.get(
      "/api/corps/:corpId/opt-outs",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Customers who opted out of marketing, newest first",
          params: corpParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
          response: { 200: z.object({ items: z.array(optOutView) }) },
        },
      },
      async (req) => ({ items: await service.listOptOuts(ctx, req.params.corpId, req.query.limit) }),
    );
    r.post(
      "/api/corps/:corpId/opt-outs",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Opt a customer out of marketing (e.g. asked by phone)",
          params: corpParams,
          body: optOutInput,
          response: { 200: z.object({ created: z.boolean() }) },
        },
      },
      async (req) => {
        await requireCorp(ctx, req.params.corpId);
        return {
          created: await service.recordOptOut(
            ctx,
            req.params.corpId,
            req.body.externalUserid,
            "manual",
            req.body.detail ?? null,
          ),
        };
      },
    );
    r.delete(
      "/api/corps/:corpId/opt-outs/:externalUserid",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Opt a customer back in (they asked for it)",
          params: corpParams.extend({ externalUserid: z.string().min(1).max(64) }),
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.removeOptOut(ctx, req.params.corpId, req.params.externalUserid);
        return { deleted: true as const };
      },
    );
    r.get(
      "/api/corps/:corpId/sender-restrictions",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Staff accounts' restrictions (current ones, or all with ?all=true)",
          params: corpParams,
          querystring: z.object({ all: z.enum(["true", "false"]).default("false") }),
          response: { 200: z.object({ items: z.array(restrictionView) }) },
        },
      },
      async (req) => ({
        items: await service.listRestrictions(ctx, req.params.corpId, req.query.all !== "true"),
      }),
    );
    r.post(
      "/api/corps/:corpId/sender-restrictions",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Record a restriction on a staff account (limited with a cool-down, or banned)",
          params: corpParams,
          body: restrictionInput,
          response: { 200: restrictionView },
        },
      },
      async (req) => service.addRestriction(ctx, req.params.corpId, req.body, "manual"),
    );
    r.post(
      "/api/corps/:corpId/sender-restrictions/:id/lift",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Lift a restriction",
          params: corpParams.extend({ id: z.string().regex(/^\d+$/, "an id is a number") }),
          response: { 200: restrictionView },
        },
      },
      async (req) => service.liftRestriction(ctx, req.params.corpId, req.params.id),
    );
  };
}
