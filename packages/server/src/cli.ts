// The `siyu` command line: start the server, migrate, manage corps and API tokens.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import type { Logger } from "pino";
import { ConfigError, loadConfig } from "./config.ts";
import type { Ctx } from "./context.ts";
import { MigrationError } from "./db/database.ts";
import { createApiToken } from "./domains/auth/auth.service.ts";
import { addCorp, listCorps } from "./domains/corps/corps.service.ts";
import { createWeComClients } from "./domains/corps/wecom-clients.ts";
import { runOrdersImport } from "./domains/orders/orders.cli.ts";
import { createSegmentEngine, type SegmentEngine } from "./domains/segments/engine/index.ts";
import { runSyncCommand } from "./domains/sync/sync.cli.ts";
import { systemClock } from "./lib/clock.ts";
import { AppError } from "./lib/errors.ts";
import { createSecretBox, loadOrCreateKey } from "./lib/secret-box.ts";
import { createLogger, openConfiguredDatabase, startSiyu } from "./server.ts";

interface GlobalFlags {
  dataDir?: string;
}

/** Runs fn with a migrated database and a context, then closes everything. */
async function withContext<T>(flags: GlobalFlags, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { dataDir: flags.dataDir });
  const log: Logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const database = await openConfiguredDatabase(config, log);
  let segments: SegmentEngine | undefined;
  try {
    const secrets = createSecretBox(
      await loadOrCreateKey(config.secretKey, config.dataDir),
      config.previousSecretKeys,
    );
    const base = { db: database.db, clock: systemClock, log, config, secrets, wecom: createWeComClients() };
    // Not started: it builds on first use only, so commands that never count segments pay nothing.
    segments = createSegmentEngine(base, { databaseUrl: database.url });
    return await fn({ ...base, segments });
  } finally {
    await segments?.stop();
    await database.close();
  }
}

const program = new Command();
program
  .name("siyu")
  .description("Siyu (私域): an open-source WeCom SCRM")
  .option(
    "--data-dir <dir>",
    "where the embedded database and keys live (env SIYU_DATA_DIR, default ./.siyu)",
  )
  .showHelpAfterError("(run with --help for usage)");

program
  .command("start")
  .description("start the server and console (embedded PostgreSQL unless DATABASE_URL is set)")
  .option("-p, --port <port>", "HTTP port (env PORT, default 3000; 0 picks a free one)")
  .option("--data-dir <dir>", "data directory (env SIYU_DATA_DIR, default ./.siyu)")
  .action(async (opts: { port?: string; dataDir?: string }) => {
    const config = loadConfig(process.env, {
      port: opts.port,
      dataDir: opts.dataDir ?? program.opts<GlobalFlags>().dataDir,
    });
    const siyu = await startSiyu(config);
    if (siyu.generatedAdminPassword) {
      console.log(
        `Admin account created: admin / ${siyu.generatedAdminPassword}  (shown once; keep it safe)`,
      );
    }
    if (siyu.emulator) {
      console.log(
        `WeCom emulator: ${siyu.emulator.url} (demo corp ${siyu.emulator.corpId}; SIYU_EMULATOR=off to disable)`,
      );
    }
    console.log(`Siyu console: ${siyu.url}`);
    const stop = async (signal: string) => {
      siyu.ctx.log.info({ signal }, "shutting down");
      await siyu.close();
      process.exit(0);
    };
    // A second stop signal within a second is the same request arriving twice (from the terminal and from
    // `npm start`'s launcher); one later than that, while shutting down, stops at once.
    let stopping = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping === 0) {
        stopping = Date.now();
        void stop(signal);
      } else if (Date.now() - stopping > 1_000) process.exit(130);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });

program
  .command("emulator")
  .description("run the WeCom emulator on its own (same flags as siyu-emulator; try `siyu emulator --help`)")
  .allowUnknownOption()
  .helpOption(false)
  .argument("[args...]")
  .action((args: string[]) => {
    const bin = fileURLToPath(new URL("../../emulator/bin/siyu-emulator.js", import.meta.url));
    const r = spawnSync(process.execPath, [bin, ...args], { stdio: "inherit" });
    process.exit(r.status ?? 1);
  });

const db = program.command("db").description("database maintenance");
db.command("migrate")
  .description("apply pending migrations (also done on every start)")
  .action(async () => {
    await withContext(program.opts<GlobalFlags>(), async () => undefined);
    console.log("Database is up to date.");
  });

