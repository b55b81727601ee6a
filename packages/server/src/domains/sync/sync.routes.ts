// Sync API: start a sync or reconcile of a corp (runs in the background), watch its progress, read its repairs.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { latestRuns, resumeSync, runRepairs, startSync } from "./sync.jobs.ts";
import { repairItem, syncRunView, syncStartBody, syncStatus } from "./sync.schemas.ts";

const corpParams = z.object({ corpId: z.string().min(1) });

export function syncRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/api/corps/:corpId/sync",
      {
        config: { access: "admin" },
        schema: {
          tags: ["sync"],
          summary: "Start a full sync or a reconcile (or resume the latest failed run); returns at once",
          description: "If a run is already pending or running for the corp, that run is returned instead.",
          params: corpParams,
          body: syncStartBody,
          response: { 202: syncRunView },
        },
      },
      async (req, reply) => {
        const { corpId } = req.params;
        if (req.body.resume) {
          const failed = (await latestRuns(ctx, corpId, 1)).find((x) => x.status === "failed");
          if (!failed) throw new AppError("SYNC_NOT_RESUMABLE", "the latest run of this corp did not fail");
          void (await resumeSync(ctx, failed.id));
          const [run] = await latestRuns(ctx, corpId, 1);
          return reply.code(202).send(run!);
        }
        const { run } = await startSync(ctx, corpId, req.body.kind, "manual");
        return reply.code(202).send(run);
      },
    );
    r.get(
      "/api/corps/:corpId/sync",
      {
        config: { access: "user" },
        schema: {
          tags: ["sync"],
          summary: "Progress of the current run and the latest runs",
          params: corpParams,
          response: { 200: syncStatus },
        },
      },
      async (req) => {
        const runs = await latestRuns(ctx, req.params.corpId, 10);
        const current = runs.find((x) => x.status === "pending" || x.status === "running") ?? null;
        return { current, runs };
      },
    );
    r.get(
      "/api/corps/:corpId/sync/:runId/repairs",
      {
        config: { access: "user" },
        schema: {
          tags: ["sync"],
          summary: "What a run repaired, item by item (the first 2,000 per run are kept)",
          params: corpParams.extend({ runId: z.string().regex(/^\d+$/) }),
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(2000).default(200) }),
          response: { 200: z.object({ items: z.array(repairItem) }) },
        },
      },
      async (req) => ({ items: await runRepairs(ctx, req.params.corpId, req.params.runId, req.query.limit) }),
    );
  };
}
