// Boots Siyu: database (embedded or DATABASE_URL), migrations, the first admin, the configured corp, the inbox
// writer and processor, and the HTTP server. Returns a handle that stops everything in order.
import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";
import type { Ctx } from "./context.ts";
import { migrateToLatest, openDatabase } from "./db/database.ts";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "./db/embedded.ts";
import { type BuiltInEmulator, startBuiltInEmulator } from "./demo.ts";
import { ensureAdmin } from "./domains/auth/auth.service.ts";
import { createLoginLimiter } from "./domains/auth/login-limiter.ts";
import { registerAppMessageChannel } from "./domains/auto-tags/app-message.channel.ts";
import { archiveAdapter, startArchivePuller } from "./domains/auto-tags/archive.ts";
import { registerAutoTagHandlers } from "./domains/auto-tags/auto-tags.handlers.ts";
import { startRuleWorker } from "./domains/auto-tags/rule-actions.ts";
import { type BulkAddScheduler, startBulkAddScheduler } from "./domains/bulk-adds/bulk-adds.scheduler.ts";
import { registerChurnWatchHandlers } from "./domains/churn-watch/churn-watch.handlers.ts";
import { registerContactHandlers } from "./domains/contacts/contacts.handlers.ts";
import { putCorp } from "./domains/corps/corps.service.ts";
import { createWeComClients } from "./domains/corps/wecom-clients.ts";
import { registerGroupHandlers } from "./domains/customers/groups.handlers.ts";
import { registerFissionHandlers } from "./domains/fission/fission.handlers.ts";
import { startFissionScanner } from "./domains/fission/fission.scan.ts";
import { type FollowupScheduler, startFollowupScheduler } from "./domains/followups/followups.scan.ts";
import { registerGroupCodeHandlers } from "./domains/group-codes/group-codes.handlers.ts";
import { HandlerRegistry } from "./domains/inbox/handlers.ts";
import { type Processor, startProcessor } from "./domains/inbox/inbox.processor.ts";
import { createInboxWriter } from "./domains/inbox/inbox.writer.ts";
import { registerInheritanceHandlers } from "./domains/inheritance/inheritance.handlers.ts";
import {
  type InheritanceScheduler,
  startInheritanceScheduler,
} from "./domains/inheritance/inheritance.runner.ts";
import { startSegmentEnroller } from "./domains/journeys/journey-sources.ts";
import {
  type JourneyScheduler,
  journeyTasks,
  startJourneyScheduler,
} from "./domains/journeys/journeys.scan.ts";
import { registerKfHandlers } from "./domains/kf/kf.handlers.ts";
import { KF_POLL_MS, startKfPuller } from "./domains/kf/kf.puller.ts";
import { registerLiveCodeHandlers } from "./domains/live-codes/live-codes.handlers.ts";
import { type LiveCodeScheduler, startLiveCodeScheduler } from "./domains/live-codes/live-codes.scheduler.ts";
import { startMassSendWorker } from "./domains/mass-sends/mass-sends.results.ts";
import { type MomentWorker, startMomentWorker } from "./domains/moments/moments.worker.ts";
import { ChannelRegistry } from "./domains/outbox/channels.ts";
import { registerCustomerMessageChannel } from "./domains/outbox/customer-message.channel.ts";
import { type Dispatcher, startDispatcher } from "./domains/outbox/dispatcher.ts";
import { registerSmsChannel } from "./domains/outbox/sms.channel.ts";
import { type ScenarioScanner, startScenarioScanner } from "./domains/scenarios/scenarios.scan.ts";
import { BuildAborted } from "./domains/segments/engine/build.ts";
import { createSegmentEngine } from "./domains/segments/engine/index.ts";
import { type SegmentCountPoller, startSegmentCountPoller } from "./domains/segments/segments.poller.ts";
import { registerGroupMessageChannel } from "./domains/sops/group-message.channel.ts";
import { type SopScheduler, startSopScheduler } from "./domains/sops/sops.scan.ts";
import { registerStageHandlers } from "./domains/stages/stages.handlers.ts";
import { type StageScheduler, startStageScheduler } from "./domains/stages/stages.scan.ts";
import { registerStoreHandlers } from "./domains/stores/stores.handlers.ts";
import { startSyncWorkers } from "./domains/sync/sync.workers.ts";
import { registerTagHandlers } from "./domains/tags/tags.handlers.ts";
import { registerWelcomeChannel } from "./domains/welcome/welcome.channel.ts";
import { registerWelcomeHandlers } from "./domains/welcome/welcome.handlers.ts";
import { buildApp } from "./http/app.ts";
import { type Clock, createTestClock, systemClock } from "./lib/clock.ts";
import { type JobRunner, startJobRunner } from "./lib/job-runner.ts";
import type { Poller } from "./lib/poller.ts";
import { createSecretBox, loadOrCreateKey } from "./lib/secret-box.ts";

export const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  "*.secret",
  "*.token",
  "*.aesKey",
  "*.password",
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: "[redacted]" } });
}

