// Orders API: POST /api/orders (a batch, idempotent by corp + source + order id), order listing, column presets,
// and imports: POST /api/corps/:corpId/order-imports with a multipart file (fields preset, mapping before the
// file) or the raw file as the body (preset and mapping in the query); the answer has counts and bad rows.
import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { AppError } from "../../lib/errors.ts";
import { importOrders } from "./orders.import.ts";
import type { GenericMapping } from "./orders.presets.ts";
import {
  badRowView,
  corpParams,
  genericMapping,
  importParams,
  importQuery,
  importResult,
  importView,
  orderBatchResult,
  orderListQuery,
  orderPage,
  ordersBatchBody,
  pageQuery,
  presetView,
} from "./orders.schemas.ts";
import * as service from "./orders.service.ts";

const tags = ["orders"];
const RAW_TYPES = [
  "text/csv",
  "application/csv",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel",
];

function parseMapping(json: string | undefined): GenericMapping | undefined {
  if (json === undefined || json === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new AppError("VALIDATION_FAILED", "mapping is not JSON", [
      { path: "/mapping", message: "not JSON" },
    ]);
  }
  const r = genericMapping.safeParse(value);
  if (!r.success) {
    throw new AppError(
      "VALIDATION_FAILED",
      "the mapping is invalid",
      r.error.issues.map((i) => ({ path: `/mapping/${i.path.join("/")}`, message: i.message })),
    );
  }
  return r.data as GenericMapping;
}

async function uploaded(req: FastifyRequest, query: z.output<typeof importQuery>) {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file)
      throw new AppError("VALIDATION_FAILED", "no file in the upload", [
        { path: "/file", message: "attach the export file" },
      ]);
    const field = (name: string): string | undefined => {
      const f = file.fields[name];
      const one = Array.isArray(f) ? f[0] : f;
      return one && one.type === "field" ? String(one.value) : undefined;
    };
    return {
      stream: file.file as Readable,
      preset: field("preset") ?? query.preset,
      mapping: field("mapping") ?? query.mapping,
      fileName: file.filename || query.fileName,
    };
  }
  return {
    stream: req.body as Readable,
    preset: query.preset,
    mapping: query.mapping,
    fileName: query.fileName,
  };
}

export function ordersRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, { limits: { fileSize: 4 * 1024 ** 3, files: 1, fields: 10 } });
    app.addContentTypeParser(RAW_TYPES, (_req, payload, done) => done(null, payload));
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      "/api/orders",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Store a batch of orders (≤1000), idempotent by corp + source + order id",
          description:
            "A repeat changes nothing; a changed status, amount or other field updates the order. Orders bind to customers by unionid, then phone; unbound ones bind when the customer appears.",
          body: ordersBatchBody,
          response: { 200: orderBatchResult },
        },
      },
      async (req) => service.upsertOrderBatch(ctx, req.body),
    );
    r.get(
      "/api/corps/:corpId/orders",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "List a corp's orders, newest first",
          params: corpParams,
          querystring: orderListQuery,
          response: { 200: orderPage },
        },
      },
      async (req) => service.listOrders(ctx, req.params.corpId, req.query),
    );
    r.get(
      "/api/order-presets",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Column-mapping presets for platform exports (plus `generic` with your own mapping)",
          response: { 200: z.object({ items: z.array(presetView) }) },
        },
      },
      async () => ({ items: service.listPresets() }),
    );
    r.post(
      "/api/corps/:corpId/order-imports",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Import orders from a CSV or XLSX export (multipart `file`, or the raw file as the body)",
          description:
            "Fields (multipart, before the file) or query: `preset` (taobao, taobao-items, youzan, youzan-items, douyin, xiaoe, generic) and for generic a JSON `mapping`. The format and encoding (UTF-8 with or without BOM, GB18030) are detected. Bad rows are reported with their row number (header = row 1); good rows are kept.",
          params: corpParams,
          querystring: importQuery,
          response: { 200: importResult },
        },
      },
      async (req) => {
        const up = await uploaded(req, req.query);
        try {
          if (!up.preset)
            throw new AppError("VALIDATION_FAILED", "choose a preset", [
              { path: "/preset", message: "required" },
            ]);
          const id = await importOrders(
            ctx,
            {
              corpId: req.params.corpId,
              preset: up.preset,
              mapping: parseMapping(up.mapping),
              fileName: up.fileName ?? null,
              createdBy: principalOf(req).userId,
            },
            up.stream,
          );
          return service.getImport(ctx, req.params.corpId, id);
        } finally {
          up.stream.resume(); // drain what was not read (an error before the end)
        }
      },
    );
    r.get(
      "/api/corps/:corpId/order-imports",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Recent order imports with their counts",
          params: corpParams,
          response: { 200: z.object({ items: z.array(importView) }) },
        },
      },
      async (req) => ({ items: await service.listImports(ctx, req.params.corpId) }),
    );
    r.get(
      "/api/corps/:corpId/order-imports/:id",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "One import: counts (updated while it runs) and the first 100 rejected rows",
          params: importParams,
          response: { 200: importResult },
        },
      },
      async (req) => service.getImport(ctx, req.params.corpId, req.params.id),
    );
    r.get(
      "/api/corps/:corpId/order-imports/:id/errors",
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "The rows an import rejected, by row number",
          params: importParams,
          querystring: pageQuery,
          response: { 200: z.object({ items: z.array(badRowView) }) },
        },
      },
      async (req) => ({
        items: await service.importErrors(
          ctx,
          req.params.corpId,
          req.params.id,
          req.query.offset,
          req.query.limit,
        ),
      }),
    );
  };
}
