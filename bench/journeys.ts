// bench/journeys: 1,000,000 customers enrolled across three "T+" lines, and one simulated week of the scheduler
// (issue 7: ≥ 50,000 steps evaluated per second with the send gate included, ≤ 500 MB held by scheduling).
// The lines: T+0 / T+3 / T+7 at 10:00 with {name} and a "replied → task for staff" rule; 0 h / 48 h / 120 h after
// joining with {staff_name}; T+1 / T+4 at 20:00 and T+6 at 12:00 under a cap of 2 messages per 7 days (the third
// step is skipped by the cap). The corp: 2,000 staff (2.5% restricted or banned), 1% of customers opted out, 1%
// replied (their line hands them to staff), 10% already touched today, 5% with active windows, the gate's
// default quota, touch cap and quiet hours (22:00–08:00).
// The week is walked an hour at a time on a test clock: at each hour the scheduler (journeys.scan.ts, in-process
// executor) claims and runs every due step, then the dispatcher's gate phase (claimAndDecide: every send-gate rule,
// decisions and touches recorded) takes every due outbox row, and a null channel marks what the gate let through
// as sent (one update per batch: the least a channel that does nothing costs).
// "Steps evaluated" counts every due enrolment step the scheduler decided (planned, skipped, or ending the line);
// the rate is steps / (scheduler time + gate time + a vacuum of the hot tables per simulated day, standing in for
// the autovacuum a real week would give them). Also measured: the floor the step's row writes alone set (bare SQL,
// one connection, rolled back). Baseline, measured in the same run on a sample on a fourth
// line: the per-enrolment path — claim one row, journeys.step.ts's executeDue for that row, the dispatcher's
// claimAndDecide for one row and sendOne through the null channel — extrapolated to the same number of steps.
// Memory: the bench process's peak RSS over the week (everything the scheduler and the gate hold is in it) and the
// heap it grew by; for information, the size of the scheduling state in PostgreSQL (journey_enrollments).
// Usage: npm run bench -- journeys. JOURNEYS_CUSTOMERS (default 1,000,000), JOURNEYS_BATCH (scheduler claim size,
// default 2,000), JOURNEYS_WORKERS (scheduler and dispatcher loops sharing the work, as processes would; 2), JOURNEYS_GATE_BATCH (dispatcher batch, 5,000), JOURNEYS_BASELINE_SAMPLE (1,000),
// JOURNEYS_VACUUM_EVERY (simulated hours between vacuums, 24; 0 for none);
// JOURNEYS_KEEP_DB=1 keeps the generated template database for another run (each run works on a copy).
import os from "node:os";
import { sql } from "kysely";
import pino from "pino";
import type { Ctx } from "../packages/server/src/context.ts";
import { migrateToLatest, openDatabase } from "../packages/server/src/db/database.ts";
import { claimDue, runDueJourneys } from "../packages/server/src/domains/journeys/journeys.scan.ts";
import { executeDue } from "../packages/server/src/domains/journeys/journeys.step.ts";
import type { Channel, OutboxRow } from "../packages/server/src/domains/outbox/channels.ts";
import { ChannelRegistry } from "../packages/server/src/domains/outbox/channels.ts";
import {
  CUSTOMER_MESSAGE_CHANNEL,
  customerMessageChannel,
} from "../packages/server/src/domains/outbox/customer-message.channel.ts";
import { claimAndDecide, sendOne } from "../packages/server/src/domains/outbox/dispatcher.ts";
import { admin, dbUrl, log, MiB, timedQuery } from "./_pg.ts";

