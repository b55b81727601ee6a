// Activity rewards API: /api/corps/:corpId/activity-rewards — what fission tiers, check-ins, lotteries and red
// packets handed out; manual rewards, red-packet payouts and vouchers that found their pool empty are tasks an
// operator closes with POST …/:id/fulfil.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { corpParams, idParams } from "../welcome/welcome.schemas.ts";
import { fulfilInput, rewardsQuery, rewardView } from "./rewards.schemas.ts";
import { fulfilReward, getReward, listRewards } from "./rewards.service.ts";

const tags = ["activity-rewards"];

export function rewardsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId/activity-rewards";
    r.get(
      base,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Rewards handed out by activities, newest first",
          params: corpParams,
          querystring: rewardsQuery,
          response: { 200: z.object({ items: z.array(rewardView) }) },
        },
      },
      async (req) => ({ items: await listRewards(ctx, req.params.corpId, req.query) }),
    );
    r.get(
      `${base}/:id`,
      {
        config: { access: "user" },
        schema: { tags, summary: "One reward", params: idParams, response: { 200: rewardView } },
      },
      async (req) => getReward(ctx, req.params.corpId, req.params.id),
    );
    r.post(
      `${base}/:id/fulfil`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "Mark a manual reward, red packet or failed voucher as handed over",
          params: idParams,
          body: fulfilInput,
          response: { 200: rewardView },
        },
      },
      async (req) =>
        fulfilReward(ctx, req.params.corpId, req.params.id, principalOf(req).username, req.body.note),
    );
  };
}
