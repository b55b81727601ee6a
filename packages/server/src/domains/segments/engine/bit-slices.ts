// Bit-sliced indexes for the typed columns (O'Neil & Quass, "Improved query performance with variant indexes",
// 1997). Each customer's value is mapped to an unsigned key by a monotone (non-decreasing) function — whole UTC days
// for times, whole yuan for amounts, the count itself for order counts — and bitmap i holds the customers whose key
// has bit i set. "key ≥ k" is then one bitmap operation per bit, independent of how many customers or distinct
// values there are. Keys are coarser than values, so the customers whose key equals the bound's key (one day's, one
// yuan's worth: a few thousand at most at 10M customers) are checked against the exact column value; every other
// customer is decided by its key alone, which monotonicity makes exact.
import type { Comparison } from "../segments.ast.ts";
import { type Columns, NO_TIME } from "./columns.ts";
import { type Bitmap, RoaringBitmap32 } from "./roaring.ts";

export const NUM_DIMS = ["lastOrder", "firstAdded", "orderCount", "totalSpent"] as const;
export type NumDim = (typeof NUM_DIMS)[number];

export interface KeySpec {
  bits: number;
  /** Whether a value is present (customers without one are in no slice and match no comparison). */
  has(v: number): boolean;
  /** The key of any real number (values and bounds alike): monotone, clamped to [0, 2^bits − 1]. */
  key(v: number): number;
  /** Every customer has a value (orders: 0 without one), so the corp's universe is the set of present values. */
  total: boolean;
}

const DAY_US = 86_400_000_000;
/** 2000-01-01T00:00:00Z in µs: day keys count from there (16 bits reach 2179). */
const EPOCH_US = 946_684_800_000_000;

function clampKey(k: number, bits: number): number {
  const max = 2 ** bits - 1;
  if (!(k > 0)) return 0; // also NaN and −∞
  return Math.min(k, max);
}

const time: KeySpec = {
  bits: 16,
  has: (v) => v !== NO_TIME && !Number.isNaN(v),
  key: (v) => clampKey(Math.floor((v - EPOCH_US) / DAY_US), 16),
  total: false,
};

export const SPECS: Record<NumDim, KeySpec> = {
  lastOrder: time,
  firstAdded: time,
  orderCount: { bits: 16, has: () => true, key: (v) => clampKey(Math.floor(v), 16), total: true },
  // Whole yuan (amounts are cents).
  totalSpent: { bits: 24, has: () => true, key: (v) => clampKey(Math.floor(v / 100), 24), total: true },
};

const CHUNK = 65_536;

export class BitSlices {
  readonly slices: Bitmap[];
  /** Customers with a value (unused when the spec is total: the universe is passed in instead). */
  readonly present: Bitmap = new RoaringBitmap32();

  constructor(readonly spec: KeySpec) {
    this.slices = Array.from({ length: spec.bits }, () => new RoaringBitmap32());
  }

  /** Adds customers (not yet in the index) with their values from `col`; ids ascending is fastest. */
  add(ids: ArrayLike<number>, col: ArrayLike<number>): void {
    const { spec, slices } = this;
    const bufs = slices.map(() => new Uint32Array(Math.min(CHUNK, ids.length)));
    const lens = new Uint32Array(slices.length);
    const present = new Uint32Array(Math.min(CHUNK, ids.length));
    for (let start = 0; start < ids.length; start += CHUNK) {
      const end = Math.min(ids.length, start + CHUNK);
      lens.fill(0);
      let np = 0;
      for (let i = start; i < end; i++) {
        const id = ids[i] as number;
        const v = col[id] as number;
        if (!spec.has(v)) continue;
        present[np++] = id;
        // Keys are below 2^24: plain bit operations are exact.
        for (let b = 0, k = spec.key(v); k !== 0; b++, k >>>= 1) {
          if (k & 1) {
            const n = lens[b] as number;
            (bufs[b] as Uint32Array)[n] = id;
            lens[b] = n + 1;
          }
        }
      }
      if (!spec.total) this.present.addMany(present.subarray(0, np));
      for (let b = 0; b < slices.length; b++) {
        if (lens[b] !== 0) (slices[b] as Bitmap).addMany((bufs[b] as Uint32Array).subarray(0, lens[b]));
      }
    }
  }