export interface RunningSiyu {
  url: string;
  port: number;
  ctx: Ctx;
  processor: Processor | undefined;
  /** Sends planned outbox messages through the send gate (runs when the processor does). */
  dispatcher: Dispatcher | undefined;
  /** Keeps live codes' contact ways current (runs when the processor does). */
  liveCodeScheduler: LiveCodeScheduler | undefined;
  /** Moves buyers to churn risk / churned when their last paid order is old enough (runs when the processor does). */
  stageScheduler: StageScheduler | undefined;
  journeyScheduler: JourneyScheduler | undefined;
  /** Fires SOP calendars into tasks, escalates overdue tasks (runs when the processor does). */
  sopScheduler: SopScheduler | undefined;
  /** Fires scenario triggers (coupon/subscription expiry, churn, …) into journey enrolments (runs when the processor does). */
  scenarioScanner: ScenarioScanner | undefined;
  /** Turns due follow-up rounds into tasks, finds and alerts SLA breaches (runs when the processor does). */
  followupScheduler: FollowupScheduler | undefined;
  bulkAddScheduler: BulkAddScheduler | undefined;
  /** Starts planned customer/group transfers and tracks their WeCom status (runs when the processor does). */
  inheritanceScheduler: InheritanceScheduler | undefined;
  jobRunner: JobRunner | undefined;
  /** Enrols members of saved segments on the lines that name them (runs when the processor does). */
  journeySegments: Poller | undefined;
  /** Publishes due customer moments and pulls their status, likes and comments (runs when the processor does). */
  momentWorker: MomentWorker | undefined;
  /** Applies tag changes decided by auto-tagging rules. */
  ruleWorker: Poller | undefined;
  /** Pulls the session archive (keyword rules), when an archive source is configured. */
  archivePuller: Poller | undefined;
  /** Pulls 微信客服 conversations (kf/sync_msg) after kf_msg_or_event callbacks (runs when the processor does). */
  kfPuller: Poller | undefined;
  /** Counts saved segments periodically into their history (runs when the processor does). */
  segmentCounts: SegmentCountPoller | undefined;
  /** Submits mass sends' tasks and pulls their results (runs when the processor does). */
  massSends: Poller | undefined;
  /** Decides fission invites whose retention window passed and grants the tiers reached (runs when the processor does). */
  fissionScanner: Poller | undefined;
  /** The built-in WeCom emulator, when this start runs the demo corp. */
  emulator: BuiltInEmulator | undefined;
  /** The admin password generated on first start, to print once. */
  generatedAdminPassword: string | undefined;
  close(): Promise<void>;
}

export function handlerRegistry(): HandlerRegistry {
  const registry = new HandlerRegistry();
  registerContactHandlers(registry);
  registerTagHandlers(registry);
  registerGroupHandlers(registry);
  registerLiveCodeHandlers(registry);
  registerGroupCodeHandlers(registry);
  registerStoreHandlers(registry);
  registerWelcomeHandlers(registry);
  registerStageHandlers(registry);
  registerAutoTagHandlers(registry);
  registerChurnWatchHandlers(registry);
  registerKfHandlers(registry);
  registerFissionHandlers(registry);
  registerInheritanceHandlers(registry);
  return registry;
}

/** The outbox channels the dispatcher sends through. */
export function outboxChannels(): ChannelRegistry {
  const channels = new ChannelRegistry();
  registerWelcomeChannel(channels);
  registerCustomerMessageChannel(channels);
  registerGroupMessageChannel(channels);
  registerAppMessageChannel(channels);
  registerSmsChannel(channels);
  return channels;
}

