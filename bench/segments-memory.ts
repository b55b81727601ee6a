// bench/segments-memory: the segment engine's evaluation alone, in memory, at bench/segments' size and densities but
// without PostgreSQL (random bitmaps and typed columns generated in the process), so engine changes can be measured
// at 10,000,000 customers in a minute. Baseline per single range term: a plain scan of its typed column (what the
// engine did before bit-sliced indexes). Before each timed count, 100 random customers place an order and 10 new
// customers arrive, applied as the engine applies the change log's batches (apply.ts; untimed). Each count is measured
// with those changes flowing (the range terms' splits of the corp cached and kept current), cold (every split
// computed again, as in the first count after a start) and static (no changes between counts).
// Usage: npm run bench -- segments-memory [customers] (default 10,000,000).
import { replaceCustomers } from "../packages/server/src/domains/segments/engine/apply.ts";
import { NUM_DIMS, type NumDim } from "../packages/server/src/domains/segments/engine/bit-slices.ts";
import { Columns } from "../packages/server/src/domains/segments/engine/columns.ts";
import { CorpIndex } from "../packages/server/src/domains/segments/engine/corp-index.ts";
import { evaluate } from "../packages/server/src/domains/segments/engine/evaluate.ts";
import { type CustomerBatch, DIMS, type Dim } from "../packages/server/src/domains/segments/engine/loader.ts";
import type { SegmentExpr } from "../packages/server/src/domains/segments/segments.ast.ts";
import { instantMicros } from "../packages/server/src/domains/segments/segments.time.ts";

const N = Number(process.argv[2] ?? 10_000_000);
const RUNS = 25;
const NOW = Date.parse("2026-11-20T00:00:00Z");
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const idx = new CorpIndex();
const cols = new Columns();
cols.ensure(N);
const ids = new Uint32Array(N);
for (let i = 0; i < N; i++) ids[i] = i + 1;
idx.universe.addMany(ids);
const pick = (p: number) => {
  const out: number[] = [];
  for (let i = 1; i <= N; i++) if (rnd() < p) out.push(i);
  return Uint32Array.from(out);
};
const density = (i: number) => 0.0001 * 5000 ** (i / 49);
for (const t of [20, 30, 35, 40, 44, 45, 49]) idx.addIds("tag", `t${t}`, pick(density(t)));
idx.addIds("stage", "first_order", pick(0.2));
idx.addIds("stage", "churn_risk", pick(0.05));
for (let i = 1; i <= N; i++) {
  cols.firstAdded[i] = (Date.parse("2023-11-20") + rnd() * 1095 * 86_400_000) * 1000;
  if (rnd() < 0.35) {
    const k = 1 + Math.floor(rnd() * rnd() * 6);
    cols.orderCount[i] = k;
    cols.totalSpent[i] = k * (500 + Math.floor(rnd() * 200_000));
    cols.lastOrder[i] = (NOW - rnd() * 730 * 86_400_000) * 1000;
  }
}
idx.addValues(ids, cols);
idx.optimize();

const tag = (i: number): SegmentExpr => ({ term: "tag", match: "any", tagIds: [`t${i}`] });
const lastOrderFrom = (NOW - 30 * 86_400_000) * 1000;
const addedFrom = instantMicros("2025-06-01T00:00:00+08:00");
/** Customers so far (ids 1..last: new ones are appended). */
let last = N;
const scan = (dim: NumDim, ok: (v: number) => boolean) => () => {
  const col = cols[dim];
  let n = 0;
  for (let i = 1; i <= last; i++) if (ok(col[i] as number)) n++;
  return n;
};

const CORP = "bench";
const data = { columns: cols, corps: new Map([[CORP, idx]]), corpIndex: () => idx };
/**
 * Between two timed counts: 100 random customers place an order (their other attributes re-read as they are) and
 * 10 new customers are added today, applied as a change-log batch is.
 */
