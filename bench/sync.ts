// bench/sync: a full sync of a 100,000-customer corp from the WeCom emulator (in a child process, so it has its
// own core) into a real Siyu on PostgreSQL, then 1,000 simulated people actions of which 1% lose their callback,
// then a reconcile; compares Siyu with WeCom after each step. Prints the figures (time, pages/s, peak RSS of the
// Siyu process — it must not grow with the corp), then one JSON line per figure.
// DATABASE_URL (an admin URL; a scratch database is created and dropped) defaults to the local test server.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pino from "pino";
import { emulatorControl } from "../packages/emulator/src/control-client.ts";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 1000);
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function serveEmulator(): Promise<void> {
  const { startEmulator } = await import("../packages/emulator/src/index.ts");
  const emu = await startEmulator({
    demo: { seed: 1, customers: CUSTOMERS },
    seed: 104_729,
    port: 0,
    callbacks: { retryDelayMs: 10, attempts: 1 },
  });
  process.send?.({ url: emu.url });
}

function spawnEmulator(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    proc.once("message", (m) => resolve({ proc, url: (m as { url: string }).url }));
    proc.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const { DEMO_AES_KEY, DEMO_AGENT_ID, DEMO_CORP_ID, DEMO_SECRET, DEMO_TOKEN } = await import(
    "../packages/emulator/src/index.ts"
  );
  const { loadConfig } = await import("../packages/server/src/config.ts");
  const { startSiyu } = await import("../packages/server/src/server.ts");
  const { putCorp } = await import("../packages/server/src/domains/corps/corps.service.ts");
  const { startSync, countRows } = await import("../packages/server/src/domains/sync/sync.jobs.ts");
  const { refreshAllMarked } = await import("../packages/server/src/domains/customers/customers.refresh.ts");
  const { compare } = await import("../packages/server/test/sync-compare.ts");

  const dbName = `siyu_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-bench-sync-"));
  const emulator = await spawnEmulator();
  const siyu = await startSiyu(
    loadConfig({
      DATABASE_URL: dbUrl.toString(),
      SIYU_DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      SIYU_ADMIN_PASSWORD: "bench-password-1",
      SIYU_EMULATOR: "off",
    }),
    { log: pino({ level: "silent" }) },
  );
  const corpId = DEMO_CORP_ID;
  const control = emulatorControl(emulator.url);
  const appPath = `/_emulator/corps/${corpId}/apps/${DEMO_AGENT_ID}`;
  const live = `${siyu.url}/wecom/callback/${corpId}`;
  try {
    await control("PATCH", appPath, { callbackUrl: live });
    await putCorp(siyu.ctx, {
      corpId,
      name: "bench",
      secret: DEMO_SECRET,
      token: DEMO_TOKEN,
      aesKey: DEMO_AES_KEY,
      apiBase: emulator.url,
    });
    const client = await siyu.ctx.wecom.forCorp(siyu.ctx, corpId);

    // Baseline: walking every batch/get_by_user page with the same client, storing nothing (the sync's floor).
    const t0 = performance.now();
    const { follow_user } = await client.externalContact.getFollowUserList();
    let walked = 0;
    for (let i = 0; i < follow_user.length; i += 100) {
      for await (const _ of client.externalContact.iterateByUser(follow_user.slice(i, i + 100))) walked++;
    }
    const walkSeconds = (performance.now() - t0) / 1000;

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const rssBefore = process.memoryUsage().rss;
    let t = performance.now();
    const full = await (await startSync(siyu.ctx, corpId, "full")).promise;
    const fullSeconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    if (full.status !== "done") throw new Error(`full sync failed: ${full.error}`);
    const counts = await countRows(siyu.ctx, corpId);
    const afterFull = await compare(client, siyu.ctx.db, corpId);

    // People act; 1% of their callbacks go nowhere.
    const picks = await siyu.ctx.db
      .selectFrom("follow_relations")
      .select(["external_userid as e", "userid as u"])
      .where("corp_id", "=", corpId)
      .where("status", "=", "active")
      .orderBy("external_userid")
      .limit(ACTIONS)
      .execute();
    let dropped = 0;
    t = performance.now();
    for (let i = 0; i < picks.length; i++) {
      const p = picks[i]!;
      const drop = i % 100 === 50;
      if (drop) {
        dropped++;
        await control("PATCH", appPath, { callbackUrl: "http://127.0.0.1:1/nowhere" });
      }
      const people = `/_emulator/corps/${corpId}/people`;
      if (i % 3 === 0)
        await control("POST", `${people}/add-customer`, { userid: p.u, customer: { name: `新客${i}` } });
      else if (i % 3 === 1)
        await control("POST", `${people}/member-deletes-customer`, { userid: p.u, externalUserId: p.e });
      else
        await control("POST", `${people}/member-edits-customer`, {
          userid: p.u,
          externalUserId: p.e,
          remark: `备注${i}`,
        });
      if (drop) await control("PATCH", appPath, { callbackUrl: live });
    }
    await control("POST", "/_emulator/callbacks/flush");
    await siyu.processor?.drain();
    await refreshAllMarked(siyu.ctx);
    const actionsSeconds = (performance.now() - t) / 1000;
    const beforeReconcile = await compare(client, siyu.ctx.db, corpId);

    t = performance.now();
    const reconcile = await (await startSync(siyu.ctx, corpId, "reconcile")).promise;
    const reconcileSeconds = (performance.now() - t) / 1000;
    const afterReconcile = await compare(client, siyu.ctx.db, corpId);
    const equal = (d: typeof afterReconcile) => d.relations.length + d.customers.length + d.tags.length === 0;

    console.log(`customers in the emulator: ${CUSTOMERS.toLocaleString("en-US")}`);
    console.log(
      `full sync: ${fullSeconds.toFixed(1)} s, ${full.progress.pages} pages (${(full.progress.pages! / fullSeconds).toFixed(0)} pages/s), ${counts.customers.toLocaleString("en-US")} customers, ${counts.relations.toLocaleString("en-US")} relations; equal to WeCom: ${equal(afterFull)}`,
    );
    console.log(
      `baseline, fetching the same pages and storing nothing: ${walkSeconds.toFixed(1)} s for ${walked} relations`,
    );
    console.log(
      `Siyu process RSS: ${(rssBefore / 1048576).toFixed(0)} MB before, peak ${(peakRss / 1048576).toFixed(0)} MB during the sync`,
    );
    console.log(
      `${picks.length} people actions (${dropped} callbacks dropped) in ${actionsSeconds.toFixed(1)} s; differences before reconcile: ${beforeReconcile.relations.length} relations`,
    );
    console.log(
      `reconcile: ${reconcileSeconds.toFixed(1)} s, repairs ${JSON.stringify(reconcile.repairs)}; equal to WeCom: ${equal(afterReconcile)}`,
    );
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const line = (metric: string, value: number, baseline: number | null) =>
      console.log(
        JSON.stringify({
          bench: "sync",
          metric,
          value,
          baseline,
          ratio: baseline ? r2(value / baseline) : null,
        }),
      );
    // Baselines: the fetch-only walk of the same pages for the sync and the reconcile; RSS before the sync.
    line("full_sync_s", r2(fullSeconds), r2(walkSeconds));
    line("reconcile_s", r2(reconcileSeconds), r2(walkSeconds));
    line("peak_rss_mb", Math.round(peakRss / 1048576), Math.round(rssBefore / 1048576));
    line(
      "differences_after_reconcile",
      afterReconcile.relations.length + afterReconcile.customers.length + afterReconcile.tags.length,
      beforeReconcile.relations.length,
    );
    if (!equal(afterReconcile)) {
      console.error(afterReconcile);
      process.exitCode = 1;
    }
  } finally {
    await siyu.close();
    emulator.proc.kill();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--serve")) await serveEmulator();
else await main();
