// bench/segments-memory: the segment engine's evaluation alone, in memory, at bench/segments' size and densities but
// without PostgreSQL (random bitmaps and typed columns generated in the process), so engine changes can be measured
// at 10,000,000 customers in a minute. Baseline per single range term: a plain scan of its typed column (what the
// engine did before bit-sliced indexes). Each count is measured warm (the range terms' splits of the corp cached, as
// when an operator edits a segment) and cold (every split computed again, as after a change).
// Usage: npm run bench -- segments-memory [customers] (default 10,000,000).
import { NUM_DIMS } from "../packages/server/src/domains/segments/engine/bit-slices.ts";
import { Columns } from "../packages/server/src/domains/segments/engine/columns.ts";
import { CorpIndex } from "../packages/server/src/domains/segments/engine/corp-index.ts";
import { evaluate } from "../packages/server/src/domains/segments/engine/evaluate.ts";
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
const scan = (col: ArrayLike<number>, ok: (v: number) => boolean) => () => {
  let n = 0;
  for (let i = 1; i <= N; i++) if (ok(col[i] as number)) n++;
  return n;
};
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
    baseline: scan(cols.lastOrder, (v) => v >= lastOrderFrom),
  },
  {
    name: "spent_ge_1500",
    expr: { term: "totalSpent", cmp: ">=", valueCents: 150_000 },
    baseline: scan(cols.totalSpent, (v) => v >= 150_000),
  },
  {
    name: "orders_ge_2",
    expr: { term: "orderCount", cmp: ">=", value: 2 },
    baseline: scan(cols.orderCount, (v) => v >= 2),
  },
  {
    name: "added_since",
    expr: { term: "added", from: "2025-06-01T00:00:00+08:00" },
    baseline: scan(cols.firstAdded, (v) => v >= addedFrom),
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

const p50 = (f: () => number): [number, number] => {
  const ms: number[] = [];
  let n = 0;
  for (let r = 0; r < RUNS; r++) {
    const s = performance.now();
    n = f();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return [ms[Math.floor(RUNS / 2)] as number, n];
};
const round = (x: number) => Math.round(x * 100) / 100;
const lines: string[] = [];
const count = (expr: SegmentExpr) =>
  evaluate(expr, idx.universe, { index: idx, columns: cols, nowMicros: NOW * 1000 }, (bm) => bm.size);
for (const c of CASES) {
  // Cold: every run splits the corp by its range bounds again, as the first count after a change does.
  const [cold] = p50(() => {
    for (const dim of NUM_DIMS) idx.slices[dim].forget();
    return count(c.expr);
  });
  const [e, n] = p50(() => count(c.expr));
  const base = c.baseline ? p50(c.baseline) : undefined;
  if (base && base[1] !== n) throw new Error(`${c.name}: engine ${n}, scan ${base[1]}`);
  const scan = base ? `, column scan ${base[0].toFixed(2)} ms` : "";
  console.log(`${c.name}: count ${n}, engine p50 ${e.toFixed(2)} ms (cold ${cold.toFixed(2)} ms)${scan}`);
  for (const [metric, value] of [
    [`${c.name}_p50_ms`, e],
    [`${c.name}_cold_p50_ms`, cold],
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
for (const l of lines) console.log(l);