const N = Number(process.env.JOURNEYS_CUSTOMERS ?? 1_000_000);
const BATCH = Number(process.env.JOURNEYS_BATCH ?? 2_000);
const WORKERS = Number(process.env.JOURNEYS_WORKERS ?? 2);
const GATE_BATCH = Number(process.env.JOURNEYS_GATE_BATCH ?? 5_000);
const SAMPLE = Number(process.env.JOURNEYS_BASELINE_SAMPLE ?? 1_000);
/** Simulated hours between vacuums of the hot tables (0: none). */
const VACUUM_EVERY = Number(process.env.JOURNEYS_VACUUM_EVERY ?? 24);
const KEEP = process.env.JOURNEYS_KEEP_DB === "1";
const SENDERS = 2_000;
const CORP = "wwBenchJourneys";
const TEMPLATE = `siyu_bench_journeys_tpl_${N}`;
const RUN_DB = `siyu_bench_journeys_run_${N}`;
// 10:00 on Tuesday 24 November 2026 in China; customers enrolled during the 24 hours before.
const START = new Date("2026-11-24T02:00:00Z");
const HOUR = 3_600_000;
/** Thrown to roll a floor's transaction back. */
class Rollback extends Error {}

async function templateReady(): Promise<boolean> {
  const exists = await admin((c) => c.query("select 1 from pg_database where datname = $1", [TEMPLATE]));
  if (exists.rowCount === 0) return false;
  return admin(
    (c) =>
      c.query("select 1 from bench_meta").then(
        (r) => r.rowCount === 1,
        () => false,
      ),
    dbUrl(TEMPLATE),
  );
}

const day = (d: number, at: string) => ({ timing: { kind: "day" as const, day: d, at }, channel: "wecom" });
const hours = (h: number) => ({ timing: { kind: "hours" as const, hours: h }, channel: "wecom" });
const LINES = [
  {
    name: "新客 T+0/T+3/T+7",
    rules: [{ when: "replied", action: "task" }],
    cap: null,
    steps: [
      { ...day(0, "10:00"), content: { text: "{name}，欢迎加入！这是给你的新人礼" } },
      {
        ...day(3, "10:00"),
        content: { text: "{name}，我们的第一家店的故事", attachments: [{ type: "link" }] },
      },
      { ...day(7, "10:00"), content: { text: "{name}，新人专享 8 折最后一天" } },
    ],
  },
  {
    name: "会员关怀 0h/48h/120h",
    rules: [],
    cap: null,
    steps: [
      { ...hours(0), content: { text: "我是你的专属顾问{staff_name}，有问题随时找我" } },
      { ...hours(48), content: { text: "用得还习惯吗？" } },
      { ...hours(120), content: { text: "{staff_name}为你准备了一份搭配建议" } },
    ],
  },
  {
    name: "复购提醒（每 7 天最多 2 条）",
    rules: [],
    cap: { messages: 2, days: 7 },
    steps: [
      { ...day(1, "20:00"), content: { text: "上次买的用完了吗？" } },
      { ...day(4, "20:00"), content: { text: "老客回购立减 20 元" } },
      { ...day(6, "12:00"), content: { text: "周末限时加赠" } },
    ],
  },
];

// stepDueAt (journey-time.ts) in SQL, for the first step of a line at the enrolment instant `e` (UTC+8).
const firstDue = (s: (typeof LINES)[number]["steps"][number], e: string) =>
  s.timing.kind === "hours"
    ? `${e} + interval '${s.timing.hours} hours'`
    : `greatest(${e}, to_timestamp(floor((extract(epoch from ${e}) + 28800) / 86400) * 86400 - 28800)
        + interval '${s.timing.day} days' + interval '${s.timing.at.slice(0, 2)} hours'
        + interval '${s.timing.at.slice(3)} minutes')`;

