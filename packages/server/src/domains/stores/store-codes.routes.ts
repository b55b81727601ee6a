// Store codes API: /api/corps/:corpId/store-codes (CRUD, the landing QR) and the public landing:
// GET /s/:slug (the page), GET /api/public/store-codes/:slug (title, cities), POST …/route (location or city →
// store), GET …/stores/:storeId/qr.png (that store's staff or group QR). No login on the public routes.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import QRCode from "qrcode";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { qrPng } from "../live-codes/live-codes.qr.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import * as service from "./store-codes.service.ts";
import { LANDING_JS, landingHtml } from "./stores.landing.ts";
import {
  landingInfo,
  routeRequest,
  routeView,
  storeCodeInput,
  storeCodePatch,
  storeCodeView,
} from "./stores.schemas.ts";

const tags = ["store-codes"];
const slugParams = z.object({ slug: z.string().min(1).max(40) });

const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export function storeCodesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/store-codes";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "List store codes (区域活码)",
          params: corpParams,
          response: { 200: z.object({ items: z.array(storeCodeView) }) },
        },
      },
      async (req) => ({ items: await service.listStoreCodes(ctx, req.params.corpId, originOf(req)) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a store code: a public landing page routing customers to the nearest open store",
          params: corpParams,
          body: storeCodeInput,
          response: { 200: storeCodeView },
        },
      },
      async (req) => service.createStoreCode(ctx, req.params.corpId, req.body, originOf(req)),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One store code", params: idParams, response: { 200: storeCodeView } },
      },
      async (req) => service.getStoreCode(ctx, req.params.corpId, req.params.id, originOf(req)),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change a store code (name, title, stores, enabled)",
          params: idParams,
          body: storeCodePatch,
          response: { 200: storeCodeView },
        },
      },
      async (req) => service.updateStoreCode(ctx, req.params.corpId, req.params.id, req.body, originOf(req)),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a store code (its landing page stops working)",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteStoreCode(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
    r.get(
      `${base}/:id/qr.png`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The store code's QR (encodes the landing page's URL) as a PNG",
          params: idParams,
          querystring: z.object({ download: z.enum(["0", "1"]).optional() }),
        },
      },
      async (req, reply) => {
        const code = await service.getStoreCode(ctx, req.params.corpId, req.params.id, originOf(req));
        const png = await QRCode.toBuffer(code.landingUrl, {
          type: "png",
          errorCorrectionLevel: "M",
          width: 430,
          margin: 2,
        });
        reply.header("content-type", "image/png");
        reply.header("cache-control", "private, max-age=300");
        if (req.query.download === "1") {
          reply.header("content-disposition", `attachment; filename="store-code-${code.id}.png"`);
        }
        return reply.send(png);
      },
    );

    // Public: the landing page and what it calls.
    const pub = "/api/public/store-codes/:slug";
    r.get(
      "/s/:slug",
      { config: { access: "public" }, schema: { hide: true, params: slugParams } },
      async (req, reply) => {
        const info = await service.landingInfo(ctx, req.params.slug).catch(() => undefined);
        reply.header("cache-control", "no-store");
        reply.type("text/html; charset=utf-8");
        if (!info) reply.status(404);
        return reply.send(landingHtml(req.params.slug, info?.title ?? "门店活码已停用"));
      },
    );
    r.get(
      "/s-assets/landing.js",
      { config: { access: "public" }, schema: { hide: true } },
      async (_req, reply) => {
        reply.header("cache-control", "public, max-age=300");
        reply.type("text/javascript; charset=utf-8");
        return reply.send(LANDING_JS);
      },
    );
    r.get(
      pub,
      {
        config: { access: "public" },
        schema: {
          tags,
          summary: "Public: the landing's title and the cities it offers",
          params: slugParams,
          response: { 200: landingInfo },
        },
      },
      async (req) => service.landingInfo(ctx, req.params.slug),
    );
    r.post(
      `${pub}/route`,
      {
        config: { access: "public" },
        schema: {
          tags,
          summary: "Public: the store for a location ({lat, lng}) or a city ({city})",
          description:
            "Location: the nearest store that is open now (status open, inside its open hours). City: that city's open stores. Each call is recorded as a visit.",
          params: slugParams,
          body: routeRequest,
          response: { 200: routeView },
        },
      },
      async (req) => service.routeLanding(ctx, req.params.slug, req.body),
    );
    r.get(
      `${pub}/stores/:storeId/qr.png`,
      {
        config: { access: "public" },
        schema: {
          tags,
          summary: "Public: a routed store's staff or group QR image",
          params: slugParams.extend({ storeId: z.string().regex(/^\d+$/) }),
          querystring: z.object({ kind: z.enum(["staff", "group"]).default("staff") }),
        },
      },
      async (req, reply) => {
        const url = await service.landingQr(ctx, req.params.slug, req.params.storeId, req.query.kind);
        const qr = await qrPng(url);
        reply.header("content-type", qr.contentType);
        reply.header("cache-control", "public, max-age=300");
        return reply.send(qr.png);
      },
    );
  };
}
