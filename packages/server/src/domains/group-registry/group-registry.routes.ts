// Group registry API: GET /api/corps/:corpId/groups/:chatId (one group with members and per-day moves) and
// GET /api/corps/:corpId/group-stats (per owner and per day, dismissed groups left out). The list itself is
// customers/groups.routes.ts.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { corpParams } from "../welcome/welcome.schemas.ts";
import { groupDetail, groupStats, statsQuery } from "./group-registry.service.ts";

const tags = ["groups"];
const dayRow = z.object({ day: z.string(), joins: z.number(), leaves: z.number() });
const range = z.object({ from: z.string(), to: z.string() });

const detail = z.object({
  chatId: z.string(),
  name: z.string(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
  notice: z.string().nullable(),
  admins: z.array(z.string()),
  status: z.enum(["normal", "owner_resigned", "inheriting", "inherited"]),
  dismissed: z.boolean(),
  dismissedAt: z.string().nullable(),
  createdAt: z.string().nullable(),
  memberVersion: z.string().nullable(),
  stale: z.boolean().describe("A callback showed a change the registry has not re-read yet."),
  memberCount: z.number(),
  customers: z.number(),
  staff: z.number(),
  members: z.array(
    z.object({
      memberId: z.string(),
      type: z.enum(["staff", "customer"]),
      name: z.string().nullable(),
      joinedAt: z.string().nullable(),
      joinScene: z.number().nullable().describe("1 invited directly, 2 invite link, 3 QR (join way)."),
      invitor: z.string().nullable(),
      groupNickname: z.string().nullable(),
    }),
  ),
  range,
  days: z.array(dayRow),
});

const stats = z.object({
  range,
  totals: z.object({
    groups: z.number(),
    members: z.number(),
    customers: z.number(),
    joins: z.number(),
    leaves: z.number(),
  }),
  owners: z.array(
    z.object({
      owner: z.string().nullable(),
      ownerName: z.string().nullable(),
      groups: z.number(),
      members: z.number(),
      customers: z.number(),
      joins: z.number(),
      leaves: z.number(),
    }),
  ),
  days: z.array(dayRow),
});

export function groupRegistryRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps/:corpId/group-stats",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "Per-owner and per-day group statistics (groups, members, joins, leaves); dismissed groups excluded",
          description: "Days are in the corp's time zone; the range defaults to the last 30 days.",
          params: corpParams,
          querystring: statsQuery,
          response: { 200: stats },
        },
      },
      async (req) => groupStats(ctx, req.params.corpId, principalOf(req), req.query),
    );
    r.get(
      "/api/corps/:corpId/groups/:chatId",
      {
        config: { access: "user" },
        schema: {
          tags,
          summary:
            "One customer group: owner, admins, notice, members (join scene, invitor, join time), joins/leaves per day",
          params: corpParams.extend({ chatId: z.string().min(1).max(128) }),
          querystring: statsQuery,
          response: { 200: detail },
        },
      },
      async (req) => groupDetail(ctx, req.params.corpId, req.params.chatId, principalOf(req), req.query),
    );
  };
}