/** Opens the database the config points at (starting the embedded one if needed) and migrates it. */
export async function openConfiguredDatabase(config: Config, log: Logger) {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, log);
    url = embedded.url;
  }
  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    await embedded?.stop();
    throw err;
  }
  return {
    db,
    url,
    close: async () => {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

export async function startSiyu(
  config: Config,
  opts: { log?: Logger; clock?: Clock; webDist?: string } = {},
) {
  const log = opts.log ?? createLogger(config.logLevel);
  const testClock = !opts.clock && config.testClock ? createTestClock() : undefined;
  if (testClock) log.warn("SIYU_TEST_CLOCK=on: admins can move this server's clock forward (tests only)");
  const clock = opts.clock ?? testClock ?? systemClock;
  const database = await openConfiguredDatabase(config, log);
  const secrets = createSecretBox(
    await loadOrCreateKey(config.secretKey, config.dataDir),
    config.previousSecretKeys,
  );
  const base = { db: database.db, clock, log, config, secrets, wecom: createWeComClients() };
  // Built from PostgreSQL while the server already answers (/healthz shows the progress; segment counts wait a
  // moment, then answer SEGMENTS_WARMING_UP), then kept current from the change log.
  const segments = createSegmentEngine(base, { databaseUrl: database.url });
  const ctx: Ctx = { ...base, segments };
  segments.start().catch((err) => {
    if (!(err instanceof BuildAborted)) log.error({ err }, "segment engine did not start");
  });

  const admin = await ensureAdmin(ctx, config.adminPassword);
  if (config.corpSeed) {
    const s = config.corpSeed;
    await putCorp(ctx, {
      corpId: s.corpId,
      name: s.corpId,
      secret: s.secret,
      token: s.token,
      aesKey: s.aesKey,
      apiBase: s.apiBase,
    });
  }

  // Started once WeCom is known (the built-in emulator's port is new at every start): until then, callbacks wait
  // in the inbox.
  let processor: Processor | undefined;
  const writer = createInboxWriter(ctx.db, { onCommitted: () => processor?.wake() });
  const app = await buildApp({
    ctx,
    writer,
    limiter: createLoginLimiter(ctx.db, clock),
    wakeProcessor: () => processor?.wake(),
    webDist: opts.webDist,
    ...(testClock ? { testClock } : {}),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  // With no WeCom configured, run against the built-in emulator's demo corp (SIYU_EMULATOR=off disables it).
  const useEmulator = config.emulator === "on" || (config.emulator === undefined && !config.corpSeed);
  const emulator = useEmulator ? await startBuiltInEmulator(ctx, port) : undefined;
  processor = config.processor ? startProcessor(ctx, handlerRegistry()) : undefined;
  const syncWorkers = config.processor ? startSyncWorkers(ctx) : undefined;
  const dispatcher = config.processor ? startDispatcher(ctx, outboxChannels()) : undefined;
  const liveCodeScheduler = config.processor ? startLiveCodeScheduler(ctx) : undefined;
  const stageScheduler = config.processor ? startStageScheduler(ctx) : undefined;
  const executor = config.scheduler.executor;
  // The graphile runner migrates its schema before the first scan queues a job.
  const jobRunner =
    config.processor && executor === "graphile"
      ? await startJobRunner({
          connectionString: database.url,
          concurrency: config.scheduler.concurrency,
          tasks: journeyTasks(ctx),
          log,
        })
      : undefined;
  const journeyScheduler = config.processor ? startJourneyScheduler(ctx, { executor }) : undefined;
  const sopScheduler = config.processor ? startSopScheduler(ctx) : undefined;
  const journeySegments = config.processor ? startSegmentEnroller(ctx) : undefined;
  const scenarioScanner = config.processor ? startScenarioScanner(ctx) : undefined;
  const followupScheduler = config.processor ? startFollowupScheduler(ctx) : undefined;
  const bulkAddScheduler = config.processor ? startBulkAddScheduler(ctx) : undefined;
  const inheritanceScheduler = config.processor ? startInheritanceScheduler(ctx) : undefined;
  const ruleWorker = config.processor ? startRuleWorker(ctx) : undefined;
  const momentWorker = config.processor ? startMomentWorker(ctx) : undefined;
  const segmentCounts = config.processor ? startSegmentCountPoller(ctx) : undefined;
  const kfPuller = config.processor ? startKfPuller(ctx, KF_POLL_MS) : undefined;
  const massSends = config.processor ? startMassSendWorker(ctx) : undefined;
  const fissionScanner = config.processor ? startFissionScanner(ctx) : undefined;
  const adapter = archiveAdapter(config.archiveSource ?? (useEmulator ? "emulator" : "off"));
  const archivePuller =
    config.processor && adapter ? startArchivePuller(ctx, adapter, config.archivePollMs) : undefined;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await archivePuller?.stop();
      await kfPuller?.stop();
      await app.close();
      await writer.close();
      await processor?.stop();
      await syncWorkers?.stop();
      await dispatcher?.stop();
      await liveCodeScheduler?.stop();
      await stageScheduler?.stop();
      await journeyScheduler?.stop();
      await sopScheduler?.stop();
      await scenarioScanner?.stop();
      await followupScheduler?.stop();
      await bulkAddScheduler?.stop();
      await inheritanceScheduler?.stop();
      await jobRunner?.stop();
      await journeySegments?.stop();
      await segmentCounts?.stop();
      await momentWorker?.stop();
      await massSends?.stop();
      await fissionScanner?.stop();
      // The built-in WeCom goes last of all that talk to it: a send in flight still gets its answer.
      await emulator?.close();
      await segments.stop();
      await ruleWorker?.stop();
      await database.close();
    })();
    return closing;
  };
  const running: RunningSiyu = {
    url: `http://localhost:${port}`,
    port,
    ctx,
    processor,
    dispatcher,
    liveCodeScheduler,
    stageScheduler,
    journeyScheduler,
    sopScheduler,
    scenarioScanner,
    followupScheduler,
    bulkAddScheduler,
    inheritanceScheduler,
    jobRunner,
    journeySegments,
    ruleWorker,
    momentWorker,
    archivePuller,
    kfPuller,
    segmentCounts,
    massSends,
    fissionScanner,
    emulator,
    generatedAdminPassword: admin.password,
    close,
  };
  return running;
}
