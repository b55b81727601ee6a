// bench/send-plan: planning a mass send to a 1,000,000-customer segment across 24,000 senders, with the send gate's
// rules applied (receive quota with 10% of customers already reached today, quiet hours, 2.5% of senders restricted
// or banned, 1% opted out, 5% with active windows, 200 sensitive words): the audience from the segment engine, each
// customer's sender, the facts in bulk, the gate in memory, the tasks. Measured in the same run against a
// straightforward planner on a sample of recipients, extrapolated: per recipient, one query for the sender and the
// gate's own per-message facts loading (loadGateFacts for that one message), as a loop over submit-like calls would.
// Usage: npm run bench -- send-plan. SEND_PLAN_CUSTOMERS (default 1,000,000), SEND_PLAN_SENDERS (24,000),
// SEND_PLAN_BASELINE_SAMPLE (2,000); SEND_PLAN_KEEP_DB=1 keeps the generated database for another run.
import os from "node:os";
import pg from "pg";
import pino from "pino";
import type { Ctx } from "../packages/server/src/context.ts";
import { migrateToLatest, openDatabase } from "../packages/server/src/db/database.ts";
import {
  loadAudience,
  planAudience,
  refusedRows,
} from "../packages/server/src/domains/mass-sends/mass-sends.plan.ts";
import { insertRefused } from "../packages/server/src/domains/mass-sends/mass-sends.repository.ts";
import { createSegmentEngine } from "../packages/server/src/domains/segments/engine/index.ts";
import { loadGateFacts } from "../packages/server/src/domains/send-gate/gate-facts.ts";
import { sendGate } from "../packages/server/src/domains/send-gate/send-gate.ts";
import { admin, dbUrl, log, MiB, timedQuery } from "./_pg.ts";

const N = Number(process.env.SEND_PLAN_CUSTOMERS ?? 1_000_000);
const SENDERS = Number(process.env.SEND_PLAN_SENDERS ?? 24_000);
const SAMPLE = Number(process.env.SEND_PLAN_BASELINE_SAMPLE ?? 2_000);
const KEEP = process.env.SEND_PLAN_KEEP_DB === "1";
const CORP = "wwBenchPlan";
const DB_NAME = `siyu_bench_send_plan_${N}_${SENDERS}`;
// 11:00 in China on a Tuesday: outside the default quiet hours (22:00–08:00), which are still checked.
const NOW = new Date("2026-11-24T03:00:00Z");
const url = dbUrl(DB_NAME);

async function ready(): Promise<boolean> {
  const exists = await admin((c) => c.query("select 1 from pg_database where datname = $1", [DB_NAME]));
  if (exists.rowCount === 0) return false;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query("select 1 from bench_meta")).rowCount === 1;
  } catch {
    return false;
  } finally {
    await c.end();
  }
}

