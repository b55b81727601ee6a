// Configuration, parsed once from the environment and CLI flags. Nothing else reads process.env.
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  SIYU_DATA_DIR: z.string().default(".siyu"),
  DATABASE_URL: z.string().url().optional(),
  SIYU_SECRET_KEY: z.string().optional(),
  SIYU_PREVIOUS_SECRET_KEYS: z.string().optional(),
  SIYU_ADMIN_PASSWORD: z.string().min(8, "SIYU_ADMIN_PASSWORD must be at least 8 characters").optional(),
  SIYU_WECOM_CORP_ID: z.string().optional(),
  SIYU_WECOM_SECRET: z.string().optional(),
  SIYU_WECOM_TOKEN: z.string().optional(),
  SIYU_WECOM_AES_KEY: z.string().optional(),
  SIYU_WECOM_API_BASE: z.string().url().optional(),
  SIYU_EMULATOR: z.enum(["on", "off"]).optional(),
  SIYU_PROCESSOR: z.enum(["on", "off"]).default("on"),
  SIYU_TEST_CLOCK: z.enum(["on", "off"]).default("off"),
  SIYU_PUBLIC_URL: z.string().url().optional(),
  SIYU_ARCHIVE_SOURCE: z.enum(["emulator", "bridge", "off"]).optional(),
  SIYU_ARCHIVE_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  SIYU_SMS_ADAPTER: z.enum(["log", "http"]).default("log"),
  SIYU_SMS_SIGN: z.string().max(20).optional(),
  SIYU_SMS_HTTP_URL: z.string().url().optional(),
  SIYU_SMS_HTTP_METHOD: z.enum(["POST", "PUT", "GET"]).default("POST"),
  SIYU_SMS_HTTP_HEADERS: z.string().optional(),
  SIYU_SMS_HTTP_BODY: z.string().optional(),
  SIYU_SMS_HTTP_ENCODING: z.enum(["json", "form"]).default("json"),
  SIYU_SMS_HTTP_SUCCESS_PATH: z.string().optional(),
  SIYU_SMS_HTTP_SUCCESS_VALUE: z.string().optional(),
  SIYU_SMS_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SIYU_SCHEDULER: z.enum(["inprocess", "graphile"]).default("inprocess"),
  SIYU_SCHEDULER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  SIYU_SEGMENTS_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().optional(),
});

export interface CorpSeedConfig {
  corpId: string;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
}

export interface SmsHttpConfig {
  url: string;
  method: "POST" | "PUT" | "GET";
  headers: Record<string, string>;
  /** The request body with {{phone}} {{text}} {{sign}} {{content}} {{id}} placeholders (none for GET). */
  bodyTemplate: string | null;
  /** json: placeholders are JSON-escaped inside the template's strings; form: URL-encoded. */
  encoding: "json" | "form";
  /** A dotted path in the JSON answer and the value meaning success (e.g. "code" = "0"); else any 2xx. */
  successPath: string | null;
  successValue: string | null;
  timeoutMs: number;
}

