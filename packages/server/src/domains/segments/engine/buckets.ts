// Range-encoded bitmaps for the typed columns: each customer also sits in one bucket bitmap per column (the week of
// the last order or of first added, the exact order count up to 64, the power of two of total spent). A comparison
// is then the union of the buckets entirely inside the range plus the exact check of the one or two buckets the
// bound cuts through, instead of a scan of every customer.
import type { Comparison } from "../segments.ast.ts";
import { type Columns, NO_TIME } from "./columns.ts";

export const NUM_DIMS = ["lastOrder", "firstAdded", "orderCount", "totalSpent"] as const;
export type NumDim = (typeof NUM_DIMS)[number];

export interface BucketSpec {
  /** The bucket of a value, or undefined when the value has none (no time). */
  of(v: number): number | undefined;
  /** Inclusive value range of bucket k. */
  lo(k: number): number;
  hi(k: number): number;
}

const WEEK_US = 7 * 86_400_000_000;

const time: BucketSpec = {
  of: (v) => (v === NO_TIME || Number.isNaN(v) ? undefined : Math.floor(v / WEEK_US)),
  lo: (k) => k * WEEK_US,
  hi: (k) => (k + 1) * WEEK_US - 1,
};

const COUNT_CAP = 64;
const count: BucketSpec = {
  of: (v) => Math.min(v, COUNT_CAP),
  lo: (k) => k,
  hi: (k) => (k === COUNT_CAP ? Number.POSITIVE_INFINITY : k),
};

/** -1: negative, 0: zero, k ≥ 1: [2^(k-1), 2^k - 1] (amounts are whole cents). */
const spent: BucketSpec = {
  of: (v) => {
    if (v < 0) return -1;
    if (v === 0) return 0;
    let k = 1 + Math.floor(Math.log2(v));
    while (2 ** (k - 1) > v) k--;
    while (2 ** k <= v) k++;
    return k;
  },
  lo: (k) => (k === -1 ? Number.NEGATIVE_INFINITY : k === 0 ? 0 : 2 ** (k - 1)),
  hi: (k) => (k === -1 ? -1 : k === 0 ? 0 : 2 ** k - 1),
};

export const SPECS: Record<NumDim, BucketSpec> = {
  lastOrder: time,
  firstAdded: time,
  orderCount: count,
  totalSpent: spent,
};

export function column(columns: Columns, dim: NumDim): Float64Array | Uint32Array {
  return columns[dim];
}

/** Every value in [lo, hi] satisfies `v cmp x`. */
export function holdsAll(cmp: Comparison, x: number, lo: number, hi: number): boolean {
  switch (cmp) {
    case ">=":
      return lo >= x;
    case ">":
      return lo > x;
    case "<=":
      return hi <= x;
    case "<":
      return hi < x;
    case "=":
      return lo === x && hi === x;
  }
}

/** No value in [lo, hi] satisfies `v cmp x`. */
export function holdsNone(cmp: Comparison, x: number, lo: number, hi: number): boolean {
  switch (cmp) {
    case ">=":
      return hi < x;
    case ">":
      return hi <= x;
    case "<=":
      return lo > x;
    case "<":
      return lo >= x;
    case "=":
      return x < lo || x > hi;
  }
}
