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
  SIYU_PUBLIC_URL: z.string().url().optional(),
  SIYU_ARCHIVE_SOURCE: z.enum(["emulator", "bridge", "off"]).optional(),
  SIYU_ARCHIVE_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
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
  };
}
