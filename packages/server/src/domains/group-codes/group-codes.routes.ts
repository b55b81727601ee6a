// Group live codes API: /api/corps/:corpId/group-codes — CRUD over WeCom join ways, QR PNG, and daily stats.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { qrPng } from "../live-codes/live-codes.qr.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import {
  groupCodeInput,
  groupCodePatch,
  groupCodeView,
  groupStatsQuery,
  groupStatsView,
} from "./group-codes.schemas.ts";
import * as service from "./group-codes.service.ts";

const tags = ["group-codes"];

export function groupCodesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/group-codes";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "List group live codes (群活码) with their groups",
          params: corpParams,
          response: { 200: z.object({ items: z.array(groupCodeView) }) },
        },
      },
      async (req) => ({ items: await service.listGroupCodes(ctx, req.params.corpId) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a group code: a WeCom join way (QR) over up to 5 groups with a unique state",
          params: corpParams,
          body: groupCodeInput,
          response: { 200: groupCodeView },
        },
      },
      async (req) => service.createGroupCode(ctx, req.params.corpId, req.body),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One group code", params: idParams, response: { 200: groupCodeView } },
      },
      async (req) => service.getGroupCode(ctx, req.params.corpId, req.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change a group code (name, groups, auto-create); updates the WeCom join way",
          params: idParams,
          body: groupCodePatch,
          response: { 200: groupCodeView },
        },
      },
      async (req) => service.updateGroupCode(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a group code and its WeCom join way",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteGroupCode(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
    r.get(
      `${base}/:id/stats`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Daily joins through the code, leaves, and groups WeCom auto-created for it",
          params: idParams,
          querystring: groupStatsQuery,
          response: { 200: groupStatsView },
        },
      },
      async (req) => service.groupCodeStats(ctx, req.params.corpId, req.params.id, req.query),
    );
    r.get(
      `${base}/:id/qr.png`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The group code's QR image (download)",
          description: "WeCom's image when reachable, else a PNG rendered from the join way's URL.",
          params: idParams,
          querystring: z.object({ download: z.enum(["0", "1"]).optional() }),
        },
      },
      async (req, reply) => {
        const code = await service.getGroupCode(ctx, req.params.corpId, req.params.id);
        if (!code.qrCode) throw new AppError("GROUP_CODE_NOT_FOUND", "this group code has no QR code");
        const qr = await qrPng(code.qrCode);
        reply.header("content-type", qr.contentType);
        reply.header("x-siyu-qr-source", qr.source);
        reply.header("cache-control", "private, max-age=300");
        if (req.query.download === "1") {
          const ext = qr.contentType.includes("jpeg") ? "jpg" : "png";
          reply.header("content-disposition", `attachment; filename="group-code-${code.id}.${ext}"`);
        }
        return reply.send(qr.png);
      },
    );
  };
}
