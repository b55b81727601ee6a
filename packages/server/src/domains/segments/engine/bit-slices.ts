// Bit-sliced indexes for the typed columns (O'Neil & Quass, "Improved query performance with variant indexes",
// 1997). Each customer's value is mapped to an unsigned key by a monotone (non-decreasing) function — whole UTC days
// for times, whole yuan for amounts, the count itself for order counts — and bitmap i holds the customers whose key
// has bit i set. "key > k" and "key = k" are then one or two bitmap operations per bit, independent of how many
// customers or distinct values there are. Keys are coarser than values, so the customers whose key equals the bound's key (one day's, one
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
  /** Values are whole numbers and key(v) = v below the clamp (no exact check needed for a whole bound). */
  integer: boolean;
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
  integer: false,
};

export const SPECS: Record<NumDim, KeySpec> = {
  lastOrder: time,
  firstAdded: time,
  orderCount: {
    bits: 16,
    has: () => true,
    key: (v) => clampKey(Math.floor(v), 16),
    total: true,
    integer: true,
  },
  // Whole yuan (amounts are cents).
  totalSpent: {
    bits: 24,
    has: () => true,
    key: (v) => clampKey(Math.floor(v / 100), 24),
    total: true,
    integer: false,
  },
};

const CHUNK = 65_536;
/**
 * Bound keys whose split over the whole corp is kept per column (least recently used dropped first): an operator
 * editing a segment re-counts it with every change while most of its range terms stay as they were. At 10M customers
 * an entry is at most about 1.3 MB. Splits are kept current as customers are added and removed (O(cached keys) per
 * changed customer), so orders and new customers arriving every second do not make every count a first one.
 */
const CACHED_KEYS = 8;

interface Split {
  /** Customers whose key is above the bound's. */
  gt: Bitmap;
  /** Customers whose key is the bound's. */
  eq: Bitmap;
}

export class BitSlices {
  readonly slices: Bitmap[];
  /** Customers with a value (unused when the spec is total: the corp's universe is passed in instead). */
  readonly present: Bitmap = new RoaringBitmap32();
  /** Splits of every customer with a value (see CACHED_KEYS), by bound key; updated with every change. */
  private readonly splits = new Map<number, Split>();

  constructor(readonly spec: KeySpec) {
    this.slices = Array.from({ length: spec.bits }, () => new RoaringBitmap32());
  }

