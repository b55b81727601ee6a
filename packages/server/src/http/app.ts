// Builds the Fastify application: error mapping, access control, OpenAPI, every domain's routes, and the console.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { sql } from "kysely";
import type { Ctx } from "../context.ts";
import { accountHealthRoutes } from "../domains/account-health/account-health.routes.ts";
import { authRoutes } from "../domains/auth/auth.routes.ts";
import type { LoginLimiter } from "../domains/auth/login-limiter.ts";
import { autoTagsRoutes } from "../domains/auto-tags/auto-tags.routes.ts";
import { bulkAddsRoutes } from "../domains/bulk-adds/bulk-adds.routes.ts";
import { callCampaignsRoutes } from "../domains/call-campaigns/call-campaigns.routes.ts";
import { churnWatchRoutes } from "../domains/churn-watch/churn-watch.routes.ts";
import { corpsRoutes } from "../domains/corps/corps.routes.ts";
import { customersRoutes } from "../domains/customers/customers.routes.ts";
import { groupsRoutes } from "../domains/customers/groups.routes.ts";
import { dashboardRoutes } from "../domains/dashboard/dashboard.routes.ts";
import { directoryRoutes } from "../domains/directory/directory.routes.ts";
import { fissionRoutes } from "../domains/fission/fission.routes.ts";
import { followupsRoutes } from "../domains/followups/followups.routes.ts";
import { groupActivitiesRoutes } from "../domains/group-activities/group-activities.routes.ts";
import { groupCodesRoutes } from "../domains/group-codes/group-codes.routes.ts";
import { groupDuplicatesRoutes } from "../domains/group-duplicates/group-duplicates.routes.ts";
import { groupGuardRoutes } from "../domains/group-guard/group-guard.routes.ts";
import { groupRegistryRoutes } from "../domains/group-registry/group-registry.routes.ts";
import { callbackRoutes } from "../domains/inbox/callback.routes.ts";
import { inboxRoutes } from "../domains/inbox/inbox.routes.ts";
import type { InboxWriter } from "../domains/inbox/inbox.writer.ts";
import { inheritanceRoutes } from "../domains/inheritance/inheritance.routes.ts";
import { journeyRulesRoutes } from "../domains/journeys/journey-rules.routes.ts";
import { journeysRoutes } from "../domains/journeys/journeys.routes.ts";
import { liveCodesRoutes } from "../domains/live-codes/live-codes.routes.ts";
import { massSendsRoutes } from "../domains/mass-sends/mass-sends.routes.ts";
import { materialsRoutes } from "../domains/materials/materials.routes.ts";
import { momentsRoutes } from "../domains/moments/moments.routes.ts";
import { ordersRoutes } from "../domains/orders/orders.routes.ts";
import { outboxRoutes } from "../domains/outbox/outbox.routes.ts";
import { smsRoutes } from "../domains/outbox/sms.routes.ts";
import { rewardsRoutes } from "../domains/rewards/rewards.routes.ts";
import { scenariosRoutes } from "../domains/scenarios/scenarios.routes.ts";
import type { EngineState } from "../domains/segments/engine/index.ts";
import { segmentsRoutes } from "../domains/segments/segments.routes.ts";
import { sendGateRoutes } from "../domains/send-gate/send-gate.routes.ts";
import { sopsRoutes } from "../domains/sops/sops.routes.ts";
import { stagesRoutes } from "../domains/stages/stages.routes.ts";
import { storeCodesRoutes } from "../domains/stores/store-codes.routes.ts";
import { storesRoutes } from "../domains/stores/stores.routes.ts";
import { syncRoutes } from "../domains/sync/sync.routes.ts";
import { tagsRoutes } from "../domains/tags/tags.routes.ts";
import { welcomeRoutes } from "../domains/welcome/welcome.routes.ts";
import type { TestClock } from "../lib/clock.ts";
import { registerAccessControl } from "./access.ts";
import { registerErrorHandler } from "./errors.ts";
import { testClockRoutes } from "./test-clock.routes.ts";

export interface AppDeps {
  ctx: Ctx;
  writer: InboxWriter;
  limiter: LoginLimiter;
  /** Called when events become due outside intake (replay). */
  wakeProcessor: () => void;
  /** Directory of the built console; served at / when it exists. */
  webDist?: string;
  /** Tests only: the clock POST /api/test-clock/advance moves. */
  testClock?: TestClock;
}