async function generate() {
  log(`generating ${N.toLocaleString()} customers and ${SENDERS.toLocaleString()} senders in ${DB_NAME}`);
  await admin(async (c) => {
    await c.query(`drop database if exists ${DB_NAME} with (force)`);
    await c.query(`create database ${DB_NAME}`);
  });
  const db = openDatabase(url, { max: 2 });
  await migrateToLatest(db);
  await db.destroy();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = timedQuery(c);
  await q("set session_replication_role = replica"); // no change-log triggers: a snapshot
  await q("select setseed(0.42)");
  await q(`insert into corps (corp_id, name, api_base, secret_enc, token_enc, aes_key_enc)
    values ('${CORP}', 'bench', 'http://127.0.0.1:1', 'x', 'x', 'x')`);
  await q(
    `insert into members (corp_id, userid, name, customer_contact)
    select '${CORP}', 'u' || g, '员工' || g, true from generate_series(0, ${SENDERS - 1}) g`,
    "members",
  );
  await q(
    `insert into customers (corp_id, external_userid, name)
    select '${CORP}', 'wm' || g, '' from generate_series(1, ${N}) g`,
    "customers",
  );
  await q(
    `insert into follow_relations (corp_id, external_userid, userid, status, added_at)
    select '${CORP}', 'wm' || g, 'u' || (g % ${SENDERS}), 'active',
      timestamptz '2024-01-01' + random() * interval '1000 days'
    from generate_series(1, ${N}) g`,
    "follow relations",
  );
  await q(
    `insert into follow_relations (corp_id, external_userid, userid, status, added_at)
    select '${CORP}', 'wm' || g, 'u' || ((g * 7 + 3) % ${SENDERS}), 'active',
      timestamptz '2024-01-01' + random() * interval '1000 days'
    from generate_series(1, ${N}) g where g % 5 = 0 on conflict do nothing`,
    "second relations",
  );
  await q(
    `insert into recipient_touches (corp_id, recipient, planner, touched_at)
    select '${CORP}', 'wm' || g, 'mass-send:0', timestamptz '${NOW.toISOString()}' - interval '1 hour'
    from generate_series(1, ${N}) g where g % 10 = 3`,
    "touches today (10%)",
  );
  await q(
    `insert into recipient_touches (corp_id, recipient, planner, touched_at)
    select '${CORP}', 'wm' || g, 'journey:1', timestamptz '${NOW.toISOString()}' - interval '3 days'
    from generate_series(1, ${N}) g where g % 4 = 1`,
    "touches this week (25%)",
  );
  await q(
    `insert into opt_outs (corp_id, external_userid, source, opted_out_at)
    select '${CORP}', 'wm' || g, 'chat', now() from generate_series(1, ${N}) g where g % 100 = 7`,
    "opt-outs (1%)",
  );
  await q(
    `insert into customer_send_windows (corp_id, external_userid, start_minute, end_minute, source)
    select '${CORP}', 'wm' || g, 1140, 1320, 'bench' from generate_series(1, ${N}) g where g % 20 = 11`,
    "active windows (5%)",
  );
  await q(
    `insert into sender_restrictions (corp_id, userid, state, since, until, source)
    select '${CORP}', 'u' || g, case when g % 5 = 0 then 'member_banned' else 'limited' end, now(),
      case when g % 5 = 0 then null else timestamptz '${NOW.toISOString()}' + interval '2 days' end, 'manual'
    from generate_series(0, ${SENDERS - 1}) g where g % 40 = 9`,
    "sender restrictions (2.5%)",
  );
  await q(
    `insert into sensitive_words (corp_id, word) select '${CORP}', '禁词' || g from generate_series(1, 200) g`,
  );
  await q(`insert into saved_segments (corp_id, name, expr, created_at, updated_at)
    values ('${CORP}', 'everyone', '{"term":"added","from":"2000-01-01T00:00:00Z"}', now(), now())`);
  await q("set session_replication_role = origin");
  for (const t of ["customers", "follow_relations", "recipient_touches", "opt_outs", "customer_send_windows"])
    await q(`vacuum (analyze) ${t}`);
  await q("create table bench_meta (n bigint)");
  await q(`insert into bench_meta values (${N})`);
  await c.end();
}

if (!(await ready())) await generate();
else log(`reusing ${DB_NAME}`);

const db = openDatabase(url, { max: 8 });
await migrateToLatest(db); // a kept database gets migrations added since it was generated
const logger = pino({ level: "warn" });
const clock = { now: () => NOW.getTime() };
const segments = createSegmentEngine({ db, log: logger, clock });
await segments.start();
const ctx = { db, clock, log: logger, segments, config: { segmentsWaitMs: 600_000 } } as unknown as Ctx;
const segmentId = (
  await db.selectFrom("saved_segments").select("id").where("corp_id", "=", CORP).executeTakeFirstOrThrow()
).id;
const content = { text: "双十二会员专享，全场 8 折，点击领取优惠券", attachments: [{}, {}] };

async function planOnce() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const audience = await loadAudience(ctx, CORP, { kind: "segment", segmentId });
  const t1 = performance.now();
  const plan = await planAudience(ctx, audience, {
    corpId: CORP,
    content,
    at: NOW,
    onQuota: "defer",
    planner: "mass-send:bench",
  });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    plan,
    audienceMs: t1 - t0,
    gateMs: t2 - t1,
    totalMs: t2 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