const corp = program.command("corp").description("manage corps (WeCom tenants)");
corp
  .command("add")
  .description("add a corp with its self-built app credentials")
  .requiredOption("--corp-id <id>", "CorpID")
  .requiredOption("--secret <secret>", "the customer-contact app's secret")
  .requiredOption("--token <token>", "callback Token")
  .requiredOption("--aes-key <key>", "callback EncodingAESKey (43 characters)")
  .option("--name <name>", "display name (defaults to the corp id)")
  .option(
    "--api-base <url>",
    "WeCom API base URL (an emulator's URL in tests)",
    "https://qyapi.weixin.qq.com",
  )
  .action(
    async (o: {
      corpId: string;
      secret: string;
      token: string;
      aesKey: string;
      name?: string;
      apiBase: string;
    }) => {
      const view = await withContext(program.opts<GlobalFlags>(), (ctx) =>
        addCorp(ctx, {
          corpId: o.corpId,
          name: o.name ?? o.corpId,
          secret: o.secret,
          token: o.token,
          aesKey: o.aesKey,
          apiBase: o.apiBase,
        }),
      );
      console.log(`Added corp ${view.corpId}. Callback URL path: /wecom/callback/${view.corpId}`);
    },
  );
corp
  .command("list")
  .description("list corps")
  .action(async () => {
    const corps = await withContext(program.opts<GlobalFlags>(), listCorps);
    if (corps.length === 0) console.log("No corps yet. Add one with: siyu corp add --help");
    for (const c of corps) console.log(`${c.corpId}\t${c.name}\t${c.apiBase}`);
  });

program
  .command("sync")
  .description("sync customers, tags, groups and the directory from WeCom, printing progress")
  .option("--corp <id>", "only this corp (default: every corp)")
  .option("--reconcile", "compare with WeCom and repair differences (reports what it repaired)")
  .action(async (o: { corp?: string; reconcile?: boolean }) => {
    const ok = await withContext(program.opts<GlobalFlags>(), (ctx) => runSyncCommand(ctx, o, console.log));
    if (!ok) process.exit(1);
  });

const orders = program.command("orders").description("e-commerce orders");
orders
  .command("import")
  .description("import orders from a CSV or XLSX export (encoding and format are detected)")
  .argument("<file>", "the export file")
  .requiredOption("--corp <id>", "the corp the orders belong to")
  .requiredOption(
    "--preset <name>",
    "taobao, taobao-items, youzan, youzan-items, douyin, xiaoe, or generic (with --mapping)",
  )
  .option(
    "--mapping <json>",
    'for generic: {"columns":{"orderNo":"单号","amount":"金额","orderedAt":"时间"}}',
  )
  .action(async (file: string, o: { corp: string; preset: string; mapping?: string }) => {
    const ok = await withContext(program.opts<GlobalFlags>(), (ctx) =>
      runOrdersImport(ctx, file, o, { print: console.log, tty: Boolean(process.stdout.isTTY) }),
    );
    if (!ok) process.exit(1);
  });

const token = program.command("token").description("manage API tokens");
token
  .command("create")
  .description("create an API token for the admin account (printed once)")
  .requiredOption("--name <name>", "what the token is for")
  .action(async (o: { name: string }) => {
    const created = await withContext(program.opts<GlobalFlags>(), async (ctx) => {
      const admin = await ctx.db
        .selectFrom("users")
        .select("id")
        .where("role", "=", "admin")
        .orderBy("id")
        .executeTakeFirst();
      if (!admin) throw new AppError("NOT_FOUND", "no admin account yet; run `siyu start` once first");
      return createApiToken(ctx, admin.id, o.name);
    });
    console.log(created.token);
  });

function explain(err: unknown): string {
  if (err instanceof ConfigError || err instanceof MigrationError) return err.message;
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err && typeof err === "object" && "issues" in err) {
    return `Invalid input: ${(err as { issues: Array<{ path: unknown[]; message: string }> }).issues
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ")}`;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "EADDRINUSE")
    return "The port is already in use: pass --port <other> or stop the other server.";
  if (e?.code === "ECONNREFUSED")
    return "Cannot reach PostgreSQL: check DATABASE_URL, or unset it to use the embedded database.";
  return e instanceof Error ? e.message : String(err);
}

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  console.error(`siyu: ${explain(err)}`);
  process.exit(1);
}
