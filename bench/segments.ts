// bench/segments: segment counts from the bitmap engine against the same expressions evaluated by PostgreSQL
// (`countSql`, warm), measured in the same run over one synthetic corp: customers with one or two follow relations,
// 50 tags from 0.01% to 50% density, lifecycle stages, stores in 30 cities, orders, activity participations.
// Usage: npm run bench -- segments. SEGMENTS_CUSTOMERS (default 10,000,000) sets the size; SEGMENTS_PG_RUNS (default
// 5) the timed PostgreSQL runs per expression and SEGMENTS_PG_WARMUP=0 skips PostgreSQL's untimed warm-up run;
// SEGMENTS_KEEP_DB=1 keeps the generated database for another run (a later run with the same size reuses it) and
// SEGMENTS_GENERATE_ONLY=1 stops after generating it. The bench database's big tables are unlogged (disposable).
// Each expression's first count after the start (the range terms' splits of the corp computed) is reported apart from
// the p50/p95 of the 50 counts after it. Before each of those counts, data changes as it does all day in a large
// brand: 100 random customers place a paid order and 10 new customers are added with a follow relation, written to
// PostgreSQL and applied by the engine from the change log (untimed). The cold p50 is of 20 more such counts, each
// after the engine's cached splits were dropped; the static p50 of 20 counts after those with nothing changing.
// Uses DATABASE_URL's server (default the local one).
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { migrateToLatest, openDatabase } from "../packages/server/src/db/database.ts";
import { createSegmentEngine } from "../packages/server/src/domains/segments/engine/index.ts";
import type { SegmentExpr } from "../packages/server/src/domains/segments/segments.ast.ts";
import { countSql } from "../packages/server/src/domains/segments/segments.sql.ts";
import { admin, dbUrl, log, timedQuery } from "./_pg.ts";

const N = Number(process.env.SEGMENTS_CUSTOMERS ?? 10_000_000);
const PG_RUNS = Number(process.env.SEGMENTS_PG_RUNS ?? 5);
/** SEGMENTS_PG_WARMUP=0 skips PostgreSQL's untimed warm-up run (at 10M each run takes minutes). */
const PG_WARMUP = process.env.SEGMENTS_PG_WARMUP !== "0";
const ENGINE_RUNS = 50;
const COLD_RUNS = 20;
/** Per timed count: customers placing an order, and new customers. */
const CHANGED_ORDERS = 100;
const NEW_CUSTOMERS = 10;
const KEEP = process.env.SEGMENTS_KEEP_DB === "1";
const CORP = "wwBenchSeg";
const DB_NAME = `siyu_bench_segments_${N}`;
const NOW = Date.parse("2026-11-20T00:00:00Z");
const url = dbUrl(DB_NAME);
const TAG_COUNT = 50;
/** Tag i's share of customers: log-spaced from 0.01% (t0) to 50% (t49). */
const density = (i: number) => 0.0001 * 5000 ** (i / (TAG_COUNT - 1));
const CITIES = Array.from({ length: 30 }, (_, i) => `city${i}`);

async function existingSize(): Promise<number | undefined> {
  const exists = await admin((c) => c.query("select 1 from pg_database where datname = $1", [DB_NAME]));
  if (exists.rowCount === 0) return undefined;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query("select n from bench_meta");
    return Number(r.rows[0]?.n);
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
}

/** Big tables' secondary indexes and key constraints, dropped for the load and rebuilt after (much faster). */
const BULK_TABLES = [
  "customers",
  "follow_relations",
  "follow_tags",
  "customer_stages",
  "customer_stores",
  "orders",
  "activity_participations",
];