const heap0 = process.memoryUsage().heapUsed;
const times: number[] = [];
const cpus: number[] = [];
let p!: Awaited<ReturnType<typeof planOnce>>["plan"];
let peakRss = 0;
for (let i = 0; i < 3; i++) {
  const r = await planOnce();
  p = r.plan; // only the last plan is kept, as a server keeps one plan per request
  times.push(r.totalMs);
  cpus.push(r.cpuMs);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  log(
    `run ${i + 1}: ${r.totalMs.toFixed(0)} ms (audience and senders ${r.audienceMs.toFixed(0)} ms, facts + gate + tasks ${r.gateMs.toFixed(0)} ms; this process's CPU ${r.cpuMs.toFixed(0)} ms; load average ${os.loadavg()[0]?.toFixed(1)})`,
  );
}
const counts = [0, 0, 0];
for (const a of p.action) counts[a] = (counts[a] ?? 0) + 1;
const heapAfter = process.memoryUsage().heapUsed;
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[1] ?? sorted[0]!;
log(
  `plan: ${p.size.toLocaleString()} recipients, ${new Set(p.senders).size.toLocaleString()} senders → now ${counts[0]!.toLocaleString()}, deferred ${counts[1]!.toLocaleString()}, dropped ${counts[2]!.toLocaleString()}; ${p.tasks.length.toLocaleString()} tasks`,
);
log(
  `memory: RSS peak ${(peakRss / MiB).toFixed(0)} MiB; heap held by the last plan ~${((heapAfter - heap0) / MiB).toFixed(0)} MiB`,
);

// What the send's store adds to the gate's decision log (send_decisions): a row per recipient deferred or dropped
// (those let through get one row per task when it is submitted). Written and rolled back.
const refused = refusedRows(p);
const refusedCount = Array.isArray(refused.recipient)
  ? refused.recipient.length
  : refused.recipient.ids.length;
const ts = performance.now();
await db
  .transaction()
  .execute(async (trx) => {
    await insertRefused(trx, CORP, "mass-send:bench", NOW, refused);
    throw new Error("rollback");
  })
  .catch((err: Error) => {
    if (err.message !== "rollback") throw err;
  });
const decisionsMs = performance.now() - ts;
log(
  `decisions: ${refusedCount.toLocaleString()} refused rows written in ${decisionsMs.toFixed(0)} ms (rolled back)`,
);

// Baseline: per recipient, the sender by one query and the gate's per-message facts load, on a sample.
const sampleIds = Array.from((p.ids ?? new Uint32Array(0)).subarray(0, SAMPLE), String);
const sample = (
  await db
    .selectFrom("customers")
    .select("external_userid")
    .where("corp_id", "=", CORP)
    .where("id", "in", sampleIds.length > 0 ? sampleIds : ["0"])
    .execute()
).map((r) => r.external_userid);
const tb = performance.now();
for (const recipient of sample) {
  const f = await db
    .selectFrom("follow_relations")
    .select("userid")
    .where("corp_id", "=", CORP)
    .where("external_userid", "=", recipient)
    .where("status", "=", "active")
    .orderBy("added_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const sender = f?.userid ?? null;
  const msg = {
    corpId: CORP,
    outboxId: null,
    idempotencyKey: "bench",
    planner: "mass-send:baseline",
    channel: "wecom.mass",
    purpose: "marketing" as const,
    recipient,
    sender,
    content,
    notBefore: NOW,
    notAfter: null,
  };
  const facts = await loadGateFacts(
    db,
    [{ corpId: CORP, recipient, sender, marketing: true, planner: msg.planner }],
    NOW,
  );
  sendGate.evaluate([msg], NOW, facts);
}
const perRecipient = (performance.now() - tb) / sample.length;
const baselineMs = perRecipient * p.size;
log(
  `baseline: ${perRecipient.toFixed(2)} ms per recipient over ${sample.length.toLocaleString()} → ${(baselineMs / 1000).toFixed(0)} s for ${p.size.toLocaleString()} (extrapolated)`,
);

await segments.stop();
await db.destroy();
if (!KEEP) await admin((c) => c.query(`drop database if exists ${DB_NAME} with (force)`));
const round = (x: number) => Math.round(x);
console.log(
  JSON.stringify({
    bench: "send-plan",
    metric: "plan_ms",
    value: round(median),
    baseline: round(baselineMs),
    ratio: Math.round((baselineMs / median) * 10) / 10,
  }),
);
console.log(
  JSON.stringify({
    bench: "send-plan",
    metric: "plan_cpu_ms",
    value: round([...cpus].sort((a, b) => a - b)[1] ?? 0),
  }),
);
console.log(
  JSON.stringify({ bench: "send-plan", metric: "refused_decisions_ms", value: round(decisionsMs) }),
);
console.log(JSON.stringify({ bench: "send-plan", metric: "rss_peak_mib", value: round(peakRss / MiB) }));
