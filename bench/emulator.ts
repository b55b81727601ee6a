// bench/emulator: the WeCom emulator must not be the bottleneck of Siyu's benchmarks. Starts the emulator
// (in a child process, so it has its own core) with a 100,000-customer demo world, then measures from this
// process over loopback: seeding time, gettoken, paging every customer through batch/get_by_user, and the
// rate of a simple API call — each against a plain Fastify endpoint that only answers 200, measured in the
// same run. Prints the figures, then one JSON line per figure.
import { type ChildProcess, fork } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const SIMPLE_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30_000);
const CONCURRENCY = 64;

// ---- child side: serve the emulator or the baseline -------------------------------------------------

async function serve(kind: string): Promise<void> {
  if (kind === "emulator") {
    const { startEmulator } = await import("../packages/emulator/src/index.ts");
    const started = performance.now();
    const emu = await startEmulator({ demo: { seed: 1, customers: CUSTOMERS }, port: 0 });
    const seedMs = performance.now() - started;
    process.send?.({ port: emu.port, seedMs, rssMb: process.memoryUsage().rss / 1048576 });
  } else {
    const Fastify = (await import("fastify")).default;
    const app = Fastify({ logger: false });
    app.get("/*", async () => ({ errcode: 0, errmsg: "ok" }));
    app.post("/*", async () => ({ errcode: 0, errmsg: "ok" }));
    await app.listen({ port: 0, host: "127.0.0.1" });
    const addr = app.server.address();
    process.send?.({ port: typeof addr === "object" && addr ? addr.port : 0, seedMs: 0, rssMb: 0 });
  }
}

// ---- parent side -----------------------------------------------------------------------------------

interface Child {
  proc: ChildProcess;
  port: number;
  seedMs: number;
  rssMb: number;
}