async function generate() {
  log(`generating ${N.toLocaleString()} customers enrolled on 3 lines in ${TEMPLATE}`);
  await admin(async (c) => {
    await c.query(`drop database if exists ${TEMPLATE} with (force)`);
    await c.query(`create database ${TEMPLATE}`);
  });
  const db = openDatabase(dbUrl(TEMPLATE), { max: 2 });
  await migrateToLatest(db);
  await db.destroy();
  await admin(async (c) => {
    const q = timedQuery(c);
    await q("set session_replication_role = replica"); // no change-log triggers: a snapshot
    await q("select setseed(0.7)");
    await q(`insert into corps (corp_id, name, api_base, secret_enc, token_enc, aes_key_enc)
      values ('${CORP}', 'bench', 'http://127.0.0.1:1', 'x', 'x', 'x')`);
    await q(
      `insert into members (corp_id, userid, name, customer_contact)
      select '${CORP}', 'u' || g, '顾问' || g, true from generate_series(0, ${SENDERS - 1}) g`,
      "members",
    );
    await q(
      `insert into customers (corp_id, external_userid, name)
      select '${CORP}', 'wm' || g, '客户' || g from generate_series(1, ${N}) g`,
      "customers",
    );
    await q(
      `insert into follow_relations (corp_id, external_userid, userid, status, added_at)
      select '${CORP}', 'wm' || g, 'u' || (g % ${SENDERS}), 'active',
        timestamptz '${START.toISOString()}' - random() * interval '1 day'
      from generate_series(1, ${N}) g`,
      "follow relations",
    );
    await q(
      `insert into opt_outs (corp_id, external_userid, source, opted_out_at)
      select '${CORP}', 'wm' || g, 'chat', timestamptz '${START.toISOString()}' - interval '1 day'
      from generate_series(1, ${N}) g where g % 100 = 7`,
      "opt-outs (1%)",
    );
    await q(
      `insert into chat_messages (corp_id, source, msgid, sender, kind, text, external_userid, userid,
        from_customer, sent_at, received_at)
      select '${CORP}', 'archive', 'm' || g, 'wm' || g, 'text', '好的谢谢', 'wm' || g, 'u' || (g % ${SENDERS}), true,
        timestamptz '${START.toISOString()}', timestamptz '${START.toISOString()}'
      from generate_series(1, ${N}) g where g % 100 = 13`,
      "replies (1%)",
    );
    await q(
      `insert into recipient_touches (corp_id, recipient, planner, touched_at)
      select '${CORP}', 'wm' || g, 'mass-send:0', timestamptz '${START.toISOString()}' - interval '3 hours'
      from generate_series(1, ${N}) g where g % 10 = 3`,
      "touched today (10%)",
    );
    await q(
      `insert into customer_send_windows (corp_id, external_userid, start_minute, end_minute, source)
      select '${CORP}', 'wm' || g, 1140, 1320, 'bench' from generate_series(1, ${N}) g where g % 20 = 11`,
      "active windows (5%)",
    );
    await q(
      `insert into sender_restrictions (corp_id, userid, state, since, until, source)
      select '${CORP}', 'u' || g, case when g % 5 = 0 then 'member_banned' else 'limited' end,
        timestamptz '${START.toISOString()}' - interval '1 day',
        case when g % 5 = 0 then null else timestamptz '${START.toISOString()}' + interval '2 days' end, 'manual'
      from generate_series(0, ${SENDERS - 1}) g where g % 40 = 9`,
      "sender restrictions (2.5%)",
    );
    for (const [i, l] of LINES.entries()) {
      await q(`insert into journeys (id, corp_id, name, version, exit_on_order, rules, cap, created_at, updated_at)
        values (${i + 1}, '${CORP}', '${l.name}', 1, true, '${JSON.stringify(l.rules)}',
          ${l.cap ? `'${JSON.stringify(l.cap)}'` : "null"}, now(), now())`);
      await q(`insert into journey_versions (corp_id, journey_id, version, steps)
        values ('${CORP}', ${i + 1}, 1, '${JSON.stringify(l.steps)}')`);
      await q(
        `insert into journey_enrollments (corp_id, journey_id, version, customer_id, external_userid, enrolled_at,
          source, next_due_at, updated_at)
        select corp_id, ${i + 1}, 1, id, external_userid, e, 'api', ${firstDue(l.steps[0]!, "e")}, e
        from (select c.*, timestamptz '${START.toISOString()}' - random() * interval '1 day' as e
          from customers c where c.id % 3 = ${i}) c`,
        `enrolments on line ${i + 1}`,
      );
    }
    // The baseline's line: the sample's customers, one step due at the start.
    await q(`insert into journeys (id, corp_id, name, version, exit_on_order, created_at, updated_at)
      values (4, '${CORP}', 'baseline', 1, true, now(), now())`);
    await q(`insert into journey_versions (corp_id, journey_id, version, steps)
      values ('${CORP}', 4, 1, '${JSON.stringify([{ ...hours(0), content: { text: "{name}，你好" } }])}')`);
    await q(
      `insert into journey_enrollments (corp_id, journey_id, version, customer_id, external_userid, enrolled_at,
        source, next_due_at, updated_at)
      select corp_id, 4, 1, id, external_userid, timestamptz '${START.toISOString()}' - interval '1 hour', 'api',
        timestamptz '${START.toISOString()}' - interval '1 hour', now()
      from customers where id % 997 = 5 order by id limit ${SAMPLE}`,
      "baseline enrolments",
    );
    await q("select setval('journeys_id_seq', 4)");
    await q("set session_replication_role = origin");
    for (const t of ["customers", "follow_relations", "journey_enrollments", "opt_outs", "chat_messages"])
      await q(`vacuum (analyze) ${t}`);
    await q("create table bench_meta (n bigint)");
    await q(`insert into bench_meta values (${N})`);
  }, dbUrl(TEMPLATE));
}