  /**
   * Adds customers (not yet in the index) with their values from `col`; ids ascending is fastest. Each cached split
   * gets them too, on the side of its bound their key falls.
   */
  add(ids: ArrayLike<number>, col: ArrayLike<number>): void {
    const { spec, slices } = this;
    const size = Math.min(CHUNK, ids.length);
    const bufs = slices.map(() => new Uint32Array(size));
    const lens = new Uint32Array(slices.length);
    const present = new Uint32Array(size);
    const keys = new Uint32Array(size);
    for (let start = 0; start < ids.length; start += CHUNK) {
      const end = Math.min(ids.length, start + CHUNK);
      lens.fill(0);
      let np = 0;
      for (let i = start; i < end; i++) {
        const id = ids[i] as number;
        const v = col[id] as number;
        if (!spec.has(v)) continue;
        const key = spec.key(v);
        keys[np] = key;
        present[np++] = id;
        // Keys are below 2^24: plain bit operations are exact.
        for (let b = 0, k = key; k !== 0; b++, k >>>= 1) {
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
      this.addToSplits(present.subarray(0, np), keys.subarray(0, np));
    }
  }

  /** Puts customers with a value (their keys alongside) into every cached split, on their side of its bound. */
  private addToSplits(ids: Uint32Array, keys: Uint32Array): void {
    if (this.splits.size === 0 || ids.length === 0) return;
    const gtIds = new Uint32Array(ids.length);
    const eqIds = new Uint32Array(ids.length);
    for (const [k, { gt, eq }] of this.splits) {
      let ng = 0;
      let ne = 0;
      for (let i = 0; i < ids.length; i++) {
        const key = keys[i] as number;
        if (key > k) gtIds[ng++] = ids[i] as number;
        else if (key === k) eqIds[ne++] = ids[i] as number;
      }
      if (ng !== 0) gt.addMany(gtIds.subarray(0, ng));
      if (ne !== 0) eq.addMany(eqIds.subarray(0, ne));
    }
  }

  /** Takes customers out of the index and out of every cached split. */
  remove(ids: Uint32Array): void {
    this.present.removeMany(ids);
    for (const s of this.slices) s.removeMany(ids);
    for (const { gt, eq } of this.splits.values()) {
      gt.removeMany(ids);
      eq.removeMany(ids);
    }
  }

  optimize(): void {
    for (const bm of [this.present, ...this.slices]) {
      bm.runOptimize();
      bm.shrinkToFit();
    }
  }

  /** Drops the cached splits (a bench measuring counts without them; a rebuild starts from new indexes). */
  forget(): void {
    for (const { gt, eq } of this.splits.values()) {
      gt.dispose();
      eq.dispose();
    }
    this.splits.clear();
  }

  /** The split of `all` (every customer with a value) by k, from the cache when it was computed before. */
  private splitAll(k: number, all: Bitmap): Split {
    let hit = this.splits.get(k);
    if (hit) this.splits.delete(k);
    else {
      hit = this.split(k, all);
      if (this.splits.size >= CACHED_KEYS) {
        const [oldest, old] = this.splits.entries().next().value as [number, Split];
        old.gt.dispose();
        old.eq.dispose();
        this.splits.delete(oldest);
      }
    }
    this.splits.set(k, hit);
    return hit;
  }

  /**
   * Splits `from` by key against k, from the most significant bit down (O'Neil & Quass's range algorithm): `eq`
   * only ever shrinks (one AND or AND NOT per bit) and each customer leaves it for `gt` at the first bit where its
   * key is 1 and k's is 0. One pass gives both "key > k" and "key = k", as new bitmaps; the work is done in place on
   * them, with one temporary bitmap per bit that moves customers, freed at once (see Scope in evaluate.ts).
   */
  private split(k: number, from: Bitmap): Split {
    const gt = new RoaringBitmap32();
    const eq = from.clone();
    for (let i = this.spec.bits - 1; i >= 0 && !eq.isEmpty; i--) {
      const slice = this.slices[i] as Bitmap;
      if ((k >>> i) & 1) eq.andInPlace(slice);
      else if (eq.intersects(slice)) {
        const up = RoaringBitmap32.and(eq, slice);
        gt.orInPlace(up);
        eq.andNotInPlace(up);
        up.dispose();
      }
    }
    return { gt, eq };
  }

  /**
   * Members of `cand` (some of the corp's customers, `universe`) whose value satisfies `value cmp x` (customers
   * without a value never do), as a new bitmap. Never mutates its inputs; frees every temporary it makes. The corp
   * is split by the bound's key once (kept current through changes); each count then costs one or two operations on
   * `cand` plus an exact check of its members that share the bound's key.
   */
  compare(cand: Bitmap, cmp: Comparison, x: number, col: ArrayLike<number>, universe: Bitmap): Bitmap {
    const all = this.spec.total ? universe : this.present;
    if (cand.isEmpty) return new RoaringBitmap32();
    if (x === Number.NEGATIVE_INFINITY && (cmp === ">=" || cmp === ">"))
      return RoaringBitmap32.and(cand, all);
    const { gt, eq } = this.splitAll(this.spec.key(x), all);
    // The candidates sharing the bound's key are decided by their exact value, unless keys are the values
    // themselves (whole order counts below the clamp), where the key class is exactly {v = x}.
    const whole = this.spec.integer && Number.isInteger(x) && x >= 0 && x < 2 ** this.spec.bits - 1;
    const tie = RoaringBitmap32.and(cand, eq);
    let boundary: Bitmap;
    if (!whole) boundary = exact(tie, cmp, x, col);
    else boundary = cmp === "=" || cmp === ">=" || cmp === "<=" ? tie : new RoaringBitmap32();
    if (boundary !== tie) tie.dispose();
    if (cmp === "=") return boundary;
    let out: Bitmap;
    if (cmp === ">=" || cmp === ">") out = RoaringBitmap32.and(cand, gt);
    // < and ≤: the keys below k, plus the boundary's matches.
    else out = RoaringBitmap32.and(cand, all).andNotInPlace(gt).andNotInPlace(eq);
    if (!boundary.isEmpty) out.orInPlace(boundary);
    boundary.dispose();
    return out;
  }

  bytes(): number {
    let n = this.present.getSerializationSizeInBytes("croaring");
    for (const s of this.slices) n += s.getSerializationSizeInBytes("croaring");
    return n;
  }
}

/** The members of `set` whose column value satisfies the comparison (NaN satisfies none). */
function exact(set: Bitmap, cmp: Comparison, x: number, col: ArrayLike<number>): Bitmap {
  if (set.isEmpty) return new RoaringBitmap32();
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