function spawnServer(kind: string): Promise<Child> {
  const proc = fork(fileURLToPath(import.meta.url), ["--serve", kind], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    proc.once("message", (m) => resolve({ proc, ...(m as Omit<Child, "proc">) }));
    proc.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function patch(port: number, path: string, body: unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "PATCH",
        path,
        agent,
        headers: { "content-type": "application/json" },
      },
      (res) => res.resume().on("end", resolve),
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

function call(
  port: number,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: payload
          ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>);
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** A bounded loop: `total` requests, `concurrency` in flight; returns requests/s and failures. */
async function load(total: number, concurrency: number, send: () => Promise<Record<string, unknown>>) {
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const res = await send();
      if (res.errcode !== 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: total / seconds, seconds, failed };
}

async function main(): Promise<void> {
  const baseline = await spawnServer("baseline");
  const emulator = await spawnServer("emulator");
  const { DEMO_CORP_ID, DEMO_SECRET } = await import("../packages/emulator/src/index.ts");
  try {
    // Lift the per-API frequency limits (10,000/min per corp and 20,000/min per IP by default) so the bench
    // measures throughput rather than 45009s.
    await patch(emulator.port, "/_emulator/limits", { ipPerMinute: 1e9, ipPerHour: 1e9 });
    await patch(emulator.port, `/_emulator/corps/${DEMO_CORP_ID}/settings`, {
      rateLimitPerMinute: 1e9,
      rateLimitPerHour: 1e9,
    });

    // gettoken (sequential), against the baseline's sequential rate.
    const gettokenPath = `/cgi-bin/gettoken?corpid=${DEMO_CORP_ID}&corpsecret=${DEMO_SECRET}`;
    const tokenRes = await call(emulator.port, "GET", gettokenPath);
    const token = String(tokenRes.access_token);
    const gettoken = await load(2000, 1, () => call(emulator.port, "GET", gettokenPath));
    const sequentialBase = await load(2000, 1, () => call(baseline.port, "GET", gettokenPath));

    // Page every customer of every follower through batch/get_by_user (limit 100).
    const followers = (
      await call(emulator.port, "GET", `/cgi-bin/externalcontact/get_follow_user_list?access_token=${token}`)
    ).follow_user as string[];
    const syncStarted = performance.now();
    let cursor = "";
    let pages = 0;
    let rows = 0;
    do {
      const page = await call(
        emulator.port,
        "POST",
        `/cgi-bin/externalcontact/batch/get_by_user?access_token=${token}`,
        {
          userid_list: followers.slice(0, 100),
          cursor,
          limit: 100,
        },
      );
      if (page.errcode !== 0) throw new Error(`get_by_user failed: ${JSON.stringify(page)}`);
      rows += (page.external_contact_list as unknown[]).length;
      cursor = String(page.next_cursor);
      pages++;
    } while (cursor);
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    const pageBase = await load(pages, 1, () =>
      call(baseline.port, "POST", "/cgi-bin/externalcontact/batch/get_by_user", {
        userid_list: followers.slice(0, 100),
        cursor: "",
        limit: 100,
      }),
    );

    // A simple request at concurrency 64.
    const simplePath = `/cgi-bin/externalcontact/get_follow_user_list?access_token=${token}`;
    await load(2000, CONCURRENCY, () => call(emulator.port, "GET", simplePath)); // warm-up
    await load(2000, CONCURRENCY, () => call(baseline.port, "GET", simplePath));
    const simple = await load(SIMPLE_REQUESTS, CONCURRENCY, () => call(emulator.port, "GET", simplePath));
    const simpleBase = await load(SIMPLE_REQUESTS, CONCURRENCY, () => call(baseline.port, "GET", simplePath));

    const pagesPerSecond = pages / syncSeconds;
    console.log(
      `emulator bench — ${CUSTOMERS.toLocaleString("en")} customers, ${followers.length} followers, loopback`,
    );
    console.log(
      `  seed demo world      ${emulator.seedMs.toFixed(0)} ms (rss ${emulator.rssMb.toFixed(0)} MB)`,
    );
    console.log(
      `  gettoken             ${gettoken.perSecond.toFixed(0)} /s sequential  (baseline ${sequentialBase.perSecond.toFixed(0)} /s)`,
    );
    console.log(
      `  batch/get_by_user    ${pages} pages, ${rows.toLocaleString("en")} rows in ${syncSeconds.toFixed(2)} s = ${pagesPerSecond.toFixed(0)} pages/s (baseline ${pageBase.perSecond.toFixed(0)} /s)`,
    );
    console.log(
      `  simple request       ${simple.perSecond.toFixed(0)} /s at ${CONCURRENCY} in flight, ${simple.failed} failed  (plain Fastify ${simpleBase.perSecond.toFixed(0)} /s)`,
    );
    console.log(`  target ≥ 5,000 simple requests/s: ${simple.perSecond >= 5000 ? "met" : "NOT met"}`);
    if (rows < CUSTOMERS)
      console.log(`  note: ${CUSTOMERS - rows} customers belong to members who are not followers (resigned)`);

    const line = (metric: string, value: number, base: number | null) =>
      console.log(
        JSON.stringify({
          bench: "emulator",
          metric,
          value: Math.round(value * 100) / 100,
          baseline: base === null ? null : Math.round(base * 100) / 100,
          ratio: base === null ? null : Math.round((value / base) * 1000) / 1000,
        }),
      );
    line("requests_per_s", simple.perSecond, simpleBase.perSecond);
    line("gettoken_per_s", gettoken.perSecond, sequentialBase.perSecond);
    line("get_by_user_pages_per_s", pagesPerSecond, pageBase.perSecond);
    line("get_by_user_full_sync_s", syncSeconds, null);
    line("seed_100k_ms", emulator.seedMs, null);
  } finally {
    agent.destroy();
    baseline.proc.kill();
    emulator.proc.kill();
  }
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt >= 0) await serve(process.argv[serveAt + 1] ?? "");
else await main();