const changeSome = () => {
  const pairs = {} as CustomerBatch["pairs"];
  for (const dim of DIMS) pairs[dim] = { ids: [], keys: [] };
  const b: CustomerBatch = {
    ids: [],
    corps: [],
    pairs,
    orders: { ids: [], counts: [], spent: [], last: [] },
    firstAdded: { ids: [], at: [] },
    senders: { ids: [], keys: [] },
  };
  const put = (id: number, count: number, spent: number, lastAt: number, added: number) => {
    b.ids.push(id);
    b.corps.push(CORP);
    for (const dim of DIMS as readonly Dim[]) {
      for (const [k, bm] of idx.dims[dim]) {
        if (bm.has(id)) {
          pairs[dim].ids.push(id);
          pairs[dim].keys.push(k);
        }
      }
    }
    if (count > 0) {
      b.orders.ids.push(id);
      b.orders.counts.push(count);
      b.orders.spent.push(spent);
      b.orders.last.push(lastAt);
    }
    if (!Number.isNaN(added)) {
      b.firstAdded.ids.push(id);
      b.firstAdded.at.push(added);
    }
  };
  for (let i = 0; i < 100; i++) {
    const id = 1 + Math.floor(rnd() * last);
    const at = (NOW - rnd() * 60 * 86_400_000) * 1000;
    put(
      id,
      (cols.orderCount[id] as number) + 1,
      (cols.totalSpent[id] as number) + 500 + Math.floor(rnd() * 200_000),
      Math.max(cols.lastOrder[id] as number, at),
      cols.firstAdded[id] as number,
    );
  }
  for (let i = 0; i < 10; i++) put(++last, 0, 0, 0, NOW * 1000);
  const s = performance.now();
  replaceCustomers(data, b.ids, b);
  applyMs.push(performance.now() - s);
};
/** Time to apply each batch (the engine's part of a change, cached splits included). */
const applyMs: number[] = [];
const CASES: { name: string; expr: SegmentExpr; baseline?: () => number }[] = [
  {
    name: "tags_stage",
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
    name: "last_order_30d",
    expr: { term: "lastOrder", days: 30 },
    baseline: scan("lastOrder", (v) => v >= lastOrderFrom),
  },
  {
    name: "spent_ge_1500",
    expr: { term: "totalSpent", cmp: ">=", valueCents: 150_000 },
    baseline: scan("totalSpent", (v) => v >= 150_000),
  },
  {
    name: "orders_ge_2",
    expr: { term: "orderCount", cmp: ">=", value: 2 },
    baseline: scan("orderCount", (v) => v >= 2),
  },
  {
    name: "added_since",
    expr: { term: "added", from: "2025-06-01T00:00:00+08:00" },
    baseline: scan("firstAdded", (v) => v >= addedFrom),
  },
  {
    name: "orders_dates",
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

/** p50 and p95 of RUNS timed calls of `f`, each after `before` (untimed); the last call's result. */
const timed = (f: () => number, before: () => void = () => {}): [number, number, number] => {
  const ms: number[] = [];
  let n = 0;
  for (let r = 0; r < RUNS; r++) {
    before();
    const s = performance.now();
    n = f();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return [ms[Math.floor(RUNS / 2)] as number, ms[Math.floor((RUNS - 1) * 0.95)] as number, n];
};
const round = (x: number) => Math.round(x * 100) / 100;
const lines: string[] = [];
const count = (expr: SegmentExpr) =>
  evaluate(expr, idx.universe, { index: idx, columns: cols, nowMicros: NOW * 1000 }, (bm) => bm.size);
const forget = () => {
  for (const dim of NUM_DIMS) idx.slices[dim].forget();
};
for (const c of CASES) {
  // Cold: every run splits the corp by its range bounds again, as the first count after a start does.
  const [cold] = timed(
    () => count(c.expr),
    () => {
      changeSome();
      forget();
    },
  );
  count(c.expr); // the splits cached again
  const [e, e95] = timed(() => count(c.expr), changeSome);
  const [still, , n] = timed(() => count(c.expr));
  const base = c.baseline ? timed(c.baseline) : undefined;
  if (base && base[2] !== n) throw new Error(`${c.name}: engine ${n}, scan ${base[2]}`);
  const scanned = base ? `, column scan ${base[0].toFixed(2)} ms` : "";
  console.log(
    `${c.name}: count ${n}, engine p50 ${e.toFixed(2)} ms p95 ${e95.toFixed(2)} ms with changes (cold ${cold.toFixed(2)} ms, no changes ${still.toFixed(2)} ms)${scanned}`,
  );
  for (const [metric, value] of [
    [`${c.name}_p50_ms`, e],
    [`${c.name}_p95_ms`, e95],
    [`${c.name}_cold_p50_ms`, cold],
    [`${c.name}_static_p50_ms`, still],
  ] as const) {
    lines.push(
      JSON.stringify({
        bench: "segments-memory",
        metric,
        value: round(value),
        baseline: base ? round(base[0]) : null,
        ratio: base ? round(base[0] / value) : null,
        customers: N,
      }),
    );
  }
}
applyMs.sort((a, b) => a - b);
console.log(
  `change batches: ${applyMs.length}, applied in p50 ${(applyMs[applyMs.length >> 1] as number).toFixed(2)} ms`,
);
lines.push(
  JSON.stringify({
    bench: "segments-memory",
    metric: "change_apply_p50_ms",
    value: round(applyMs[applyMs.length >> 1] as number),
    baseline: null,
    ratio: null,
    batches: applyMs.length,
    customers: N,
  }),
);
for (const l of lines) console.log(l);
