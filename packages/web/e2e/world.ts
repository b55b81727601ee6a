// One corp on the emulator, connected to a signed-in console: the setup most browser tests share. A fresh
// database, the real `siyu start`, Debian's Chromium, an emulator whose corp calls Siyu back, the members and
// people the test asks for (`prepare`, before the first sync), then the corp added through the API and synced.
import { randomBytes } from "node:crypto";
import {
  DEMO_AES_KEY,
  DEMO_CORP_ID,
  DEMO_SECRET,
  DEMO_TOKEN,
  type EmulatorControl,
  emulatorControl,
  type RunningEmulator,
  startEmulator,
} from "@siyu/emulator";
import type { Browser, Page } from "playwright-core";
import {
  type ApiAnswer,
  createDatabase,
  launchChromium,
  pageApi,
  type RunningSiyu,
  signIn,
  startSiyu,
  syncCorp,
  type TestDatabase,
} from "./harness.ts";

export interface WorldCorp {
  corpId: string;
  /** The corp's name in Siyu. */
  name: string;
  secret: string;
  token: string;
  aesKey: string;
  /** Where Siyu calls WeCom: the emulator unless given. */
  apiBase?: string;
}

/** The emulator's demo corp (start the world with `demo`), named `name` in Siyu. */
export function demoCorp(name: string): WorldCorp {
  return { corpId: DEMO_CORP_ID, name, secret: DEMO_SECRET, token: DEMO_TOKEN, aesKey: DEMO_AES_KEY };
}

export interface ConsoleWorld {
  database: TestDatabase;
  siyu: RunningSiyu;
  emulator: RunningEmulator;
  browser: Browser;
  page: Page;
  control: EmulatorControl;
  /** An emulator people action of the corp (`add-customer`, `create-group`…). */
  people: <T = Record<string, unknown>>(action: string, body: unknown) => Promise<T>;
  /** Siyu's API with the page's session. */
  api: <T = unknown>(method: string, path: string, body?: unknown) => Promise<ApiAnswer<T>>;
  close: () => Promise<void>;
}

export async function startConsoleWorld(options: {
  /** Prefix of the test database's name. */
  name: string;
  corp: WorldCorp;
  /** The emulator's id seed (defaults to the demo's seed, else random). */
  seed?: number;
  /** The emulator's seeded demo world; `corp` is then `demoCorp(…)` and takes its callback URL. */
  demo?: { customers: number; seed?: number };
  adminPassword: string;
  /** The corp added through the API and synced (default), only added, or left for the test to add. */
  connect?: "synced" | "added" | "no";
  viewport?: { width: number; height: number };
  testClock?: boolean;
  stepTimeoutMs?: number;
  /** Members, customers and groups made in the emulator before the first sync. */
  prepare?: (world: Pick<ConsoleWorld, "control" | "people">) => Promise<void>;
}): Promise<ConsoleWorld> {
  const { corp } = options;
  const database: TestDatabase = await createDatabase(`${options.name}_${randomBytes(6).toString("hex")}`);
  let siyu: RunningSiyu | undefined;
  let browser: Browser | undefined;
  let emulator: RunningEmulator | undefined;
  const close = async () => {
    await browser?.close();
    await siyu?.stop();
    await emulator?.close();
    await database.drop();
  };
  try {
    [siyu, browser] = await Promise.all([
      startSiyu({
        databaseUrl: database.url,
        adminPassword: options.adminPassword,
        timeoutMs: 50_000,
        testClock: options.testClock,
      }),
      launchChromium(),
    ]);
    emulator = await startEmulator({
      port: 0,
      traffic: false,
      handleSignals: false,
      seed: options.seed,
      demo: options.demo,
      corps: [
        {
          corpId: corp.corpId,
          secret: corp.secret,
          token: corp.token,
          aesKey: corp.aesKey,
          callbackUrl: `${siyu.url}/wecom/callback/${corp.corpId}`,
        },
      ],
    });
    const control = emulatorControl(emulator.url);
    const people = <T = Record<string, unknown>>(action: string, body: unknown) =>
      control<T>("POST", `/_emulator/corps/${corp.corpId}/people/${action}`, body);
    await options.prepare?.({ control, people });
    const page = await browser.newPage(options.viewport ? { viewport: options.viewport } : {});
    await signIn(page, siyu.url, options.adminPassword, options.stepTimeoutMs ?? 15_000);
    const api = <T = unknown>(method: string, path: string, body?: unknown) =>
      pageApi<T>(page, method, path, body);
    const connect = options.connect ?? "synced";
    if (connect !== "no") {
      const added = await api("POST", "/api/corps", {
        corpId: corp.corpId,
        name: corp.name,
        secret: corp.secret,
        token: corp.token,
        aesKey: corp.aesKey,
        apiBase: corp.apiBase ?? emulator.url,
      });
      if (added.status >= 300) throw new Error(`the corp was refused: ${JSON.stringify(added.json)}`);
    }
    if (connect === "synced") await syncCorp(page, corp.corpId);
    return { database, siyu, emulator, browser, page, control, people, api, close };
  } catch (error) {
    await close();
    throw error;
  }
}
