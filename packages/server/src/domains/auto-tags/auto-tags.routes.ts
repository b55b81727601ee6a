// Auto-tagging API: rules (CRUD), message ingestion for an external archive bridge, tracked links (wrap, list,
// and the public /l/:token redirect), staff alerts, live-viewer imports and activity participations.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { principalOf } from "../../http/access.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { fireActivityRules, recordParticipations } from "./activities.service.ts";
import {
  liveImportBody,
  messagesBody,
  participationBody,
  ruleBody,
  ruleParams,
  ruleView,
  wrapBody,
} from "./auto-tags.schemas.ts";
import { listAlerts, listTrackedLinks, openTrackedLink, wrapText } from "./links.service.ts";
import { importLiveViewers } from "./live.service.ts";
import { ingestMessages } from "./messages.service.ts";
import {
  corpExists,
  createRule,
  deleteRule,
  getRuleRow,
  listRules,
  ruleViews,
  updateRule,
} from "./rules.service.ts";

const corpParams = z.object({ corpId: z.string().min(1) });
const kinds = z.enum(["keyword", "link", "order", "live", "activity", "moment"]);

function publicBase(ctx: Ctx, req: FastifyRequest): string {
  return ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
}

export function autoTagsRoutes(ctx: Ctx) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/corps/:corpId/tag-rules",
      {
        config: { access: "user" },
        schema: {
          tags: ["auto-tags"],
          summary: "Auto-tagging rules, with their tags by name and how many tag changes each made",
          params: corpParams,
          querystring: z.object({ kind: kinds.optional() }),
          response: { 200: z.object({ rules: z.array(ruleView) }) },
        },
      },
      async (req) => ({ rules: await listRules(ctx, req.params.corpId, req.query.kind) }),
    );
    r.post(
      "/api/corps/:corpId/tag-rules",
      {
        config: { access: "operator" },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ["auto-tags"],
          summary:
            "Create a rule: keyword, link, order, live, activity or moment (liked or commented on a customer moment)",
          params: corpParams,
          body: ruleBody,
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const row = await createRule(ctx, req.params.corpId, req.body);
        return (await ruleViews(ctx, req.params.corpId, [row]))[0]!;
      },
    );
    r.get(
      "/api/corps/:corpId/tag-rules/:id",
      {
        config: { access: "user" },
        schema: { tags: ["auto-tags"], summary: "One rule", params: ruleParams, response: { 200: ruleView } },
      },
      async (req) => {
        const row = await getRuleRow(ctx.db, req.params.corpId, req.params.id);
        return (await ruleViews(ctx, req.params.corpId, [row]))[0]!;
      },
    );
    r.patch(
      "/api/corps/:corpId/tag-rules/:id",
      {
        config: { access: "operator" },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ["auto-tags"],
          summary: "Replace a rule's settings with the full rule as sent (its kind stays)",
          params: ruleParams,
          body: ruleBody,
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const row = await updateRule(ctx, req.params.corpId, req.params.id, req.body);
        return (await ruleViews(ctx, req.params.corpId, [row]))[0]!;
      },
    );
    r.delete(
      "/api/corps/:corpId/tag-rules/:id",
      {
        config: { access: "operator" },
        schema: {
          tags: ["auto-tags"],
          summary: "Delete a rule (tags it applied stay)",
          params: ruleParams,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (req) => {
        await deleteRule(ctx, req.params.corpId, req.params.id);
        return { ok: true as const };
      },
    );

    r.post(
      "/api/corps/:corpId/messages",
      {
        config: { access: "operator" },
        bodyLimit: 10 * 1024 * 1024,
        schema: {
          tags: ["auto-tags"],
          summary:
            "Ingest chat messages from an external session-archive bridge (Finance SDK); replayed msgids are ignored",
          params: corpParams,
          body: messagesBody,
          response: {
            200: z.object({ accepted: z.number(), duplicates: z.number(), tagChanges: z.number() }),
          },
        },
      },
      async (req) => {
        await corpExists(ctx.db, req.params.corpId);
        const now = nowDate(ctx.clock);
        return ctx.db.transaction().execute((trx) =>
          ingestMessages(
            trx,
            req.params.corpId,
            "bridge",
            req.body.messages.map((m) => ({ ...m, sentAt: new Date(m.sentAt) })),
            now,
          ),
        );
      },
    );

    r.post(
      "/api/corps/:corpId/tracked-links/wrap",
      {
        config: { access: "user" },
        schema: {
          tags: ["auto-tags"],
          summary:
            "Replace every http(s) address in a message with a tracked link for this customer and sender",
          params: corpParams,
          body: wrapBody,
          response: {
            200: z.object({
              text: z.string(),
              links: z.array(z.object({ url: z.string(), tracked: z.string(), linkId: z.string() })),
            }),
          },
        },
      },
      async (req) => {
        await corpExists(ctx.db, req.params.corpId);
        return wrapText(ctx, req.params.corpId, publicBase(ctx, req), req.body);
      },
    );
    r.get(
      "/api/corps/:corpId/tracked-links",
      {
        config: { access: "user" },
        schema: {
          tags: ["auto-tags"],
          summary: "Tracked links with sends (tokens), opens and distinct openers",
          params: corpParams,
        },
      },
      async (req) => ({ links: await listTrackedLinks(ctx, req.params.corpId) }),
    );
    r.get(
      "/l/:token",
      {
        config: { access: "public" },
        schema: { hide: true, params: z.object({ token: z.string().max(64) }) },
      },
      async (req, reply) => {
        const url = await openTrackedLink(ctx, req.params.token, req.headers["user-agent"] ?? null);
        if (!url)
          return reply
            .status(404)
            .type("text/plain; charset=utf-8")
            .send("链接不存在或已失效 / link not found");
        return reply.redirect(url, 302);
      },
    );
    r.get(
      "/api/corps/:corpId/staff-alerts",
      {
        config: { access: "user" },
        schema: {
          tags: ["auto-tags"],
          summary: "Alerts for staff (a customer opened a tracked link …), newest first; staff see their own",
          params: corpParams,
          querystring: z.object({
            userid: z.string().max(128).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (req) => {
        const scope = await scopeOf(ctx, principalOf(req), req.params.corpId);
        const userid = scope.kind === "member" ? (scope.userid ?? "\u0000none") : req.query.userid;
        return { alerts: await listAlerts(ctx, req.params.corpId, { userid, limit: req.query.limit }) };
      },
    );

    r.post(
      "/api/corps/:corpId/live-imports",
      {
        config: { access: "operator" },
        bodyLimit: 25 * 1024 * 1024,
        schema: {
          tags: ["auto-tags"],
          summary:
            "Import a 直播观看明细 CSV: participations per customer, then live and activity rules; bad rows are reported",
          params: corpParams,
          body: liveImportBody,
        },
      },
      async (req) => importLiveViewers(ctx, req.params.corpId, req.body, principalOf(req).userId),
    );
    r.get(
      "/api/corps/:corpId/live-imports",
      {
        config: { access: "user" },
        schema: { tags: ["auto-tags"], summary: "Past live-viewer imports", params: corpParams },
      },
      async (req) => {
        const rows = await ctx.db
          .selectFrom("live_imports")
          .selectAll()
          .where("corp_id", "=", req.params.corpId)
          .orderBy("id", "desc")
          .limit(100)
          .execute();
        return {
          imports: rows.map((i) => ({
            id: i.id,
            fileName: i.file_name,
            rows: i.rows,
            participations: i.matched,
            skipped: i.skipped,
            lives: i.lives,
            createdAt: i.created_at.toISOString(),
          })),
        };
      },
    );
    r.post(
      "/api/corps/:corpId/activity-participations",
      {
        config: { access: "operator" },
        schema: {
          tags: ["auto-tags"],
          summary:
            "Record that customers took part in an activity (check-in, lottery …); activity rules fire",
          params: corpParams,
          body: participationBody,
        },
      },
      async (req) => {
        const corpId = req.params.corpId;
        await corpExists(ctx.db, corpId);
        const ids = [...new Set(req.body.participations.map((p) => p.externalUserId))];
        const customers = new Map(
          (
            await ctx.db
              .selectFrom("customers")
              .select(["id", "external_userid"])
              .where("corp_id", "=", corpId)
              .where("external_userid", "in", ids)
              .execute()
          ).map((c) => [c.external_userid, c.id]),
        );
        const unknown = req.body.participations
          .map((p, i) => ({ p, i }))
          .filter(({ p }) => !customers.has(p.externalUserId));
        if (unknown.length > 0) {
          throw new AppError(
            "VALIDATION_FAILED",
            "some customers are not known in this corp",
            unknown.map(({ p, i }) => ({
              path: `/participations/${i}/externalUserId`,
              message: `no customer ${p.externalUserId}`,
            })),
          );
        }
        const now = nowDate(ctx.clock);
        const list = req.body.participations.map((p) => ({
          customerId: customers.get(p.externalUserId)!,
          externalUserId: p.externalUserId,
          activity: p.activity,
          kind: p.kind,
          occurredAt: p.occurredAt ? new Date(p.occurredAt) : now,
          detail: p.detail ?? {},
        }));
        const tagChanges = await ctx.db.transaction().execute(async (trx) => {
          await recordParticipations(trx, corpId, list);
          return fireActivityRules(trx, corpId, list, now);
        });
        return { recorded: list.length, tagChanges };
      },
    );
  };
}