async function generate() {
  log(`generating ${N.toLocaleString()} customers in ${DB_NAME}`);
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
  // No triggers (the change log, default stages) during the load: this is a snapshot, not a stream of changes.
  await q("set session_replication_role = replica");
  await q("set synchronous_commit = off");
  await q("set maintenance_work_mem = '1GB'");
  await q("set work_mem = '256MB'");
  await q("select setseed(0.42)");
  await q(`insert into corps (corp_id, name, api_base, secret_enc, token_enc, aes_key_enc)
    values ('${CORP}', 'bench', 'http://127.0.0.1:1', 'x', 'x', 'x')`);
  await q(`insert into stages (corp_id, key, name, position) values
    ('${CORP}', 'new', '新客', 0), ('${CORP}', 'engaged', '互动', 1), ('${CORP}', 'first_order', '首单', 2),
    ('${CORP}', 'repeat', '复购', 3), ('${CORP}', 'churn_risk', '流失预警', 4), ('${CORP}', 'churned', '已流失', 5)`);

  // The bench database is disposable: its big tables are unlogged (no WAL for the load), children before the
  // tables they reference (a logged table may not reference an unlogged one).
  for (const table of [...BULK_TABLES].reverse()) {
    try {
      await q(`alter table ${table} set unlogged`);
    } catch (err) {
      log(`  ${table} stays logged: ${(err as Error).message}`);
    }
  }
  const rebuild: string[] = [];
  for (const table of BULK_TABLES) {
    const cons = await q(`select conname, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = '${table}'::regclass and contype in ('p', 'u')`);
    for (const row of cons.rows as { conname: string; def: string }[]) {
      try {
        await q(`alter table ${table} drop constraint ${row.conname}`);
        rebuild.push(`alter table ${table} add constraint ${row.conname} ${row.def}`);
      } catch {
        // Referenced by a foreign key: kept.
      }
    }
    const idx = await q(`select i.indexname, i.indexdef from pg_indexes i
      where i.tablename = '${table}' and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`);
    for (const row of idx.rows as { indexname: string; indexdef: string }[]) {
      await q(`drop index ${row.indexname}`);
      rebuild.push(row.indexdef);
    }
  }

  await q(
    `insert into customers (corp_id, external_userid, name) select '${CORP}', 'e' || g, '' from generate_series(1, ${N}) g`,
    "customers",
  );
  // Every customer has a relation (2% deleted); one in five a second one. Channels on 60%; added over 3 years.
  await q(
    `insert into follow_relations (corp_id, external_userid, userid, state, status, added_at)
    select '${CORP}', 'e' || g, 'u' || (g % 200), case when g % 10 < 6 then 'code' || (g % 40) end,
      case when random() < 0.02 then 'deleted' else 'active' end,
      timestamptz '2023-11-20' + random() * interval '1095 days'
    from generate_series(1, ${N}) g`,
    "follow relations",
  );
  await q(
    `insert into follow_relations (corp_id, external_userid, userid, state, status, added_at)
    select '${CORP}', 'e' || g, 'u' || ((g + 7) % 200), null, 'active',
      timestamptz '2023-11-20' + random() * interval '1095 days'
    from generate_series(1, ${N}) g where g % 5 = 0`,
    "second relations",
  );
  // Tag i on about density(i)·N customers drawn at random (duplicates drawn twice count once).
  for (let i = 0; i < TAG_COUNT; i++) {
    await q(
      `insert into follow_tags (corp_id, external_userid, userid, tag_id, source)
      select '${CORP}', 'e' || g, 'u' || (g % 200), 't${i}', 'wecom'
      from (select distinct 1 + floor(random() * ${N})::bigint as g
        from generate_series(1, ${Math.ceil(density(i) * N)})) x`,
      i % 10 === 9 ? `tags t${i - 9}..t${i}` : undefined,
    );
  }
  await q(
    `insert into customer_stages (corp_id, customer_id, stage_id, entered_at, reason)
    select '${CORP}', x.g, s.id, now(), 'bench'
    from (select g, case when r < 0.30 then 'new' when r < 0.55 then 'engaged' when r < 0.75 then 'first_order'
        when r < 0.90 then 'repeat' when r < 0.95 then 'churn_risk' else 'churned' end as key
      from (select g, random() as r from generate_series(1, ${N}) g) y) x
    join stages s on s.corp_id = '${CORP}' and s.key = x.key`,
    "customer stages",
  );
  await q(
    `insert into stores (corp_id, name, city, state, join_state)
    select '${CORP}', 'store ' || s, 'city' || (s % 30), 'st' || s, 'js' || s from generate_series(0, 199) s`,
  );
  await q(
    `insert into customer_stores (corp_id, customer_id, store_id, source)
    select '${CORP}', g, (select min(id) from stores) + (g % 200), 'store_code'
    from generate_series(1, ${N}) g where random() < 0.4`,
    "customer stores",
  );
  await q(
    `insert into orders (corp_id, source, order_no, customer_id, amount_cents, status, categories, ordered_at)
    select '${CORP}', 'api', c.g || '-' || j, c.g, 500 + floor(random() * 200000)::bigint,
      case when random() < 0.9 then 'paid' else 'refunded' end,
      array['cat' || floor(random() * 8)::int],
      timestamptz '${new Date(NOW).toISOString()}' - random() * interval '730 days'
    from (select g, 1 + floor(random() * random() * 6)::int as k from generate_series(1, ${N}) g
      where random() < 0.35) c
    cross join lateral generate_series(1, c.k) j`,
    "orders",
  );
  await q(
    `insert into activity_participations (corp_id, customer_id, activity, kind, occurred_at)
    select '${CORP}', g, 'live:' || (g % 10), 'live', now() from generate_series(1, ${N}) g where random() < 0.05`,
    "activity participations",
  );
  log("  rebuilding indexes and keys");
  for (const stmt of rebuild) await q(stmt);
  await q("set session_replication_role = origin");
  await q(`select setval(pg_get_serial_sequence('customers', 'id'), ${N})`);
  for (const table of BULK_TABLES) await q(`vacuum (analyze) ${table}`);
  await q("create table bench_meta (n bigint)");
  await q(`insert into bench_meta values (${N})`);
  await c.end();
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const tag = (i: number): SegmentExpr => ({ term: "tag", match: "any", tagIds: [`t${i}`] });
const EXPRESSIONS: { name: string; text: string; expr: SegmentExpr }[] = [
  {
    name: "tags_stage",
    text: "((tag t45 AND tag t40) OR stage = first_order) AND NOT tag t35",
    expr: {
      op: "and",
      args: [
        {
          op: "or",
          args: [
            { op: "and", args: [tag(45), tag(40)] },
            { term: "stage", stages: ["first_order"] },
          ],
        },
        { op: "not", arg: tag(35) },
      ],
    },
  },
  {
    name: "channels_cities",
    text: "(any of t20,t30,t44 OR channel in code1,code2,code3) AND city in city1..city5 AND NOT stage in churn_risk,churned",
    expr: {
      op: "and",
      args: [
        {
          op: "or",
          args: [
            { term: "tag", match: "any", tagIds: ["t20", "t30", "t44"] },
            { term: "channel", states: ["code1", "code2", "code3"] },
          ],
        },
        { term: "city", cities: CITIES.slice(1, 6) },
        { op: "not", arg: { term: "stage", stages: ["churn_risk", "churned"] } },
      ],
    },
  },
  {
    name: "orders_dates",
    text: "(last order within 30 days OR total spent >= 1500.00) AND order count >= 2 AND added since 2025-06-01 AND NOT tag t49",
    expr: {
      op: "and",
      args: [
        {
          op: "or",
          args: [
            { term: "lastOrder", days: 30 },
            { term: "totalSpent", cmp: ">=", valueCents: 150_000 },
          ],
        },
        { term: "orderCount", cmp: ">=", value: 2 },
        { term: "added", from: "2025-06-01T00:00:00+08:00" },
        { op: "not", arg: tag(49) },
      ],
    },
  },
];

const size = await existingSize();
let generateSeconds: number | undefined;
if (size !== N) {
  const g0 = performance.now();
  await generate();
  generateSeconds = (performance.now() - g0) / 1000;
  log(`generated in ${generateSeconds.toFixed(0)} s`);
} else log(`reusing ${DB_NAME} (${N.toLocaleString()} customers)`);
if (process.env.SEGMENTS_GENERATE_ONLY === "1") {
  console.log(
    JSON.stringify({ bench: "segments", metric: "generate_s", value: round(generateSeconds ?? 0, 1) }),
  );
  process.exit(0);
}

const db = openDatabase(url, { max: 12 });
const clock = { now: () => NOW };
const rssBefore = process.memoryUsage.rss();
const engine = createSegmentEngine({ db, log: pino({ level: "warn" }), clock }, { pollMs: 3_600_000 });
log("building the engine from PostgreSQL");
const t0 = performance.now();
const progress = setInterval(() => {
  const s = engine.state();
  const p = s.status === "ready" ? "" : ` step ${s.progress.step}/${s.progress.steps}`;
  log(`  ${s.status}${p}, RSS ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MiB`);
}, 15_000);
await engine.start();
clearInterval(progress);
const buildSeconds = (performance.now() - t0) / 1000;
const mem = engine.memory();
log(
  `engine: ${mem.customers.toLocaleString()} customers in ${buildSeconds.toFixed(1)} s; bitmaps ${(mem.bitmapBytes / 2 ** 20).toFixed(0)} MiB, columns ${(mem.columnBytes / 2 ** 20).toFixed(0)} MiB, RSS ${(mem.rssBytes / 2 ** 20).toFixed(0)} MiB (before build ${(rssBefore / 2 ** 20).toFixed(0)} MiB)`,
);

let changeNo = 0;
const catchUpMs: number[] = [];
/**
 * Between two timed counts: orders and new customers written to PostgreSQL (the change log's triggers record them),
 * then applied by the engine the way every process applies changes (it re-reads the named customers).
 */
async function changeSome(): Promise<void> {
  const batch = `chg${process.pid}-${++changeNo}`;
  const ids = Array.from({ length: CHANGED_ORDERS }, () => String(1 + Math.floor(Math.random() * N)));
  await sql`insert into orders (corp_id, source, order_no, customer_id, amount_cents, status, categories, ordered_at)
    select ${CORP}, 'api', ${batch} || '-' || x.i, x.id, 500 + floor(random() * 200000)::bigint, 'paid',
      array['cat1'], ${new Date(NOW)}::timestamptz - random() * interval '60 days'
    from unnest(${ids}::bigint[]) with ordinality as x(id, i)`.execute(db);
  await sql`insert into customers (corp_id, external_userid, name)
    select ${CORP}, ${batch} || '-' || g, '' from generate_series(1, ${NEW_CUSTOMERS}) g`.execute(db);
  await sql`insert into follow_relations (corp_id, external_userid, userid, state, status, added_at)
    select ${CORP}, ${batch} || '-' || g, 'u1', null, 'active', now()
    from generate_series(1, ${NEW_CUSTOMERS}) g`.execute(db);
  const s = performance.now();
  await engine.catchUp();
  catchUpMs.push(performance.now() - s);
}

const figures: Array<Record<string, unknown>> = [];
const mismatches: string[] = [];
const now = new Date(NOW);
for (const { name, text, expr } of EXPRESSIONS) {
  const engineMs: number[] = [];
  // The first count splits the corp by each range bound (kept until the column changes): reported on its own.
  const f0 = performance.now();
  let count = await engine.count(CORP, expr);
  const firstMs = performance.now() - f0;
  for (let i = 0; i < 4; i++) {
    await changeSome();
    count = await engine.count(CORP, expr); // warm-up
  }
  for (let i = 0; i < ENGINE_RUNS; i++) {
    await changeSome();
    const s = performance.now();
    count = await engine.count(CORP, expr);
    engineMs.push(performance.now() - s);
  }
  const coldMs: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    await changeSome();
    engine.forgetSplits();
    const s = performance.now();
    count = await engine.count(CORP, expr);
    coldMs.push(performance.now() - s);
  }
  coldMs.sort((a, b) => a - b);
  const cold50 = pct(coldMs, 0.5);
  // The same data with nothing changing between the counts (what the p50 measured before changes flowed).
  const staticMs: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const s = performance.now();
    count = await engine.count(CORP, expr);
    staticMs.push(performance.now() - s);
  }
  staticMs.sort((a, b) => a - b);
  const static50 = pct(staticMs, 0.5);
  const pgMs: number[] = [];
  let pgCount = PG_WARMUP ? await countSql(db, CORP, expr, now) : -1;
  for (let i = 0; i < PG_RUNS; i++) {
    const s = performance.now();
    pgCount = await countSql(db, CORP, expr, now);
    pgMs.push(performance.now() - s);
  }
  if (pgCount !== count) {
    // Reported at the end (the run's other figures are still printed), and the run fails.
    mismatches.push(`${name}: engine counted ${count}, PostgreSQL ${pgCount}`);
  }
  engineMs.sort((a, b) => a - b);
  pgMs.sort((a, b) => a - b);
  const e50 = pct(engineMs, 0.5);
  const e95 = pct(engineMs, 0.95);
  const p50 = pct(pgMs, 0.5);
  const p95 = pct(pgMs, 0.95);
  log(`${name}: ${text}`);
  log(
    `  count ${count.toLocaleString()}; engine first ${firstMs.toFixed(2)} ms, p50 ${e50.toFixed(2)} ms p95 ${e95.toFixed(2)} ms with changes, cold p50 ${cold50.toFixed(2)} ms, without changes p50 ${static50.toFixed(2)} ms; PostgreSQL p50 ${p50.toFixed(0)} ms p95 ${p95.toFixed(0)} ms; ${(p50 / e50).toFixed(0)}x`,
  );
  // Each figure against PostgreSQL's time for the same expression (its p95 for the p95).
  const figure = (metric: string, value: number, pg: number, runs: number) =>
    figures.push({
      bench: "segments",
      metric: `${name}_${metric}`,
      value: round(value),
      baseline: round(pg),
      ratio: round(pg / value, 1),
      engine_runs: runs,
      pg_runs: PG_RUNS,
    });
  figure("p50_ms", e50, p50, ENGINE_RUNS);
  figure("first_ms", firstMs, p50, 1);
  figure("p50_cold_ms", cold50, p50, COLD_RUNS);
  figure("p50_static_ms", static50, p50, COLD_RUNS);
  figure("p95_ms", e95, p95, ENGINE_RUNS);
}
const rss = process.memoryUsage.rss();
log(`process RSS after the queries: ${(rss / 2 ** 20).toFixed(0)} MiB`);
figures.push({
  bench: "segments",
  metric: "build_s",
  value: round(buildSeconds, 1),
  customers: mem.customers,
});
figures.push({ bench: "segments", metric: "rss_mb", value: Math.round(rss / 2 ** 20) });
catchUpMs.sort((a, b) => a - b);
figures.push({
  bench: "segments",
  metric: "change_apply_p50_ms",
  value: round(pct(catchUpMs, 0.5)),
  batches: catchUpMs.length,
  orders_per_batch: CHANGED_ORDERS,
  new_customers_per_batch: NEW_CUSTOMERS,
});
figures.push({
  bench: "segments",
  metric: "bitmap_mb",
  value: round(engine.memory().bitmapBytes / 2 ** 20, 1),
});

await engine.stop();
await db.destroy();
if (!KEEP) {
  await admin((c) => c.query(`drop database if exists ${DB_NAME} with (force)`));
  log(`dropped ${DB_NAME}`);
}
for (const f of figures) console.log(JSON.stringify(f));
if (mismatches.length > 0) {
  for (const m of mismatches) console.error(`MISMATCH ${m}`);
  process.exit(1);
}
