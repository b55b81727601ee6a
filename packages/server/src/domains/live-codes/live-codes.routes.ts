// Live codes API: /api/corps/:corpId/live-codes — CRUD, enable/disable (PATCH enabled), QR PNG, daily stats.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { qrPng } from "./live-codes.qr.ts";
import {
  liveCodeInput,
  liveCodeListQuery,
  liveCodePage,
  liveCodePatch,
  liveCodeView,
  statsQuery,
  statsView,
} from "./live-codes.schemas.ts";
import * as service from "./live-codes.service.ts";

const tags = ["live-codes"];

export function liveCodesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/live-codes";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "List live codes (渠道活码) with today's numbers, newest first, with search and keyset paging",
          description:
            "With `limit`, one page and `nextAfter` to pass as `after` for the next; without it, every code.",
          params: corpParams,
          querystring: liveCodeListQuery,
          response: { 200: liveCodePage },
        },
      },
      async (req) => service.listLiveCodes(ctx, req.params.corpId, req.query),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a live code: a WeCom contact way (multi-member QR) with a unique state",
          params: corpParams,
          body: liveCodeInput,
          response: { 200: liveCodeView },
        },
      },
      async (req) => service.createLiveCode(ctx, req.params.corpId, req.body),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One live code", params: idParams, response: { 200: liveCodeView } },
      },
      async (req) => service.getLiveCode(ctx, req.params.corpId, req.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change a live code (pool, strategy, caps, schedules, tags, welcome, enabled)",
          description:
            "A changed pool updates the WeCom contact way at once. enabled=false stops routing and tagging.",
          params: idParams,
          body: liveCodePatch,
          response: { 200: liveCodeView },
        },
      },
      async (req) => service.updateLiveCode(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a live code and its WeCom contact way",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteLiveCode(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
    r.get(
      `${base}/:id/stats`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Daily adds, deletes by customer and net for one live code",
          params: idParams,
          querystring: statsQuery,
          response: { 200: statsView },
        },
      },
      async (req) => service.liveCodeStats(ctx, req.params.corpId, req.params.id, req.query),
    );
    r.get(
      `${base}/:id/qr.png`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The live code's QR image (download)",
          description: "WeCom's image when reachable, else a PNG rendered from the contact way's URL.",
          params: idParams,
          querystring: z.object({ download: z.enum(["0", "1"]).optional() }),
        },
      },
      async (req, reply) => {
        const code = await service.getLiveCode(ctx, req.params.corpId, req.params.id);
        if (!code.qrCode) throw new AppError("LIVE_CODE_NOT_FOUND", "this live code has no QR code");
        const qr = await qrPng(code.qrCode);
        reply.header("content-type", qr.contentType);
        reply.header("x-siyu-qr-source", qr.source);
        reply.header("cache-control", "private, max-age=300");
        if (req.query.download === "1") {
          const ext = qr.contentType.includes("jpeg") ? "jpg" : "png";
          reply.header("content-disposition", `attachment; filename="live-code-${code.id}.${ext}"`);
        }
        return reply.send(qr.png);
      },
    );
  };
}
