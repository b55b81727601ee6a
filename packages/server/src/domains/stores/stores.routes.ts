// Stores API: /api/corps/:corpId/stores — CRUD with staff and groups, each store's QR PNGs, and the 千店千群
// report (JSON and CSV).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { qrPng } from "../live-codes/live-codes.qr.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { importStores, MAX_IMPORT_ROWS } from "./stores.import.ts";
import { reportCsv, storeReport } from "./stores.report.ts";
import {
  reportQuery,
  reportView,
  storeInput,
  storeListQuery,
  storePatch,
  storeView,
} from "./stores.schemas.ts";
import * as service from "./stores.service.ts";

const tags = ["stores"];

export function storesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/stores";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "List stores (门店) with staff, groups and customers",
          params: corpParams,
          querystring: storeListQuery,
          response: { 200: z.object({ items: z.array(storeView) }) },
        },
      },
      async (req) => ({ items: await service.listStores(ctx, req.params.corpId, req.query) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a store: its WeCom contact way (staff QR) and group join way are created with it",
          params: corpParams,
          body: storeInput,
          response: { 200: storeView },
        },
      },
      async (req) => service.createStore(ctx, req.params.corpId, req.body),
    );
    r.post(
      `${base}/import`,
      {
        config: { access: "operator" },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags,
          summary: "Import stores from CSV (one store a row; a known name updates that store)",
          description: `Headers in Chinese or English: 门店名称/name, 城市/city, 区县/district, 地址/address, 电话/phone, 纬度/lat, 经度/lng, 状态/status (营业/停业), 导购/staff (userids separated by ; or |), 门店群/groups (chat ids), 营业时间/open_hours ("1-5 09:00-21:00; 6-7 10:00-22:00"). At most ${MAX_IMPORT_ROWS} rows. Bad rows are reported by row number and skipped.`,
          params: corpParams,
          body: z.object({ csv: z.string().min(1).max(5_000_000) }),
          response: {
            200: z.object({
              created: z.number(),
              updated: z.number(),
              failed: z.array(z.object({ row: z.number(), path: z.string(), message: z.string() })),
            }),
          },
        },
      },
      async (req) => importStores(ctx, req.params.corpId, req.body.csv),
    );
    r.get(
      `${base}/report`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "千店千群 report: per store, groups and members, customers, daily adds and joins",
          params: corpParams,
          querystring: reportQuery,
          response: { 200: reportView },
        },
      },
      async (req) => storeReport(ctx, req.params.corpId, req.query),
    );
    r.get(
      `${base}/report.csv`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The 千店千群 report as CSV (UTF-8 with BOM, opens in Excel)",
          params: corpParams,
          querystring: reportQuery.extend({ lang: z.enum(["zh-CN", "en"]).default("zh-CN") }),
        },
      },
      async (req, reply) => {
        const { lang, ...q } = req.query;
        const report = await storeReport(ctx, req.params.corpId, q);
        reply.header("content-type", "text/csv; charset=utf-8");
        reply.header(
          "content-disposition",
          `attachment; filename="store-report-${report.from}-${report.to}.csv"`,
        );
        return reply.send(reportCsv(report, lang));
      },
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One store", params: idParams, response: { 200: storeView } },
      },
      async (req) => service.getStore(ctx, req.params.corpId, req.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change a store (place, open hours, status, staff, groups)",
          description: "Changed staff update the WeCom contact way; changed groups update the join way.",
          params: idParams,
          body: storePatch,
          response: { 200: storeView },
        },
      },
      async (req) => service.updateStore(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Delete a store and its WeCom ways",
          params: idParams,
          response: { 200: z.object({ deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await service.deleteStore(ctx, req.params.corpId, req.params.id);
        return { deleted: true as const };
      },
    );
    r.get(
      `${base}/:id/qr.png`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The store's staff QR (kind=staff) or group QR (kind=group) as an image",
          params: idParams,
          querystring: z.object({
            kind: z.enum(["staff", "group"]).default("staff"),
            download: z.enum(["0", "1"]).optional(),
          }),
        },
      },
      async (req, reply) => {
        const store = await service.getStore(ctx, req.params.corpId, req.params.id);
        const url = req.query.kind === "staff" ? store.qrCode : store.joinQrCode;
        if (!url) throw new AppError("STORE_NOT_FOUND", `this store has no ${req.query.kind} QR code`);
        const qr = await qrPng(url);
        reply.header("content-type", qr.contentType);
        reply.header("cache-control", "private, max-age=300");
        if (req.query.download === "1") {
          const ext = qr.contentType.includes("jpeg") ? "jpg" : "png";
          reply.header(
            "content-disposition",
            `attachment; filename="store-${store.id}-${req.query.kind}.${ext}"`,
          );
        }
        return reply.send(qr.png);
      },
    );
  };
}
