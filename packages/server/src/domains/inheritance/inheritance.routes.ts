// Inheritance API: /api/corps/:corpId/inheritance — departed members and any member's customers and groups
// still to hand over; transfer jobs (plan by rule or by hand, progress, customers with their statuses and
// reasons, groups, the before/after report); reassigning refused or failed customers; polling a job now.
// Operators only: it moves customers between members.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { listDeparted, memberAssets } from "./inheritance.assets.ts";
import { jobReport } from "./inheritance.report.ts";
import { runJob } from "./inheritance.runner.ts";
import {
  corpParams,
  customersQuery,
  idParams,
  jobView,
  memberParams,
  reassignInput,
  transferInput,
} from "./inheritance.schemas.ts";
import { planTransfer, reassign } from "./inheritance.service.ts";
import { getJob, jobCustomers, jobGroups, listJobs } from "./inheritance.views.ts";

const tags = ["inheritance"];

export function inheritanceRoutes(ctx: Ctx) {
  const by = (req: FastifyRequest) => `user:${principalOf(req).userId}`;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/inheritance";
    r.get(
      `${base}/departed`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Departed members with customers or groups to hand over",
          params: corpParams,
        },
      },
      async (req) => listDeparted(ctx, req.params.corpId),
    );
    r.get(
      `${base}/members/:userid/assets`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "A member's customers and groups still to hand over",
          params: memberParams,
          querystring: z.object({ kind: z.enum(["resigned", "onjob"]).default("resigned") }),
        },
      },
      async (req) => memberAssets(ctx, req.params.corpId, req.params.userid, req.query.kind),
    );
    r.get(
      `${base}/transfers`,
      {
        config: { access: "operator" },
        schema: { tags, summary: "Transfer jobs, newest first", params: corpParams },
      },
      async (req) => ({ items: await listJobs(ctx, req.params.corpId) }),
    );
    r.post(
      `${base}/transfers`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Plan a transfer of a member's customers and groups (run by the scheduler)",
          params: corpParams,
          body: transferInput,
          response: { 201: jobView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await planTransfer(ctx, req.params.corpId, req.body, by(req))),
    );
    r.get(
      `${base}/transfers/:id`,
      {
        config: { access: "operator" },
        schema: { tags, summary: "A transfer job's progress", params: idParams, response: { 200: jobView } },
      },
      async (req) => getJob(ctx, req.params.corpId, req.params.id),
    );
    r.get(
      `${base}/transfers/:id/customers`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "A job's customers; status=unfinished lists the refused and failed ones",
          params: idParams,
          querystring: customersQuery,
        },
      },
      async (req) => jobCustomers(ctx, req.params.corpId, req.params.id, req.query),
    );
    r.get(
      `${base}/transfers/:id/groups`,
      {
        config: { access: "operator" },
        schema: { tags, summary: "A job's groups", params: idParams },
      },
      async (req) => ({ items: await jobGroups(ctx, req.params.corpId, req.params.id) }),
    );
    r.get(
      `${base}/transfers/:id/report`,
      {
        config: { access: "operator" },
        schema: { tags, summary: "Before/after report of a job", params: idParams },
      },
      async (req) => jobReport(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      `${base}/transfers/:id/reassign`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Give refused or failed customers to another member",
          params: idParams,
          body: reassignInput,
          response: { 200: jobView },
        },
      },
      async (req) => reassign(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.post(
      `${base}/transfers/:id/poll`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Start planned transfers and read WeCom's results now",
          params: idParams,
          response: { 200: jobView },
        },
      },
      async (req) => {
        await getJob(ctx, req.params.corpId, req.params.id);
        await runJob(ctx, req.params.id);
        return getJob(ctx, req.params.corpId, req.params.id);
      },
    );
  };
}
