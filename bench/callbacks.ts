// bench/callbacks: encrypted WeCom callbacks over HTTP on loopback into Siyu's durable inbox, against a plain
// Fastify endpoint that only answers 200, measured in the same run with the same load generator.
// Usage: npm run bench -- callbacks [events=40000]. Uses DATABASE_URL when set, else Siyu's embedded PostgreSQL.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sealEnvelope } from "@siyu/wecom";
import pg from "pg";
import { figure, load, type PreparedRequest } from "./_load.ts";

// Enough distinct events that Siyu cannot run out of them in `seconds` (checked: an exhausted run is an error).
const total = Number(process.argv[2] ?? 150_000);
const seconds = 8;
const root = path.resolve(import.meta.dirname, "..");
const corp = { corpId: "wwBenchCorp", secret: "bench-secret", token: "BenchToken", aesKey: "K".repeat(43) };

function spawnAndWait(
  args: string[],
  env: Record<string, string>,
  pattern: RegExp,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve({ child, url: m[1]!.replace("localhost", "127.0.0.1") });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

function prepare(n: number): PreparedRequest[] {
  const out: PreparedRequest[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < n; i++) {
    const inner =
      `<xml><ToUserName><![CDATA[${corp.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
      `<CreateTime>${now + i}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>` +
      `<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[staff${i % 60}]]></UserID>` +
      `<ExternalUserID><![CDATA[wmBench${i}]]></ExternalUserID><State><![CDATA[store-${i % 20}]]></State>` +
      `<WelcomeCode><![CDATA[WELCOME${i}]]></WelcomeCode></xml>`;
    const sealed = sealEnvelope(
      { token: corp.token, encodingAesKey: corp.aesKey, receiveId: corp.corpId },
      inner,
      {
        timestamp: String(now),
        nonce: String(i),
        agentId: "1000002",
      },
    );
    out.push({
      path: `/wecom/callback/${corp.corpId}?${new URLSearchParams({ ...sealed.query })}`,
      body: sealed.body,
    });
  }
  return out;
}

const requests = prepare(total);
const warmup = requests.slice(0, 3000); // the same events again later: stored once, answered 200

// Baseline: plain Fastify, same requests.
const baseline = await spawnAndWait(
  [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/_baseline-server.ts"],
  {},
  /baseline: (\S+)/,
);
await load(baseline.url, warmup, { seconds: 2 });
const base = await load(baseline.url, requests, { seconds, cycle: true });
await stop(baseline.child);

// Siyu, with the inbox processor off (intake alone) and then on (intake while events are processed).
async function runSiyu(processor: "on" | "off") {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-bench-"));
  let dbUrl = process.env.DATABASE_URL;
  let dropDb: (() => Promise<void>) | undefined;
  if (dbUrl) {
    const name = `siyu_bench_${process.pid}_${processor}`;
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(dbUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const env: Record<string, string> = {
    SIYU_DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    SIYU_PROCESSOR: processor,
    SIYU_ADMIN_PASSWORD: "bench-admin-pw",
    SIYU_WECOM_CORP_ID: corp.corpId,
    SIYU_WECOM_SECRET: corp.secret,
    SIYU_WECOM_TOKEN: corp.token,
    SIYU_WECOM_AES_KEY: corp.aesKey,
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
  };
  const siyu = await spawnAndWait(
    ["packages/server/bin/siyu.js", "start", "--port", "0"],
    env,
    /Siyu console: (\S+)/,
  );
  await load(siyu.url, warmup, { seconds: 2 });
  const result = await load(siyu.url, requests, { seconds });
  // Every answered event must be in the inbox (answered 200 only after its commit).
  const c = new pg.Client({ connectionString: dbUrl ?? (await embeddedUrl(dataDir)) });
  await c.connect();
  const stored = Number((await c.query("select count(*) as n from inbox_events")).rows[0].n);
  await c.end();
  const ok = result.failed === 0 && stored >= result.requests && !result.exhausted;
  if (result.exhausted)
    console.error(
      `processor ${processor}: ran out of prepared events; run with more (npm run bench -- callbacks N)`,
    );
  await stop(siyu.child);
  await dropDb?.();
  await fs.rm(dataDir, { recursive: true, force: true });
  return { ...result, ok };
}

async function embeddedUrl(dataDir: string): Promise<string> {
  const creds = JSON.parse(await fs.readFile(path.join(dataDir, "pg-credentials.json"), "utf8")) as {
    password: string;
  };
  const pid = await fs.readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8");
  return `postgres://postgres:${encodeURIComponent(creds.password)}@127.0.0.1:${pid.split("\n")[3]}/postgres`;
}

const intake = await runSiyu("off");
const withProcessing = await runSiyu("on");
console.log(
  `load: ${base.generator}, 128 connections, ${seconds} s; Siyu gets distinct encrypted add_external_contact callbacks, each sent once`,
);
console.log(
  `baseline (plain Fastify answering 200, same requests, cycled): ${base.perSecond.toFixed(0)} req/s over ${base.requests}`,
);
for (const [name, r] of [
  ["processor off", intake],
  ["processor on ", withProcessing],
] as const) {
  console.log(
    `siyu intake, ${name}: ${r.perSecond.toFixed(0)} events/s over ${r.requests}, all 200, stored, not exhausted: ${r.ok}`,
  );
}
if (!intake.ok || !withProcessing.ok) {
  console.error("some callbacks were not answered 200");
  process.exitCode = 1;
}
console.log(figure("callbacks", "events_per_s", intake.perSecond, base.perSecond));
console.log(figure("callbacks", "events_per_s_with_processing", withProcessing.perSecond, base.perSecond));
