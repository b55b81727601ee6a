// Group activities API: /api/corps/:corpId/group-activities — check-ins, lotteries and red-packet campaigns
// (create, list, pause/end), who took part, and POST …/:id/entries: one entry for a customer through the API (a
// mini-program or H5 page checking in, drawing or claiming), the same as the keyword in a group.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { enter } from "./group-activities.entries.ts";
import { activityInput, activityPatch, activityView, entryInput } from "./group-activities.schemas.ts";
import * as service from "./group-activities.service.ts";

const tags = ["group-activities"];

export function groupActivitiesRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/group-activities";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Group activities (check-in, lottery, red packets) with their figures",
          params: corpParams,
          response: { 200: z.object({ items: z.array(activityView) }) },
        },
      },
      async (req) => ({ items: await service.listActivities(ctx, req.params.corpId) }),
    );
    r.post(
      base,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Create a check-in, lottery or red-packet activity in some groups",
          params: corpParams,
          body: activityInput,
          response: { 201: activityView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.createActivity(ctx, req.params.corpId, req.body)),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One activity", params: idParams, response: { 200: activityView } },
      },
      async (req) => service.getActivity(ctx, req.params.corpId, req.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Pause, resume or end an activity; rename it; move its last day",
          params: idParams,
          body: activityPatch,
          response: { 200: activityView },
        },
      },
      async (req) => service.updateActivity(ctx, req.params.corpId, req.params.id, req.body),
    );
    r.get(
      `${base}/:id/participants`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Who took part: entries and days, most days first",
          params: idParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        },
      },
      async (req) => ({
        items: await service.activityParticipants(ctx, req.params.corpId, req.params.id, req.query.limit),
      }),
    );
    r.post(
      `${base}/:id/entries`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Enter a customer now: check in, draw or claim, by the activity's kind",
          params: idParams,
          body: entryInput,
        },
      },
      async (req) => {
        const { corpId, id } = req.params;
        const known = await ctx.db
          .selectFrom("customers")
          .select("id")
          .where("corp_id", "=", corpId)
          .where("external_userid", "=", req.body.externalUserId)
          .executeTakeFirst();
        const activity = await service.activityRow(ctx, corpId, id);
        if (!known) throw new AppError("CUSTOMER_NOT_FOUND", `no customer ${req.body.externalUserId}`);
        return ctx.db.transaction().execute((trx) =>
          enter({ db: trx, clock: ctx.clock }, activity, {
            externalUserId: req.body.externalUserId,
            at: new Date(ctx.clock.now()),
            chatId: null,
            msgid: null,
          }),
        );
      },
    );
  };
}
