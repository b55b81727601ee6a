// What the browser test runs against: a fresh PostgreSQL database, the real `siyu start` as a child
// process serving the built console, and Debian's Chromium.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Browser, chromium, type Download, type Locator, type Page } from "playwright-core";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432";
const CHROMIUM = "/usr/bin/chromium";

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

export async function createDatabase(name: string): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `${POSTGRES_URL}/${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface RunningSiyu {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

const READY = /Siyu console: (http:\/\/localhost:\d+)/;

export async function startSiyu(options: {
  databaseUrl: string;
  adminPassword: string;
  timeoutMs: number;
  /** SIYU_TEST_CLOCK=on: the test moves Siyu's clock forward with POST /api/test-clock/advance. */
  testClock?: boolean;
}): Promise<RunningSiyu> {
  if (!existsSync(path.join(REPO_ROOT, "packages/web/dist/index.html"))) {
    throw new Error("packages/web/dist is missing: build the console first (npm run build:web)");
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "siyu-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("SIYU_") || key === "PORT") delete env[key];
  Object.assign(env, {
    SIYU_ADMIN_PASSWORD: options.adminPassword,
    SIYU_DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    SIYU_EMULATOR: "off",
    ...(options.testClock ? { SIYU_TEST_CLOCK: "on" } : {}),
  });
  const child = spawn(process.execPath, ["packages/server/bin/siyu.js", "start", "--port", "0"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });

  const stop = async () => {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`siyu start printed no console URL within ${options.timeoutMs} ms:\n${output}`)),
        options.timeoutMs,
      );
      const onData = () => {
        const match = READY.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`siyu start exited (${code ?? signal}) before it was ready:\n${output}`));
      });
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's browser with "apt-get install -y chromium"`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface ApiAnswer<T> {
  status: number;
  json: T;
}

/** Calls Siyu's API from inside the page, with the signed-in session's cookie and CSRF token. */
export function pageApi<T = unknown>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.match(/(?:^|;\s*)siyu_csrf=([^;]*)/)?.[1];
      const response = await fetch(path, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf ?? "") },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    { method, path, body },
  ) as Promise<ApiAnswer<T>>;
}

/** Signs in as admin through the login form and waits for the dashboard. */
export async function signIn(page: Page, url: string, password: string, timeout = 15_000): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(/\/dashboard$/, { timeout });
}

/** Runs a full sync of the corp and waits until it is done (throws if it fails or takes over 90 s). */
export async function syncCorp(page: Page, corpId: string): Promise<void> {
  const started = await pageApi(page, "POST", `/api/corps/${corpId}/sync`, { kind: "full" });
  if (started.status >= 300) throw new Error(`sync refused: ${JSON.stringify(started.json)}`);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { json } = await pageApi<{ runs: { status: string }[] }>(page, "GET", `/api/corps/${corpId}/sync`);
    const status = json.runs[0]?.status;
    if (status === "done") return;
    if (status === "failed" || Date.now() > deadline)
      throw new Error(`sync did not finish: ${JSON.stringify(json)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Picks a member in a member picker: types `typed` (the userid) and chooses the option that offers `choose`. */
export async function pickMember(
  page: Page,
  picker: Locator,
  typed: string,
  choose = typed,
  timeout = 15_000,
): Promise<void> {
  // What the select shows as chosen: one more item with `choose` once the pick took.
  const chosen = picker
    .locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]")
    .locator(".ant-select-content-has-value, .ant-select-selection-item")
    .filter({ hasText: choose });
  const before = await chosen.count();
  for (let attempt = 1; ; attempt++) {
    await picker.click();
    await picker.fill(typed);
    const option = page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: choose })
      .first();
    await option.waitFor({ state: "visible", timeout });
    await option.click();
    // A search answer landing during the click re-renders the list under the pointer and the click is lost (seen
    // on a loaded machine): the pick is checked and made again.
    const took = await chosen
      .nth(before)
      .waitFor({ state: "attached", timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (took) return;
    if (attempt === 3) throw new Error(`picking "${choose}" after typing "${typed}" did not take, 3 times`);
  }
}

/** The intrinsic width of an image (0 until it has loaded). */
export function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((img) => (img as HTMLImageElement).naturalWidth);
}

/** Saves a segment of the corp, retried while the segment engine warms up after the sync. */
export async function saveSegment(
  page: Page,
  corpId: string,
  segment: { name: string; text?: string; expr?: unknown },
): Promise<{ id: string; lastCount: number }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await pageApi<{ id: string; lastCount: number }>(
      page,
      "POST",
      `/api/corps/${corpId}/segments?lang=zh`,
      segment,
    );
    if (r.status === 201 || r.status === 200) return r.json;
    if (r.status !== 503 || Date.now() > deadline)
      throw new Error(`segment refused: ${JSON.stringify(r.json)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Clicks what starts a download and returns the download. */
export async function download(page: Page, trigger: Locator, timeout = 15_000): Promise<Download> {
  const [started] = await Promise.all([page.waitForEvent("download", { timeout }), trigger.click()]);
  return started;
}
