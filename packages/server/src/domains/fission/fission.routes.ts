// Fission API: /api/corps/:corpId/fission (campaigns, enrolment, leaderboard, a participant's invites) and the
// public poster pages: GET /f/:token (the landing page the poster's QR opens; counts a scan), GET /f/:token/poster
// (the participant's poster page), GET /api/public/fission/:token/poster.svg and …/qr.png. No login on those.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { qrPng } from "../live-codes/live-codes.qr.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { landingPath, publicBase } from "./fission.participants.ts";
import {
  countScan,
  ensureWay,
  landingHtml,
  participantByToken,
  posterHtml,
  posterSvg,
} from "./fission.poster.ts";
import { boardQuery, campaignInput, campaignPatch, campaignView, enrolInput } from "./fission.schemas.ts";
import * as service from "./fission.service.ts";
import { leaderboard, participantDetail } from "./fission.views.ts";

const tags = ["fission"];
const tokenParams = z.object({ token: z.string().min(8).max(40) });

export function fissionRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/fission";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: { tags, summary: "Fission campaigns (任务宝) with their funnels", params: corpParams },
      },
      async (req) => ({ items: await service.listCampaigns(ctx, req.params.corpId) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Create a fission campaign: staff, poster, reward tiers, retention window (creates its entry code)",
          params: corpParams,
          body: campaignInput,
          response: { 201: campaignView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.createCampaign(ctx, req.params.corpId, req.body)),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "One campaign with its funnel",
          params: idParams,
          response: { 200: campaignView },
        },
      },
      async (req) => service.getCampaign(ctx, req.params.corpId, req.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Pause, resume or end a campaign; change its name or texts",
          params: idParams,
          body: campaignPatch,
          response: { 200: campaignView },
        },
      },
      async (req) => service.updateCampaign(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.post(
      `${base}/:id/participants`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Make existing customers participants (each is sent their poster through the send gate)",
          params: idParams,
          body: enrolInput,
        },
      },
      async (req) => service.enrolCustomers(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.get(
      `${base}/:id/leaderboard`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Participants by qualified invites",
          params: idParams,
          querystring: boardQuery,
        },
      },
      async (req) => ({
        items: await leaderboard(ctx, req.params.corpId, req.params.id, req.query.limit),
      }),
    );
    r.get(
      `${base}/:id/participants/:pid`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "One participant with each invite's status (pending, qualified, void and why)",
          params: idParams.extend({ pid: z.string().regex(/^\d+$/) }),
        },
      },
      async (req) => participantDetail(ctx, req.params.corpId, req.params.id, req.params.pid),
    );

    // Public poster pages.
    r.get(
      "/f/:token",
      { config: { access: "public" }, schema: { hide: true, params: tokenParams } },
      async (req, reply) => {
        const p = await participantByToken(ctx, req.params.token);
        await countScan(ctx, p.id);
        return reply.type("text/html; charset=utf-8").send(landingHtml(p, req.params.token));
      },
    );
    r.get(
      "/f/:token/poster",
      { config: { access: "public" }, schema: { hide: true, params: tokenParams } },
      async (req, reply) => {
        const p = await participantByToken(ctx, req.params.token);
        return reply.type("text/html; charset=utf-8").send(posterHtml(p, req.params.token));
      },
    );
    r.get(
      "/api/public/fission/:token/poster.svg",
      {
        config: { access: "public" },
        schema: { tags, summary: "A participant's poster (SVG)", params: tokenParams },
      },
      async (req, reply) => {
        const p = await participantByToken(ctx, req.params.token);
        const svg = await posterSvg(ctx, p, `${publicBase(ctx)}${landingPath(req.params.token)}`);
        reply.header("cache-control", "private, max-age=300");
        return reply.type("image/svg+xml").send(svg);
      },
    );
    r.get(
      "/api/public/fission/:token/qr.png",
      {
        config: { access: "public" },
        schema: { tags, summary: "A participant's own WeCom contact QR (PNG)", params: tokenParams },
      },
      async (req, reply) => {
        const p = await participantByToken(ctx, req.params.token);
        const png = await qrPng(await ensureWay(ctx, p));
        reply.header("cache-control", "private, max-age=300");
        return reply.type(png.contentType).send(png.png);
      },
    );
  };
}