export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { ctx } = deps;
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: "Siyu API", version: "0.1.0", description: "Siyu (私域) SCRM HTTP API" },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "siyu_session" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerAccessControl(app, ctx);
  app.addHook("onSend", async (_req, reply) => {
    // antd injects its styles at run time, hence 'unsafe-inline' for styles only.
    reply.header(
      "content-security-policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
  });

  app.get("/healthz", { config: { access: "public" } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      const m = ctx.segments.memory();
      const engine = ctx.segments.state();
      return {
        status: "ok",
        database: "ok",
        segments: {
          ...segmentsState(engine),
          customers: m.customers,
          bitmapBytes: m.bitmapBytes,
          columnBytes: m.columnBytes,
          rssBytes: m.rssBytes,
        },
      };
    } catch {
      return reply.status(503).send({ status: "degraded", database: "unreachable" });
    }
  });
  app.get("/api/openapi.json", { config: { access: "user" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(callbackRoutes(ctx, deps.writer));
  await app.register(authRoutes(ctx, deps.limiter));
  await app.register(corpsRoutes(ctx));
  await app.register(inboxRoutes(ctx, deps.wakeProcessor));
  await app.register(dashboardRoutes(ctx));
  await app.register(customersRoutes(ctx));
  await app.register(directoryRoutes(ctx));
  await app.register(groupsRoutes(ctx));
  await app.register(groupRegistryRoutes(ctx));
  await app.register(groupDuplicatesRoutes(ctx));
  await app.register(groupGuardRoutes(ctx));
  await app.register(syncRoutes(ctx));
  await app.register(tagsRoutes(ctx));
  await app.register(liveCodesRoutes(ctx));
  await app.register(groupCodesRoutes(ctx));
  await app.register(storesRoutes(ctx));
  await app.register(storeCodesRoutes(ctx));
  await app.register(welcomeRoutes(ctx));
  await app.register(outboxRoutes(ctx));
  await app.register(sendGateRoutes(ctx));
  await app.register(churnWatchRoutes(ctx));
  await app.register(smsRoutes(ctx));
  await app.register(ordersRoutes(ctx));
  await app.register(stagesRoutes(ctx));
  await app.register(autoTagsRoutes(ctx));
  await app.register(segmentsRoutes(ctx));
  await app.register(materialsRoutes(ctx));
  await app.register(momentsRoutes(ctx));
  await app.register(journeysRoutes(ctx));
  await app.register(massSendsRoutes(ctx));
  await app.register(sopsRoutes(ctx));
  await app.register(journeyRulesRoutes(ctx));
  await app.register(accountHealthRoutes(ctx));
  await app.register(bulkAddsRoutes(ctx));
  await app.register(scenariosRoutes(ctx));
  await app.register(followupsRoutes(ctx));
  await app.register(fissionRoutes(ctx));
  await app.register(rewardsRoutes(ctx));
  await app.register(inheritanceRoutes(ctx));
  await app.register(groupActivitiesRoutes(ctx));
  await app.register(callCampaignsRoutes(ctx));
  if (deps.testClock) await app.register(testClockRoutes(deps.testClock));

  const webDist = deps.webDist ?? defaultWebDist;
  const hasConsole = fs.existsSync(path.join(webDist, "index.html"));
  if (hasConsole) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (
      req.method === "GET" &&
      hasConsole &&
      !req.url.startsWith("/api/") &&
      !req.url.startsWith("/wecom/")
    ) {
      return reply.type("text/html").sendFile("index.html"); // the console's client-side routes
    }
    return reply
      .status(404)
      .send({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url}` } });
  });
  return app;
}

/** The engine's state as /healthz shows it: building (with progress), ready, or failed (retrying). */
function segmentsState(s: EngineState) {
  switch (s.status) {
    case "ready":
      return { state: "ready", builtAt: new Date(s.builtAt).toISOString(), buildMs: s.buildMs };
    case "building":
      return { state: "building", startedAt: new Date(s.startedAt).toISOString(), progress: s.progress };
    case "failed":
      return {
        state: "failed",
        error: s.error,
        retryAt: new Date(s.retryAt).toISOString(),
        progress: s.progress,
      };
  }
}