export interface SmsConfig {
  /** log: written to the log and sms_messages (the default); http: a gateway called with a request template. */
  adapter: "log" | "http";
  /** The default signature (签名), e.g. 悦享生活; a message's own sign wins. */
  sign: string | null;
  http: SmsHttpConfig | null;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Base64 or hex 32-byte key for secrets at rest; generated into the data dir when absent. */
  secretKey: string | undefined;
  previousSecretKeys: string[];
  adminPassword: string | undefined;
  corpSeed: CorpSeedConfig | undefined;
  emulator: "on" | "off" | undefined;
  processor: boolean;
  logLevel: string;
  /** Base URL customers reach Siyu at (tracked links /l/:token); default: the request's own host. */
  publicUrl: string | undefined;
  /** Where chat messages for keyword rules come from; default: the emulator feed when the built-in emulator runs. */
  archiveSource: "emulator" | "bridge" | "off" | undefined;
  /** How often the session archive is pulled besides msgaudit_notify. */
  archivePollMs: number;
  sms: SmsConfig;
  /** How long a segment count or preview waits for the engine's build before answering SEGMENTS_WARMING_UP. */
  segmentsWaitMs: number;
  /** Who executes due scheduled work (journey steps): the scanning process, or graphile-worker jobs. */
  scheduler: { executor: "inprocess" | "graphile"; concurrency: number };
  /** Tests only: Siyu's clock can be moved forward by an admin (POST /api/test-clock). Never in production. */
  testClock: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(
  env: Record<string, string | undefined>,
  flags: { port?: string | number; dataDir?: string } = {},
): Config {
  const parsed = envSchema.safeParse({
    ...env,
    PORT: flags.port ?? env.PORT,
    SIYU_DATA_DIR: flags.dataDir ?? env.SIYU_DATA_DIR,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const wecomVars = [e.SIYU_WECOM_CORP_ID, e.SIYU_WECOM_SECRET, e.SIYU_WECOM_TOKEN, e.SIYU_WECOM_AES_KEY];
  let corpSeed: CorpSeedConfig | undefined;
  if (wecomVars.some(Boolean)) {
    if (!wecomVars.every(Boolean)) {
      throw new ConfigError(
        "Set all of SIYU_WECOM_CORP_ID, SIYU_WECOM_SECRET, SIYU_WECOM_TOKEN and SIYU_WECOM_AES_KEY, or none of them.",
      );
    }
    corpSeed = {
      corpId: e.SIYU_WECOM_CORP_ID!,
      secret: e.SIYU_WECOM_SECRET!,
      token: e.SIYU_WECOM_TOKEN!,
      aesKey: e.SIYU_WECOM_AES_KEY!,
      apiBase: e.SIYU_WECOM_API_BASE ?? "https://qyapi.weixin.qq.com",
    };
  }
  return {
    sms: smsConfig(e),
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.SIYU_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secretKey: e.SIYU_SECRET_KEY,
    previousSecretKeys: (e.SIYU_PREVIOUS_SECRET_KEYS ?? "").split(",").filter(Boolean),
    adminPassword: e.SIYU_ADMIN_PASSWORD,
    corpSeed,
    emulator: e.SIYU_EMULATOR,
    processor: e.SIYU_PROCESSOR === "on",
    logLevel: e.LOG_LEVEL,
    publicUrl: e.SIYU_PUBLIC_URL?.replace(/\/$/, ""),
    archiveSource: e.SIYU_ARCHIVE_SOURCE,
    archivePollMs: e.SIYU_ARCHIVE_POLL_MS,
    segmentsWaitMs: e.SIYU_SEGMENTS_WAIT_MS,
    scheduler: { executor: e.SIYU_SCHEDULER, concurrency: e.SIYU_SCHEDULER_CONCURRENCY },
    testClock: e.SIYU_TEST_CLOCK === "on",
  };
}

function smsConfig(e: z.infer<typeof envSchema>): SmsConfig {
  let http: SmsHttpConfig | null = null;
  if (e.SIYU_SMS_ADAPTER === "http" || e.SIYU_SMS_HTTP_URL) {
    if (!e.SIYU_SMS_HTTP_URL) throw new ConfigError("SIYU_SMS_ADAPTER=http needs SIYU_SMS_HTTP_URL.");
    let headers: Record<string, string> = {};
    if (e.SIYU_SMS_HTTP_HEADERS) {
      const parsed = z.record(z.string(), z.string()).safeParse(safeJson(e.SIYU_SMS_HTTP_HEADERS));
      if (!parsed.success)
        throw new ConfigError('SIYU_SMS_HTTP_HEADERS must be a JSON object of strings, e.g. {"X-Key":"…"}.');
      headers = parsed.data;
    }
    if (e.SIYU_SMS_HTTP_METHOD !== "GET" && !e.SIYU_SMS_HTTP_BODY)
      throw new ConfigError(
        `SIYU_SMS_HTTP_METHOD=${e.SIYU_SMS_HTTP_METHOD} needs SIYU_SMS_HTTP_BODY (a template).`,
      );
    if (Boolean(e.SIYU_SMS_HTTP_SUCCESS_PATH) !== (e.SIYU_SMS_HTTP_SUCCESS_VALUE !== undefined))
      throw new ConfigError(
        "Set both SIYU_SMS_HTTP_SUCCESS_PATH and SIYU_SMS_HTTP_SUCCESS_VALUE, or neither.",
      );
    http = {
      url: e.SIYU_SMS_HTTP_URL,
      method: e.SIYU_SMS_HTTP_METHOD,
      headers,
      bodyTemplate: e.SIYU_SMS_HTTP_BODY ?? null,
      encoding: e.SIYU_SMS_HTTP_ENCODING,
      successPath: e.SIYU_SMS_HTTP_SUCCESS_PATH ?? null,
      successValue: e.SIYU_SMS_HTTP_SUCCESS_VALUE ?? null,
      timeoutMs: e.SIYU_SMS_HTTP_TIMEOUT_MS,
    };
  }
  return { adapter: e.SIYU_SMS_ADAPTER, sign: e.SIYU_SMS_SIGN ?? null, http };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