  remove(ids: Uint32Array): void {
    this.present.removeMany(ids);
    for (const s of this.slices) s.removeMany(ids);
  }

  optimize(): void {
    for (const bm of [this.present, ...this.slices]) {
      bm.runOptimize();
      bm.shrinkToFit();
    }
  }

  /** Members of `from` (a subset of the customers with a value) whose key is ≥ k. */
  private atLeast(k: number, from: Bitmap): Bitmap {
    const { bits } = this.spec;
    if (k > 2 ** bits - 1) return new RoaringBitmap32();
    // GE_i = {v : v mod 2^(i+1) ≥ k mod 2^(i+1)}: where bit i of k is 1, v needs bit i and GE_(i−1); where it
    // is 0, bit i alone suffices, or GE_(i−1). Trailing zero bits of k leave GE = from.
    let i = 0;
    while (i < bits && Math.floor(k / 2 ** i) % 2 === 0) i++;
    if (i === bits) return from; // k = 0
    const ge = from.clone();
    for (; i < bits; i++) {
      const slice = this.slices[i] as Bitmap;
      if (Math.floor(k / 2 ** i) % 2 === 1) ge.andInPlace(slice);
      else if (!slice.isEmpty) ge.orInPlace(slice);
    }
    // Unions bring in customers outside `from`: keep only its members.
    return ge.andInPlace(from);
  }

  /** Members of `from` whose key is exactly k. */
  private equalTo(k: number, from: Bitmap): Bitmap {
    const eq = from.clone();
    for (let i = 0; i < this.spec.bits && !eq.isEmpty; i++) {
      const slice = this.slices[i] as Bitmap;
      if (Math.floor(k / 2 ** i) % 2 === 1) eq.andInPlace(slice);
      else if (!slice.isEmpty) eq.andNotInPlace(slice);
    }
    return eq;
  }

  /**
   * Members of `cand` whose value satisfies `value cmp x` (customers without a value never do). `universe` is the
   * corp's customers (the present set of a total spec).
   */
  compare(cand: Bitmap, cmp: Comparison, x: number, col: ArrayLike<number>, universe: Bitmap): Bitmap {
    const from = RoaringBitmap32.and(cand, this.spec.total ? universe : this.present);
    if (from.isEmpty) return from;
    if (x === Number.NEGATIVE_INFINITY && (cmp === ">=" || cmp === ">")) return from;
    const k = this.spec.key(x);
    // The customers sharing the bound's key are decided by their exact value.
    const boundary = exact(this.equalTo(k, from), cmp, x, col);
    if (cmp === "=") return boundary;
    if (cmp === ">=" || cmp === ">") return boundary.orInPlace(this.atLeast(k + 1, from));
    // < and ≤: the keys below k, i.e. from minus the keys ≥ k.
    return boundary.orInPlace(RoaringBitmap32.andNot(from, this.atLeast(k, from)));
  }

  bytes(): number {
    let n = this.present.getSerializationSizeInBytes("croaring");
    for (const s of this.slices) n += s.getSerializationSizeInBytes("croaring");
    return n;
  }
}

/** The members of `set` whose column value satisfies the comparison (NaN satisfies none). */
function exact(set: Bitmap, cmp: Comparison, x: number, col: ArrayLike<number>): Bitmap {
  if (set.isEmpty) return set;
  const ids = set.toUint32Array();
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    const v = col[id] as number;
    let ok: boolean;
    switch (cmp) {
      case "<":
        ok = v < x;
        break;
      case "<=":
        ok = v <= x;
        break;
      case "=":
        ok = v === x;
        break;
      case ">=":
        ok = v >= x;
        break;
      case ">":
        ok = v > x;
        break;
    }
    if (ok) ids[n++] = id;
  }
  return new RoaringBitmap32(ids.subarray(0, n));
}

/** Per corp: one bit-sliced index per typed column. */
export function newSlices(): Record<NumDim, BitSlices> {
  return {
    lastOrder: new BitSlices(SPECS.lastOrder),
    firstAdded: new BitSlices(SPECS.firstAdded),
    orderCount: new BitSlices(SPECS.orderCount),
    totalSpent: new BitSlices(SPECS.totalSpent),
  };
}

export function columnOf(columns: Columns, dim: NumDim): Float64Array | Uint32Array {
  return columns[dim];
}
