// Bulk-add API (A5): import a phone list (CSV/XLSX, multipart `file` or the raw body), the lists with their
// progress, the daily add tasks, a member reporting a task sent, and running the cycle now.
import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { importPhoneList } from "./bulk-adds.import.ts";
import { runBulkAddCycle } from "./bulk-adds.plan.ts";
import {
  corpParams,
  cycleView,
  idParams,
  importQuery,
  listView,
  tasksQuery,
  taskView,
} from "./bulk-adds.schemas.ts";
import * as service from "./bulk-adds.service.ts";

const tags = ["bulk-adds"];
const RAW_TYPES = [
  "text/csv",
  "application/csv",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel",
];

async function uploaded(req: FastifyRequest, query: z.output<typeof importQuery>) {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file)
      throw new AppError("VALIDATION_FAILED", "no file in the upload", [
        { path: "/file", message: "attach the phone list (CSV or XLSX)" },
      ]);
    const f = file.fields.name;
    const one = Array.isArray(f) ? f[0] : f;
    const name = one && one.type === "field" ? String(one.value).trim() : undefined;
    return {
      stream: file.file as Readable,
      name: name || query.name,
      fileName: file.filename || query.fileName,
    };
  }
  if (!req.body)
    throw new AppError("VALIDATION_FAILED", "no file in the upload", [
      { path: "/file", message: "attach the phone list (CSV or XLSX)" },
    ]);
  return { stream: req.body as Readable, name: query.name, fileName: query.fileName };
}

export function bulkAddsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, { limits: { fileSize: 200 * 1024 ** 2, files: 1, fields: 5 } });
    app.addContentTypeParser(RAW_TYPES, (_req, payload, done) => done(null, payload));
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/bulk-adds";

    r.post(
      `${base}/lists`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Import a phone list (CSV or XLSX with a 手机号/phone column; multipart `file` or the raw body)",
          description:
            "Phones are normalised (+86, spaces, dashes) to 11-digit mobiles; duplicates in the file are counted once; phones of existing friends and phones already listed are left out. Bad rows are reported with their row number (header = row 1); good rows are kept.",
          params: corpParams,
          querystring: importQuery,
          response: { 201: listView },
        },
      },
      async (req, reply) => {
        await requireCorp(ctx, req.params.corpId);
        const up = await uploaded(req, req.query);
        try {
          const id = await importPhoneList(
            ctx,
            {
              corpId: req.params.corpId,
              name: up.name ?? up.fileName ?? "phone list",
              fileName: up.fileName,
            },
            up.stream,
          );
          reply.code(201);
          return service.getList(ctx, req.params.corpId, id);
        } finally {
          up.stream.resume();
        }
      },
    );
    r.get(
      `${base}/lists`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Imported phone lists with their progress (waiting, assigned, accepted, given up)",
          params: corpParams,
          response: { 200: z.object({ items: z.array(listView) }) },
        },
      },
      async (req) => ({ items: await service.listLists(ctx, req.params.corpId) }),
    );
    r.get(
      `${base}/lists/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One phone list", params: idParams, response: { 200: listView } },
      },
      async (req) => service.getList(ctx, req.params.corpId, req.params.id),
    );
    r.get(
      `${base}/tasks`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Daily add tasks (filter by day, member, status, list), by due time",
          params: corpParams,
          querystring: tasksQuery,
          response: { 200: z.object({ items: z.array(taskView) }) },
        },
      },
      async (req) => ({ items: await service.listTasks(ctx, req.params.corpId, req.query) }),
    );
    r.post(
      `${base}/tasks/:id/sent`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "The member sent this task's add request (refused while the account is restricted or at a new account's hourly threshold)",
          params: idParams,
          response: {
            200: z.object({ id: z.string(), status: z.literal("sent"), sentAt: z.string() }),
          },
        },
      },
      async (req) => service.markSent(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      `${base}/run`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary:
            "Run the bulk-add cycle now: expire, accept, and assign today's tasks within the safe caps",
          params: corpParams,
          response: { 200: cycleView },
        },
      },
      async (req) => {
        await requireCorp(ctx, req.params.corpId);
        return runBulkAddCycle(ctx, req.params.corpId);
      },
    );
  };
}
