// Call campaigns API (A6 外呼加微): planner settings, the list summary and team capacity, planning a campaign
// from a bucket, its calls (and the unanswered / refused lists), the plan export (CSV/XLSX), result imports
// (a file as multipart `file` or the raw body, or JSON rows), import reports and the funnel.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { AppError } from "../../lib/errors.ts";
import {
  callsQuery,
  campaignInput,
  campaignParams,
  corpParams,
  exportQuery,
  importQuery,
  resultRowsBody,
} from "./call-campaigns.schemas.ts";
import * as service from "./call-campaigns.service.ts";
import {
  callSettingsSchema,
  defaultCallSettings,
  loadCallSettings,
  saveCallSettings,
} from "./call-campaigns.settings.ts";
import { exportCsv, exportXlsx } from "./call-export.ts";
import { campaignFunnel } from "./call-funnel.ts";
import { importResults } from "./call-results.apply.ts";
import { listImports } from "./call-results.views.ts";

const tags = ["call-campaigns"];
const RAW_TYPES = [
  "text/csv",
  "application/csv",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel",
];
const MAX_FILE = 20 * 1024 * 1024;

async function uploadedFile(
  req: FastifyRequest,
): Promise<{ buf: Buffer; fileName: string | null; charset: string | null }> {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file)
      throw new AppError("VALIDATION_FAILED", "no file in the upload", [
        { path: "/file", message: "attach the call-result file" },
      ]);
    const buf = await file.toBuffer();
    const charset = /charset=([\w-]+)/i.exec(file.mimetype)?.[1] ?? null;
    return { buf, fileName: file.filename || null, charset };
  }
  const body = req.body;
  if (!Buffer.isBuffer(body))
    throw new AppError("VALIDATION_FAILED", "send the file as multipart `file` or as the raw body", [
      { path: "/file", message: "attach the call-result file" },
    ]);
  const charset = /charset=([\w-]+)/i.exec(req.headers["content-type"] ?? "")?.[1] ?? null;
  return { buf: body, fileName: null, charset };
}

export function callCampaignsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1, fields: 5 } });
    app.addContentTypeParser(RAW_TYPES, { parseAs: "buffer", bodyLimit: MAX_FILE }, (_req, body, done) =>
      done(null, body),
    );
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId";

    r.get(
      `${base}/call-settings`,
      {
        config: { access: "user" },
        schema: { tags, summary: "The call planner's settings", params: corpParams },
      },
      async (req) => ({
        settings: await loadCallSettings(ctx.db, req.params.corpId),
        defaults: defaultCallSettings,
      }),
    );
    r.put(
      `${base}/call-settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Replace the call planner's settings (tiers, category cycles and windows, incentives, SMS)",
          params: corpParams,
          body: callSettingsSchema,
        },
      },
      async (req) => {
        await saveCallSettings(ctx.db, req.params.corpId, req.body, new Date(ctx.clock.now()));
        return { settings: await loadCallSettings(ctx.db, req.params.corpId) };
      },
    );
    r.get(
      `${base}/call-lists`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Callable customers per bucket, by tier and category, and the team's daily add capacity",
          params: corpParams,
        },
      },
      async (req) => service.listSummary(ctx, req.params.corpId),
    );
    r.get(
      `${base}/call-capacity`,
      {
        config: { access: "user" },
        schema: { tags, summary: "The team's daily add capacity", params: corpParams },
      },
      async (req) => service.teamCapacity(ctx, req.params.corpId),
    );
    r.get(
      `${base}/call-campaigns`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Call campaigns, newest first", params: corpParams },
      },
      async (req) => ({ items: await service.listCampaigns(ctx, req.params.corpId) }),
    );
    r.post(
      `${base}/call-campaigns`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Plan a call campaign from a bucket",
          description:
            "Ranks the bucket's customers (nearer the order first), fits incentives and scripts, and spreads them over the team's daily capacity and their category's call windows.",
          params: corpParams,
          body: campaignInput,
        },
      },
      async (req) => {
        const id = await service.createCampaign(ctx, req.params.corpId, req.body, principalOf(req).userId);
        return service.getCampaign(ctx, req.params.corpId, id);
      },
    );
    r.get(
      `${base}/call-campaigns/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "A campaign and its schedule", params: campaignParams },
      },
      async (req) => service.getCampaign(ctx, req.params.corpId, req.params.id),
    );
    r.get(
      `${base}/call-campaigns/:id/calls`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The campaign's calls; filter unanswered (with redial times) or refused",
          params: campaignParams,
          querystring: callsQuery,
        },
      },
      async (req) => ({ items: await service.listCalls(ctx, req.params.corpId, req.params.id, req.query) }),
    );
    r.get(
      `${base}/call-campaigns/:id/export`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "The plan for a call centre (CSV or XLSX)",
          params: campaignParams,
          querystring: exportQuery,
        },
      },
      async (req, reply) => {
        const xlsx = req.query.format === "xlsx";
        const buf = xlsx
          ? await exportXlsx(ctx, req.params.corpId, req.params.id)
          : await exportCsv(ctx, req.params.corpId, req.params.id);
        return reply
          .header(
            "content-type",
            xlsx
              ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              : "text/csv; charset=utf-8",
          )
          .header(
            "content-disposition",
            `attachment; filename="call-plan-${req.params.id}.${xlsx ? "xlsx" : "csv"}"`,
          )
          .send(buf);
      },
    );
    r.post(
      `${base}/call-campaigns/:id/results`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Import call results (CSV/XLSX as multipart `file` or the raw body); idempotent",
          description:
            "Any bad row (unknown code, unknown phone, unreadable time, wrong encoding) rejects the whole file, reported row by row; masked phones are skipped. Importing the same results again changes nothing.",
          params: campaignParams,
          querystring: importQuery,
        },
      },
      async (req) => {
        const up = await uploadedFile(req);
        return importResults(
          ctx,
          req.params.corpId,
          req.params.id,
          { file: up.buf },
          {
            fileName: up.fileName ?? req.query.fileName ?? null,
            encoding: req.query.encoding ?? up.charset,
            createdBy: principalOf(req).userId,
          },
        );
      },
    );
    r.post(
      `${base}/call-campaigns/:id/results/rows`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Send call results as JSON (a call centre's API push); idempotent like a file",
          params: campaignParams,
          body: resultRowsBody,
        },
      },
      async (req) =>
        importResults(
          ctx,
          req.params.corpId,
          req.params.id,
          {
            rows: req.body.results.map((x, i) => ({
              row: i + 1,
              phoneRaw: x.phone,
              callId: x.callId ?? null,
              code: x.code,
              startedAt: x.startedAt ?? null,
              connectedAt: null,
              endedAt: x.endedAt ?? null,
              duration: null,
              status: null,
              callResult: null,
              agent: x.agent ?? null,
              note: x.note ?? null,
              planId: null,
              callColumns: false,
            })),
          },
          { fileName: null, encoding: null, createdBy: principalOf(req).userId },
        ),
    );
    r.get(
      `${base}/call-campaigns/:id/imports`,
      {
        config: { access: "user" },
        schema: { tags, summary: "Result imports with their row-by-row issues", params: campaignParams },
      },
      async (req) => ({ items: await listImports(ctx, req.params.corpId, req.params.id) }),
    );
    r.get(
      `${base}/call-campaigns/:id/funnel`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "Called → connected → A/B/C → SMS → friend added, in total and per bucket, window and script",
          params: campaignParams,
        },
      },
      async (req) => campaignFunnel(ctx, req.params.corpId, req.params.id),
    );
  };
}
