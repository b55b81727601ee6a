// Account-health API: each staff account's health and safe daily cap, editing its age and verification, the
// team's capacity (with how many days N leads take), and the corp's add-rate guard settings. Restrictions are
// recorded and lifted through /sender-restrictions (send gate), which this page's list reflects.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import {
  accountHealthView,
  capacityQuery,
  capacityView,
  corpParams,
  profileInput,
  profileView,
  settingsPatch,
} from "./account-health.schemas.ts";
import * as service from "./account-health.service.ts";
import { addRateSettingsObject } from "./add-rate.settings.ts";
import type { MemberCapacity } from "./capacity.ts";

const tags = ["account-health"];

/** Dates of the restriction in force as ISO strings for the API. */
function wire<T extends MemberCapacity>(m: T) {
  const r = m.restricted;
  return {
    ...m,
    restricted: r
      ? { id: r.id, state: r.state, since: r.since.toISOString(), until: r.until?.toISOString() ?? null }
      : null,
  };
}

export function accountHealthRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = "/api/corps/:corpId";
    r.get(
      `${base}/account-health`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "Every able staff account: age, verification, activity, restriction in force, safe daily cap and what is left today",
          params: corpParams,
          response: { 200: accountHealthView },
        },
      },
      async (req) => {
        const list = await service.listAccountHealth(ctx, req.params.corpId);
        return { ...list, members: list.members.map(wire) };
      },
    );
    r.put(
      `${base}/account-health/:userid`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Set a staff account's creation date and verification (corp, personal)",
          params: corpParams.extend({ userid: z.string().min(1).max(64) }),
          body: profileInput,
          response: { 200: profileView },
        },
      },
      async (req) => service.updateProfile(ctx, req.params.corpId, req.params.userid, req.body),
    );
    r.get(
      `${base}/capacity`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "Leads per day the team can absorb (per store and in total) at the accounts' safe caps; with ?leads=N, the days N leads take",
          params: corpParams,
          querystring: capacityQuery,
          response: { 200: capacityView },
        },
      },
      async (req) => {
        const c = await service.capacityReport(ctx, req.params.corpId, req.query);
        return { ...c, members: c.members.map(wire) };
      },
    );
    r.get(
      `${base}/add-rate-settings`,
      {
        config: { access: "user" },
        schema: {
          tags,
          summary: "The corp's add-rate guard: new-account thresholds, daily-cap range, bulk-add task expiry",
          params: corpParams,
          response: { 200: addRateSettingsObject },
        },
      },
      async (req) => service.getAddRateSettings(ctx, req.params.corpId),
    );
    r.patch(
      `${base}/add-rate-settings`,
      {
        config: { access: "operator" },
        schema: {
          tags,
          summary: "Change add-rate guard settings",
          params: corpParams,
          body: settingsPatch,
          response: { 200: addRateSettingsObject },
        },
      },
      async (req) => service.patchAddRateSettings(ctx, req.params.corpId, req.body),
    );
  };
}
