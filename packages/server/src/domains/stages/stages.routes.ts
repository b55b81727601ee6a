// Stages API: /api/corps/:corpId/stages — the pipeline and churn settings (operators change them), the board and
// its columns, and moving customers by hand (any user, within their data scope).
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import {
  boardView,
  bulkMoveBody,
  bulkMoveView,
  columnView,
  corpParams,
  customerParams,
  customerStageView,
  moveBody,
  pageQuery,
  pipelineView,
  removeQuery,
  settingsInput,
  settingsView,
  stageInput,
  stageOrder,
  stageParams,
  stagePatch,
  stageView,
} from "./stages.schemas.ts";
import * as service from "./stages.service.ts";

const tags = ["stages"];

export function stagesRoutes(ctx: Ctx) {
  const scope = (req: FastifyRequest, corpId: string) => scopeOf(ctx, principalOf(req), corpId);
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/stages";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The corp's stages (客户阶段) in order, with customer counts, and the churn settings",
          params: corpParams,
          response: { 200: pipelineView },
        },
      },
      async (req) => service.pipeline(ctx, req.params.corpId, await scope(req, req.params.corpId)),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Add a custom stage",
          params: corpParams,
          body: stageInput,
          response: { 200: stageView },
        },
      },
      async (req) => service.createStage(ctx, req.params.corpId, req.body),
    );
    r.put(
      `${base}/order`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Reorder the stages (every stage id, in the new order)",
          params: corpParams,
          body: stageOrder,
          response: { 200: pipelineView },
        },
      },
      async (req) =>
        service.reorderStages(ctx, req.params.corpId, req.body.stageIds, await scope(req, req.params.corpId)),
    );
    r.put(
      `${base}/settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Churn settings: days without a paid order before churn risk and churned",
          params: corpParams,
          body: settingsInput,
          response: { 200: settingsView },
        },
      },
      async (req) => service.updateSettings(ctx, req.params.corpId, req.body),
    );
    r.get(
      `${base}/board`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "The board: every stage with its count and first page of customers (latest arrivals first)",
          params: corpParams,
          querystring: pageQuery.pick({ limit: true }),
          response: { 200: boardView },
        },
      },
      async (req) =>
        service.board(ctx, req.params.corpId, await scope(req, req.params.corpId), req.query.limit),
    );
    r.get(
      `${base}/:stageId/customers`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "One column of the board, keyset-paged",
          params: stageParams,
          querystring: pageQuery,
          response: { 200: columnView },
        },
      },
      async (req) =>
        service.column(
          ctx,
          req.params.corpId,
          req.params.stageId,
          await scope(req, req.params.corpId),
          req.query,
        ),
    );
    r.patch(
      `${base}/:stageId`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Rename a stage",
          params: stageParams,
          body: stagePatch,
          response: { 200: stageView },
        },
      },
      async (req) => service.renameStage(ctx, req.params.corpId, req.params.stageId, req.body.name),
    );
    r.delete(
      `${base}/:stageId`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Remove a custom stage; its customers move to `moveTo`",
          description:
            "A stage that holds customers answers STAGE_NOT_EMPTY (with details.count) unless moveTo names where they go. Default stages answer STAGE_BUILTIN.",
          params: stageParams,
          querystring: removeQuery,
          response: { 200: z.object({ removed: z.literal(true), moved: z.number() }) },
        },
      },
      async (req) =>
        service.removeStage(
          ctx,
          req.params.corpId,
          req.params.stageId,
          req.query.moveTo,
          principalOf(req).userId,
        ),
    );
    r.post(
      "/api/corps/:corpId/stage-moves",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Move a selection of customers (ids or a customer-list filter) to a stage",
          params: corpParams,
          body: bulkMoveBody,
          response: { 200: bulkMoveView },
        },
      },
      async (req) =>
        service.bulkMove(
          ctx,
          req.params.corpId,
          req.body,
          await scope(req, req.params.corpId),
          principalOf(req).userId,
        ),
    );
    r.get(
      "/api/corps/:corpId/customers/:id/stage",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "A customer's stage, since when and why",
          params: customerParams,
          response: { 200: customerStageView },
        },
      },
      async (req) =>
        service.customerStage(ctx, req.params.corpId, req.params.id, await scope(req, req.params.corpId)),
    );
    r.post(
      "/api/corps/:corpId/customers/:id/stage",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Move a customer to a stage by hand",
          description:
            "Rules leave a manual placement alone until a newer event (a paid order after the move). The move is on the customer's timeline (stage.moved).",
          params: customerParams,
          body: moveBody,
          response: { 200: customerStageView },
        },
      },
      async (req) =>
        service.moveCustomer(
          ctx,
          req.params.corpId,
          req.params.id,
          req.body.stageId,
          await scope(req, req.params.corpId),
          principalOf(req).userId,
        ),
    );
  };
}