if (!(await templateReady())) await generate();
else log(`reusing ${TEMPLATE}`);
await admin(async (c) => {
  await c.query(`drop database if exists ${RUN_DB} with (force)`);
  const t0 = performance.now();
  await c.query(`create database ${RUN_DB} template ${TEMPLATE}`);
  log(`copied the template to ${RUN_DB} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});

const db = openDatabase(dbUrl(RUN_DB), { max: WORKERS + 2 });
const logger = pino({ level: "warn" });
let now = START.getTime();
const clock = { now: () => now };
const ctx = { db, clock, log: logger, config: {} } as unknown as Ctx;
const nullChannel: Channel = { ...customerMessageChannel, send: async () => undefined };
const channels = new ChannelRegistry().register(CUSTOMER_MESSAGE_CHANNEL, nullChannel);

// Baseline: one enrolment at a time through the per-enrolment path, then one outbox row at a time.
const baseIds = (
  await db
    .selectFrom("journey_enrollments")
    .select("id")
    .where("journey_id", "=", "4")
    .orderBy("id")
    .execute()
).map((r) => String(r.id));
const tb = performance.now();
for (const id of baseIds) {
  await db.transaction().execute(async (trx) => {
    const rows = await claimDue(trx, new Date(now), 1, [id]);
    await executeDue({ ...ctx, db: trx }, rows, new Date(now));
  });
}
const tbSteps = performance.now();
let baseSent = 0;
for (;;) {
  const { claimed, toSend } = await claimAndDecide(ctx, channels, { batchSize: 1 });
  if (claimed === 0) break;
  for (const row of toSend) await sendOne(ctx, channels, row);
  baseSent += toSend.length;
}
const perStepMs = (performance.now() - tb) / baseIds.length;
log(
  `baseline: ${baseIds.length} steps one at a time in ${((performance.now() - tb) / 1000).toFixed(1)} s (steps ${((tbSteps - tb) / 1000).toFixed(1)} s, gate + null send ${((performance.now() - tbSteps) / 1000).toFixed(1)} s, ${baseSent} sent) → ${perStepMs.toFixed(2)} ms per step, ${Math.round(1000 / perStepMs).toLocaleString()} steps/s`,
);
await db.updateTable("journeys").set({ status: "paused" }).where("id", "=", "4").execute();

// The week, an hour at a time.
const heap0 = process.memoryUsage().heapUsed;
let peakRss = process.memoryUsage.rss();
let peakHeap = heap0;
const loads: number[] = [];
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
let steps = 0;
let decided = 0;
let sent = 0;
let schedMs = 0;
let gateMs = 0;
let vacuumMs = 0;
const markSent = async (rows: OutboxRow[]) => {
  if (rows.length === 0) return;
  await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: new Date(now), updated_at: new Date(now) })
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .where("status", "=", "sending")
    .execute();
};
for (let h = 0; h <= 7 * 24; h++) {
  now = START.getTime() + h * HOUR;
  loads.push(os.loadavg()[0] ?? 0);
  const t0 = performance.now();
  // WORKERS scheduler loops, then WORKERS dispatcher loops, as that many Siyu processes share the work (SKIP LOCKED).
  const scheduler = async () => {
    for (;;) {
      const n = await runDueJourneys(ctx, BATCH);
      sample();
      steps += n;
      if (n < BATCH) return;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, scheduler));
  const t1 = performance.now();
  const dispatcher = async () => {
    for (;;) {
      const { claimed, toSend } = await claimAndDecide(ctx, channels, { batchSize: GATE_BATCH });
      await markSent(toSend);
      sample();
      decided += claimed;
      sent += toSend.length;
      if (claimed < GATE_BATCH) return;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, dispatcher));
  const t2 = performance.now();
  schedMs += t1 - t0;
  gateMs += t2 - t1;
  // What autovacuum does over a real week, compressed into the bench's minutes: counted in the measured time.
  if (VACUUM_EVERY > 0 && h % VACUUM_EVERY === VACUUM_EVERY - 1) {
    for (const t of ["journey_enrollments", "outbox", "recipient_touches"])
      await sql`vacuum (analyze) ${sql.table(t)}`.execute(db);
    vacuumMs += performance.now() - t2;
  }
  if (h % 24 === 0 || t2 - t0 > 10_000)
    log(
      `day ${(h / 24).toFixed(2)}: ${steps.toLocaleString()} steps, ${decided.toLocaleString()} gate decisions, ${sent.toLocaleString()} sent; scheduler ${(schedMs / 1000).toFixed(1)} s, gate ${(gateMs / 1000).toFixed(1)} s, vacuum ${(vacuumMs / 1000).toFixed(1)} s`,
    );
}
const heapAfter = process.memoryUsage().heapUsed;

const summary = await db
  .selectFrom("journey_enrollments")
  .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
  .where("journey_id", "!=", "4")
  .groupBy("status")
  .execute();
const outcomes = await db
  .selectFrom("journey_step_log")
  .select(["outcome", "reason", (eb) => eb.fn.countAll<string>().as("n")])
  .where("journey_id", "!=", "4")
  .groupBy(["outcome", "reason"])
  .execute();
const gate = await db
  .selectFrom("outbox")
  .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
  .where("planner", "!=", "journey:4")
  .groupBy("status")
  .execute();
const stateBytes = await admin(
  (c) =>
    c
      .query<{ n: string }>("select pg_total_relation_size('journey_enrollments')::text as n")
      .then((r) => Number(r.rows[0]?.n ?? 0)),
  dbUrl(RUN_DB),
);
log(`enrolments: ${summary.map((s) => `${s.status} ${Number(s.n).toLocaleString()}`).join(", ")}`);
log(
  `steps: ${outcomes.map((o) => `${o.outcome}${o.reason ? ` (${o.reason})` : ""} ${Number(o.n).toLocaleString()}`).join(", ")}`,
);
log(`outbox: ${gate.map((s) => `${s.status} ${Number(s.n).toLocaleString()}`).join(", ")}`);
const totalMs = schedMs + gateMs + vacuumMs;
const meanLoad = loads.reduce((a, b) => a + b, 0) / loads.length;
log(
  `machine: ${os.cpus().length} cores, 1-minute load average during the week ${meanLoad.toFixed(1)} on average, ${Math.max(...loads).toFixed(1)} at most (the machine is shared)`,
);
const perSecond = (steps / totalMs) * 1000;
const baselinePerSecond = 1000 / perStepMs;
log(
  `week: ${steps.toLocaleString()} steps evaluated in ${(totalMs / 1000).toFixed(1)} s (scheduler ${(schedMs / 1000).toFixed(1)} s, gate + null send ${(gateMs / 1000).toFixed(1)} s, vacuum ${(vacuumMs / 1000).toFixed(1)} s) → ${Math.round(perSecond).toLocaleString()} steps/s; baseline ${Math.round(baselinePerSecond).toLocaleString()} steps/s (${((steps * perStepMs) / 3_600_000).toFixed(1)} h for the week, extrapolated)`,
);
log(
  `memory: RSS peak ${(peakRss / MiB).toFixed(0)} MiB; heap peak ${(peakHeap / MiB).toFixed(0)} MiB (${((heapAfter - heap0) / MiB).toFixed(0)} MiB held after the week); scheduling state in PostgreSQL (journey_enrollments with indexes) ${(stateBytes / MiB).toFixed(0)} MiB`,
);

// The floor the writes alone set, as bare set-based SQL (no reads, no rules, no Node), rolled back:
// 1. the seven row writes a planned and sent step makes (enrolment moved on, outbox row, step log, decision, touch,
//    outbox `sending`, `sent`) over FLOOR_ROWS enrolments on one connection;
// 2. the two writes any design makes per step — the enrolment's one next_due_at moved on (the issue's scheduler)
//    and the touch the gate records for a message let through (what quotas and caps count) — on WORKERS
//    connections at once over disjoint rows, i.e. on every core PostgreSQL has here.
// Each write names its rows by id (a temporary table of them), so no write scans a table to find its rows.
const FLOOR_ROWS = Math.min(20_000, N);
const PAIR_ROWS = Math.min(50_000, Math.floor(N / WORKERS));
/** Rolls a transaction back after `work`, returning what it returned. */
async function rolledBack<T>(work: (trx: typeof db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      out = await work(trx);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return out as T;
}
/** Untimed: the enrolments a floor writes, as a temporary table `floor_rows`. */
const pickRows = (trx: typeof db, n: number, part = sql``) =>
  sql`create temp table floor_rows on commit drop as
    select id, corp_id, journey_id, customer_id, external_userid from journey_enrollments
    where journey_id <> 4 ${part} order by next_due_at limit ${n}`.execute(trx);
const timed = async (q: ReturnType<typeof sql>, trx: typeof db) => {
  const t = performance.now();
  await q.execute(trx);
  return performance.now() - t;
};
const enrolmentMove = sql`update journey_enrollments e set step = e.step + 1,
  next_due_at = e.next_due_at + interval '3 days', updated_at = now() from floor_rows f where e.id = f.id`;

const floorMs = await rolledBack(async (trx) => {
  await pickRows(trx, FLOOR_ROWS);
  let total = 0;
  const step = async (what: string, q: ReturnType<typeof sql>) => {
    const ms = await timed(q, trx);
    total += ms;
    log(`  floor: ${what}: ${((ms * 1000) / FLOOR_ROWS).toFixed(1)} µs per row`);
  };
  await step("enrolment moved on", enrolmentMove);
  await step(
    "outbox row",
    sql`insert into outbox (corp_id, idempotency_key, planner, channel, recipient, sender, payload, not_before,
      created_at, updated_at)
      select corp_id, 'floor:' || id, 'journey:1', ${CUSTOMER_MESSAGE_CHANNEL}, external_userid, 'u1',
        '{"text":"floor"}', now(), now(), now()
      from floor_rows`,
  );
  await sql`create temp table floor_outbox on commit drop as
    select o.id, o.corp_id, o.idempotency_key, o.planner, o.recipient, o.sender, f.customer_id
    from floor_rows f join outbox o on o.corp_id = f.corp_id and o.idempotency_key = 'floor:' || f.id`.execute(
    trx,
  );
  await step(
    "step log",
    sql`insert into journey_step_log (corp_id, journey_id, enrollment_id, customer_id, version, step, channel,
      outcome, reason, at)
      select corp_id, journey_id, id, customer_id, 1, 0, 'wecom', 'planned', null, now() from floor_rows`,
  );
  await step(
    "decision",
    sql`insert into send_decisions (corp_id, outbox_id, idempotency_key, action, rule, reason, defer_until,
      decided_at, recipient, sender, planner)
      select corp_id, id, idempotency_key, 'send', null, 'every rule passed', null, now(), recipient, sender, planner
      from floor_outbox`,
  );
  await step(
    "touch",
    sql`insert into recipient_touches (corp_id, recipient, outbox_id, planner, touched_at, customer_id)
      select corp_id, recipient, id, planner, now(), customer_id from floor_outbox`,
  );
  await step(
    "outbox sending",
    sql`update outbox o set status = 'sending', attempts = attempts + 1, updated_at = now()
      from floor_outbox f where o.id = f.id`,
  );
  await step(
    "outbox sent",
    sql`update outbox o set status = 'sent', sent_at = now() from floor_outbox f where o.id = f.id`,
  );
  return total;
});
const floorPerSecond = (FLOOR_ROWS / floorMs) * 1000;
log(
  `floor: the seven writes of a step as bare SQL, ${FLOOR_ROWS.toLocaleString()} rows on one connection: ${floorMs.toFixed(0)} ms → ${Math.round(floorPerSecond).toLocaleString()} steps/s`,
);

// The two writes any design makes, on every connection at once.
const tp = performance.now();
const pairs = await Promise.all(
  Array.from({ length: WORKERS }, (_, w) =>
    rolledBack(async (trx) => {
      await pickRows(trx, PAIR_ROWS, sql`and id % ${WORKERS} = ${w}`);
      const move = await timed(enrolmentMove, trx);
      const touch = await timed(
        sql`insert into recipient_touches (corp_id, recipient, outbox_id, planner, touched_at, customer_id)
          select corp_id, external_userid, null, 'journey:1', now(), customer_id from floor_rows`,
        trx,
      );
      return { move, touch };
    }),
  ),
);
const pairMs = performance.now() - tp;
const pairPerSecond = ((PAIR_ROWS * WORKERS) / pairMs) * 1000;
log(
  `floor: the enrolment move and the touch alone, ${PAIR_ROWS.toLocaleString()} rows on each of ${WORKERS} connections at once: ${pairMs.toFixed(0)} ms (per connection: ${pairs.map((p) => `move ${((p.move * 1000) / PAIR_ROWS).toFixed(1)} µs + touch ${((p.touch * 1000) / PAIR_ROWS).toFixed(1)} µs per row`).join("; ")}) → ${Math.round(pairPerSecond).toLocaleString()} steps/s`,
);

await db.destroy();
await admin((c) => c.query(`drop database if exists ${RUN_DB} with (force)`));
if (!KEEP) await admin((c) => c.query(`drop database if exists ${TEMPLATE} with (force)`));
const r1 = (x: number) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    bench: "journeys",
    metric: "steps_per_s",
    value: Math.round(perSecond),
    baseline: Math.round(baselinePerSecond),
    ratio: r1(perSecond / baselinePerSecond),
  }),
);
console.log(
  JSON.stringify({
    bench: "journeys",
    metric: "write_floor_steps_per_s_one_connection",
    value: Math.round(floorPerSecond),
  }),
);
console.log(
  JSON.stringify({
    bench: "journeys",
    metric: "two_write_floor_steps_per_s_all_connections",
    value: Math.round(pairPerSecond),
  }),
);
console.log(JSON.stringify({ bench: "journeys", metric: "rss_peak_mib", value: Math.round(peakRss / MiB) }));
console.log(
  JSON.stringify({ bench: "journeys", metric: "heap_peak_mib", value: Math.round(peakHeap / MiB) }),
);
