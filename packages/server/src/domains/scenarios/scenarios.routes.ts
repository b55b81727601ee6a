// Scenario triggers API: /api/corps/:corpId/scenarios (templates, CRUD, firings) and the imports of customer
// coupons and subscriptions — POST /api/corps/:corpId/{coupons|subscriptions} (a JSON batch) and
// POST …/{coupons|subscriptions}/imports (a CSV/XLSX file, multipart `file` or the raw body), GET …/imports/:id.
import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { AppError } from "../../lib/errors.ts";
import { getHoldingImport, importHoldingBatch, importHoldingFile } from "./holdings.import.ts";
import { KINDS } from "./holdings.rows.ts";
import {
  corpParams,
  firingView,
  holdingBatch,
  holdingBatchResult,
  importQuery,
  pageQuery,
  scenarioInput,
  scenarioParams,
  scenarioView,
} from "./scenarios.schemas.ts";
import * as service from "./scenarios.service.ts";
import type { HoldingKind } from "./scenarios.tables.ts";

const tags = ["scenarios"];
const RAW_TYPES = [
  "text/csv",
  "application/csv",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel",
];

async function uploaded(req: FastifyRequest) {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file)
      throw new AppError("VALIDATION_FAILED", "no file in the upload", [
        { path: "/file", message: "attach the CSV or XLSX file" },
      ]);
    return { stream: file.file as Readable, fileName: file.filename || null };
  }
  return { stream: req.body as Readable, fileName: null };
}

function holdingRoutes(ctx: Ctx, r: ReturnType<FastifyInstance["withTypeProvider"]>, kind: HoldingKind) {
  const base = `/api/corps/:corpId/${kind}`;
  const fields = KINDS[kind].fields.map((f) => f.key).join(", ");
  r.post(
    base,
    {
      config: { access: "operator" },
      schema: {
        tags,
        summary: `Store a batch of customer ${kind} (≤1000), idempotent by corp + source + id`,
        description: `Each item: ${fields} (times ISO 8601 with a zone; money in cents; at least one of externalUserid, unionid, phone). Bad items are reported by index, the others kept.`,
        params: corpParams,
        body: holdingBatch,
        response: { 200: holdingBatchResult },
      },
    },
    async (req) => {
      const { corpId } = req.params as z.infer<typeof corpParams>;
      const body = req.body as z.output<typeof holdingBatch>;
      return importHoldingBatch(ctx, corpId, kind, body.source, body.items);
    },
  );
  r.post(
    `${base}/imports`,
    {
      config: { access: "operator" },
      schema: {
        tags,
        summary: `Import customer ${kind} from a CSV or XLSX file`,
        description: `Columns: ${KINDS[kind].fields.map((f) => `${f.key} (${f.headers.join(" / ")})`).join("; ")}. Times without a zone are China time; money in yuan. Bad rows are reported with their row number (header = row 1); good rows are kept.`,
        params: corpParams,
        querystring: importQuery,
      },
    },
    async (req) => {
      const { corpId } = req.params as z.infer<typeof corpParams>;
      const query = req.query as z.output<typeof importQuery>;
      const up = await uploaded(req);
      try {
        const id = await importHoldingFile(
          ctx,
          {
            corpId,
            kind,
            source: query.source,
            fileName: up.fileName ?? query.fileName ?? null,
            createdBy: principalOf(req).userId,
          },
          up.stream,
        );
        return getHoldingImport(ctx, corpId, id);
      } finally {
        up.stream.resume();
      }
    },
  );
  r.get(
    `${base}/imports/:id`,
    {
      config: { access: "operator" },
      schema: { tags, summary: "One import: counts and the first 100 rejected rows", params: scenarioParams },
    },
    async (req) => {
      const p = req.params as z.infer<typeof scenarioParams>;
      return getHoldingImport(ctx, p.corpId, p.id);
    },
  );
}

export function scenariosRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, { limits: { fileSize: 1024 ** 3, files: 1, fields: 10 } });
    app.addContentTypeParser(RAW_TYPES, (_req, payload, done) => done(null, payload));
    const r = app.withTypeProvider<ZodTypeProvider>();
    holdingRoutes(ctx, r, "coupons");
    holdingRoutes(ctx, r, "subscriptions");
    const base = "/api/corps/:corpId/scenarios";
    r.get(
      "/api/scenario-templates",
      {
        config: { access: "user" },
        schema: { tags, summary: "The six scenario templates with their default parameters" },
      },
      async () => ({ items: service.TEMPLATES }),
    );
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The corp's scenarios",
          params: corpParams,
          response: { 200: z.object({ items: z.array(scenarioView) }) },
        },
      },
      async (req) => ({ items: await service.listScenarios(ctx, req.params.corpId) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Create a scenario: a template's trigger, an optional segment audience, the line to enrol on",
          params: corpParams,
          body: scenarioInput,
          response: { 201: scenarioView },
        },
      },
      async (req, reply) => {
        reply.code(201);
        return service.createScenario(ctx, req.params.corpId, req.body);
      },
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One scenario", params: scenarioParams, response: { 200: scenarioView } },
      },
      async (req) => service.getScenario(ctx, req.params.corpId, req.params.id),
    );
    r.put(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Replace a scenario's definition (its firings stay)",
          params: scenarioParams,
          body: scenarioInput,
          response: { 200: scenarioView },
        },
      },
      async (req) => service.updateScenario(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: { tags, summary: "Delete a scenario", params: scenarioParams },
      },
      async (req, reply) => {
        await service.deleteScenario(ctx, req.params.corpId, req.params.id);
        reply.code(204);
      },
    );
    r.get(
      `${base}/:id/firings`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Who the scenario fired for, newest first, with the reason",
          params: scenarioParams,
          querystring: pageQuery,
          response: { 200: z.object({ items: z.array(firingView) }) },
        },
      },
      async (req) => ({
        items: await service.listFirings(
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
