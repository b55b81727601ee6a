// The range columns' cached splits are kept current through changes: a corp split by a few bounds of each range
// column, then rounds of re-read customers (new values, deleted customers, new customers, another corp's customers)
// applied the way the change log applies them; after each round every range comparison on every cached bound equals
// a scan of the typed column, and the split computed from scratch.
import { describe, expect, it } from "vitest";
import { replaceCustomers } from "../src/domains/segments/engine/apply.ts";
import { NUM_DIMS, type NumDim, SPECS } from "../src/domains/segments/engine/bit-slices.ts";
import { Columns, NO_TIME } from "../src/domains/segments/engine/columns.ts";
import { CorpIndex, getOrSet } from "../src/domains/segments/engine/corp-index.ts";
import { type CustomerBatch, DIMS, type Dim } from "../src/domains/segments/engine/loader.ts";
import type { Comparison } from "../src/domains/segments/segments.ast.ts";

const DAY_US = 86_400_000_000;
const NOW_US = Date.parse("2026-11-20T08:30:00Z") * 1000;
const CMPS: Comparison[] = ["<", "<=", "=", ">=", ">"];

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Values {
  corp: string;
  orders?: { count: number; spent: number; last: number };
  added?: number;
}

/** Values with many ties on the bounds below (whole days, whole yuan, small counts). */
function randomValues(r: () => number, corp: string): Values {
  const v: Values = { corp };
  if (r() < 0.6) {
    const count = 1 + Math.floor(r() * 4);
    const spent = r() < 0.3 ? 10_000 + Math.floor(r() * 3) * 50 : Math.floor(r() * 40_000);
    const last = NOW_US - Math.floor(r() * 40) * DAY_US - (r() < 0.5 ? 0 : Math.floor(r() * DAY_US));
    v.orders = { count, spent, last };
  }
  if (r() < 0.8) v.added = NOW_US - Math.floor(r() * 60) * DAY_US - Math.floor(r() * 3) * 1000;
  return v;
}

function batchOf(values: Map<number, Values>): CustomerBatch {
  const pairs = {} as Record<Dim, { ids: number[]; keys: string[] }>;
  for (const dim of DIMS) pairs[dim] = { ids: [], keys: [] };
  const b: CustomerBatch = {
    ids: [],
    corps: [],
    pairs,
    orders: { ids: [], counts: [], spent: [], last: [] },
    firstAdded: { ids: [], at: [] },
    senders: { ids: [], keys: [] },
  };
  for (const [id, v] of values) {
    b.ids.push(id);
    b.corps.push(v.corp);
    if (v.orders) {
      b.orders.ids.push(id);
      b.orders.counts.push(v.orders.count);
      b.orders.spent.push(v.orders.spent);
      b.orders.last.push(v.orders.last);
    }
    if (v.added !== undefined) {
      b.firstAdded.ids.push(id);
      b.firstAdded.at.push(v.added);
    }
  }
  return b;
}

/** A few bounds per column (fewer than the cache keeps), on and between key boundaries. */
const BOUNDS: Record<NumDim, number[]> = {
  orderCount: [0, 1, 2, 3],
  totalSpent: [0, 10_000, 10_050, 12_345],
  lastOrder: [NOW_US - 30 * DAY_US, NOW_US - 7 * DAY_US - 12_345, NOW_US - 1],
  firstAdded: [NOW_US - 30 * DAY_US, NOW_US - 45 * DAY_US + 2000, NOW_US - 59 * DAY_US],
};

/** The corp's customers with a value (none never matches) satisfying `value cmp x`. */
function scan(idx: CorpIndex, dim: NumDim, col: ArrayLike<number>, cmp: Comparison, x: number): number[] {
  const ok = (v: number) =>
    SPECS[dim].has(v) &&
    (cmp === "<" ? v < x : cmp === "<=" ? v <= x : cmp === "=" ? v === x : cmp === ">=" ? v >= x : v > x);
  return Array.from(idx.universe.toUint32Array()).filter((id) => ok(col[id] as number));
}

function checkAll(idx: CorpIndex, columns: Columns, label: string): void {
  for (const dim of NUM_DIMS) {
    const col = columns[dim];
    for (const x of BOUNDS[dim]) {
      for (const cmp of CMPS) {
        const got = idx.slices[dim].compare(idx.universe, cmp, x, col, idx.universe);
        const ids = Array.from(got.toUint32Array());
        got.dispose();
        expect(ids, `${label}: ${dim} ${cmp} ${x}`).toEqual(scan(idx, dim, col, cmp, x));
      }
    }
  }
}

describe("cached range splits", () => {
  it("stay equal to a scan of the columns through rounds of changes, in both corps", () => {
    const r = prng(20261123);
    const columns = new Columns();
    const corps = new Map<string, CorpIndex>();
    const data = { columns, corps, corpIndex: (c: string) => getOrSet(corps, c, () => new CorpIndex()) };
    const all = new Map<number, Values>();
    for (let id = 1; id <= 3000; id++) all.set(id, randomValues(r, r() < 0.8 ? "A" : "B"));
    replaceCustomers(data, [], batchOf(all));
    let nextId = 3001;
    // Split both corps by every bound (the cache keeps them), then change customers between the checks.
    for (const idx of corps.values()) checkAll(idx, columns, "built");
    for (let round = 0; round < 25; round++) {
      const changed = new Map<number, Values>();
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) {
        const id = 1 + Math.floor(r() * (nextId - 1));
        ids.push(id);
        const old = all.get(id);
        if (!old || r() < 0.1)
          all.delete(id); // deleted (or never re-created)
        else changed.set(id, randomValues(r, old.corp)); // a customer never changes corp
      }
      for (let i = 0; i < 10; i++) {
        const id = nextId++;
        ids.push(id);
        changed.set(id, randomValues(r, r() < 0.8 ? "A" : "B"));
      }
      for (const [id, v] of changed) all.set(id, v);
      replaceCustomers(data, ids, batchOf(changed));
      for (const [name, idx] of corps) checkAll(idx, columns, `round ${round}, corp ${name}`);
    }
    // The maintained splits also equal splits computed from scratch.
    for (const [name, idx] of corps) {
      for (const dim of NUM_DIMS) idx.slices[dim].forget();
      checkAll(idx, columns, `recomputed, corp ${name}`);
    }
    expect(corps.get("A")?.universe.size).toBe([...all.values()].filter((v) => v.corp === "A").length);
    // Customers without orders have none in the columns (no stale values behind the splits).
    const noOrders = [...all].find(([, v]) => !v.orders)?.[0] as number;
    expect(columns.lastOrder[noOrders]).toBe(NO_TIME);
  });
});
