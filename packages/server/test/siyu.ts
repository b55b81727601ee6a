// Starts a real Siyu (HTTP on an ephemeral port, fresh database) for a test file.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import type { Clock } from "../src/lib/clock.ts";
import { type RunningSiyu, startSiyu } from "../src/server.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export interface TestSiyu extends RunningSiyu {
  database: TestDatabase;
  stop(): Promise<void>;
}

export async function startTestSiyu(
  opts: { env?: Record<string, string>; clock?: Clock; processor?: boolean } = {},
): Promise<TestSiyu> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-test-data-"));
  const config = loadConfig({
    DATABASE_URL: database.url,
    SIYU_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    SIYU_ADMIN_PASSWORD: "admin-password-1",
    SIYU_PROCESSOR: opts.processor === false ? "off" : "on",
    SIYU_EMULATOR: "off",
    ...opts.env,
  });
  const siyu = await startSiyu(config, {
    log: pino({ level: process.env.TEST_LOG ?? "silent" }),
    clock: opts.clock,
  });
  return {
    ...siyu,
    database,
    async stop() {
      await siyu.close();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in as the admin and returns headers for cookie-authenticated requests (with the CSRF header). */
export async function adminSession(
  url: string,
  password = "admin-password-1",
): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const csrf = cookies.find((c) => c.startsWith("siyu_csrf="))!.slice("siyu_csrf=".length);
  return { cookie: cookies.join("; "), "x-csrf-token": csrf };
}
