// The `siyu` command as a user runs it: help, a fresh start on the embedded PostgreSQL with the built-in
// emulator's demo corp, a simulated customer reaching Siyu through an encrypted callback, clean shutdown, restart.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { WeComClient } from "@siyu/wecom";
import { afterAll, describe, expect, it } from "vitest";

const bin = path.resolve(import.meta.dirname, "../bin/siyu.js");
/** What `npm start` runs. */
const launcher = path.resolve(import.meta.dirname, "../../../scripts/start.mjs");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "siyu-cli-"));
const children: ChildProcess[] = [];
/** The demo corp and admin password of the first start, for the later tests on the same data. */
let demo: { password: string; corpId: string } | undefined;

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith("SIYU_") || k === "DATABASE_URL" || k === "PORT") delete env[k];
  return { ...env, LOG_LEVEL: "warn", ...extra };
}

function start(
  command = [bin, "start"],
  opts: { detached?: boolean } = {},
): Promise<{ child: ChildProcess; out: () => string; url: string }> {
  const child = spawn(process.execPath, [...command, "--port", "0", "--data-dir", dataDir], {
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    ...opts,
  });
  children.push(child);
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Siyu console: (\S+)/.exec(out);
      if (m) resolve({ child, out: () => out, url: m[1]! });
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`siyu exited (${code}): ${out}`)));
  });
}

const exited = (c: ChildProcess) =>
  new Promise<number | null>((r) =>
    c.exitCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code)),
  );

async function login(url: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  expect(res.status).toBe(200);
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

describe("siyu CLI", () => {
  it("explains itself", () => {
    const help = spawnSync(process.execPath, [bin, "--help"], { env: cleanEnv(), encoding: "utf8" });
    expect(help.status).toBe(0);
    for (const cmd of ["start", "db", "corp", "token", "emulator"]) expect(help.stdout).toContain(cmd);
    const startHelp = spawnSync(process.execPath, [bin, "start", "--help"], {
      env: cleanEnv(),
      encoding: "utf8",
    });
    expect(startHelp.stdout).toContain("--port");
    expect(startHelp.stdout).toContain("--data-dir");
    const emulatorHelp = spawnSync(process.execPath, [bin, "emulator", "--help"], {
      env: cleanEnv(),
      encoding: "utf8",
    });
    expect(emulatorHelp.status).toBe(0);
    expect(emulatorHelp.stdout).toContain("--demo");
    const bad = spawnSync(process.execPath, [bin, "corp", "add", "--corp-id", "x"], {
      env: cleanEnv(),
      encoding: "utf8",
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/required option/);
  });

  it("starts fresh on the embedded database with the demo corp, takes a callback, stops cleanly, restarts", async () => {
    const first = await start();
    const password = /Admin account created: admin \/ (\S+)/.exec(first.out())?.[1];
    expect(password).toBeTruthy();
    expect(first.out()).toMatch(/WeCom emulator: http:\/\/127\.0\.0\.1:\d+ \(demo corp (\w+)/);
    const emulatorUrl = /WeCom emulator: (\S+)/.exec(first.out())![1]!;
    const corpId = /demo corp (\w+)/.exec(first.out())![1]!;

    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const healthBody = await health.json();
    expect(healthBody).toMatchObject({ status: "ok", database: "ok" });
    // The segment engine's memory figures (the demo corp's customers are synced right after start).
    expect(healthBody.segments.rssBytes).toBeGreaterThan(healthBody.segments.bitmapBytes);
    expect(healthBody.segments.customers).toBeGreaterThanOrEqual(0);

    const session = await login(first.url, password!);
    const corps = (await (await fetch(`${first.url}/api/corps`, { headers: session })).json()) as {
      items: Array<{ corpId: string; apiBase: string }>;
    };
    expect(corps.items).toEqual([expect.objectContaining({ corpId, apiBase: emulatorUrl })]);

    // A customer adds a demo staff member in the emulator; WeCom's callback reaches Siyu and is processed.
    const client = new WeComClient({ baseUrl: emulatorUrl, corpId, secret: "siyu-demo-secret" });
    const staff = await client.request<{ follow_user: string[] }>(
      "GET",
      "/cgi-bin/externalcontact/get_follow_user_list",
    );
    const before = (await (await fetch(`${first.url}/api/dashboard`, { headers: session })).json()) as {
      inbox: { processed: number };
    };
    const add = await fetch(`${emulatorUrl}/_emulator/corps/${corpId}/people/add-customer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userid: staff.follow_user[0], customer: { name: "王小美" } }),
    });
    expect(add.status).toBe(200);
    let processed = before.inbox.processed;
    for (let i = 0; i < 100 && processed <= before.inbox.processed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const d = (await (await fetch(`${first.url}/api/dashboard`, { headers: session })).json()) as {
        inbox: { processed: number };
      };
      processed = d.inbox.processed;
    }
    expect(processed).toBeGreaterThan(before.inbox.processed);

    // The demo corp's customers were synced on this first start.
    let customers = 0;
    for (let i = 0; i < 150 && customers < 5; i++) {
      const page = (await (
        await fetch(`${first.url}/api/customers?corpId=${corpId}&limit=5`, { headers: session })
      ).json()) as {
        items?: unknown[];
      };
      customers = page.items?.length ?? 0;
      if (customers < 5) await new Promise((r) => setTimeout(r, 200));
    }
    expect(customers).toBe(5);

    first.child.kill("SIGTERM");
    expect(await exited(first.child)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false); // PostgreSQL stopped too

    const second = await start();
    expect(second.out()).not.toContain("Admin account created");
    await login(second.url, password!);
    demo = { password: password!, corpId };
    second.child.kill("SIGINT");
    expect(await exited(second.child)).toBe(0);
  }, 90_000);

  it("`npm start` stops cleanly whether the stop signal reaches its launcher alone or the whole group", async () => {
    const pidFile = path.join(dataDir, "pg", "postmaster.pid");
    // A service manager or `kill <pid>`: only the launcher's process gets SIGTERM.
    const alone = await start([launcher]);
    alone.child.kill("SIGTERM");
    expect(await exited(alone.child)).toBe(0);
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(await fetch(`${alone.url}/healthz`).catch(() => "refused")).toBe("refused");

    // Ctrl-C in a terminal: every process of the group gets SIGINT, Siyu also its launcher's copy — one stop, in
    // order: its PostgreSQL, in a group of its own, is stopped last, under no worker's feet.
    const group = await start([launcher], { detached: true });
    // The first one was stopped while sending the demo's first messages: none failed for want of its built-in
    // WeCom, which stops after everything that talks to it.
    if (!demo) throw new Error("the first start did not run");
    const session = await login(group.url, demo.password);
    for (const status of ["failed", "unknown"]) {
      const res = await fetch(`${group.url}/api/corps/${demo.corpId}/outbox?status=${status}`, {
        headers: session,
      });
      expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    }
    process.kill(-group.child.pid!, "SIGINT");
    expect(await exited(group.child)).toBe(0);
    expect(group.out()).not.toMatch(/terminating connection|Connection terminated|shutting down/);
    expect(fs.existsSync(pidFile)).toBe(false);
  }, 90_000);
});
