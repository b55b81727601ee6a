// One corp's bitmaps: every customer (the universe) and, per dimension, one bitmap per value (tag id, stage key,
// channel state, staff userid, store id, city, category, activity), all keyed by customers.id.
import { type BitSlices, NUM_DIMS, type NumDim, newSlices } from "./bit-slices.ts";
import type { Columns } from "./columns.ts";
import { DIMS, type Dim } from "./loader.ts";
import { type Bitmap, RoaringBitmap32 } from "./roaring.ts";

export { type Bitmap, RoaringBitmap32 };

/** The map's value for `key`, created by `make` when absent. */
export function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

export class CorpIndex {
  universe: Bitmap = new RoaringBitmap32();
  readonly dims: Record<Dim, Map<string, Bitmap>> = {
    tag: new Map(),
    stage: new Map(),
    channel: new Map(),
    staff: new Map(),
    store: new Map(),
    city: new Map(),
    category: new Map(),
    activity: new Map(),
  };

  /** Per typed column, a bit-sliced index (see bit-slices.ts). */
  readonly slices: Record<NumDim, BitSlices> = newSlices();

  /** Puts the customers in the typed columns' indexes (their column values are already in place). */
  addValues(ids: ArrayLike<number>, columns: Columns): void {
    for (const dim of NUM_DIMS) this.slices[dim].add(ids, columns[dim]);
  }

  /** Adds customers to the bitmap of one value. */
  addIds(dim: Dim, key: string, ids: Uint32Array): void {
    if (ids.length === 0) return;
    getOrSet(this.dims[dim], key, () => new RoaringBitmap32()).addMany(ids);
  }

  /** Adds every (id, value) pair of a batch; ids of one value are added in one call. */
  addPairs(dim: Dim, ids: number[], keys: string[]): void {
    const byKey = new Map<string, number[]>();
    for (let i = 0; i < ids.length; i++) {
      const k = keys[i] as string;
      const list = getOrSet(byKey, k, (): number[] => []);
      list.push(ids[i] as number);
    }
    const maps = this.dims[dim];
    for (const [k, list] of byKey) {
      const bm = getOrSet(maps, k, () => new RoaringBitmap32());
      bm.addMany(Uint32Array.from(list));
    }
  }

  /**
   * Takes the corp's customers among `ids` out of every bitmap (before their fresh attributes are added back, or for
   * good); other ids are ignored, so the other corps' bitmaps and cached splits are left alone. Every bitmap of a
   * corp is a subset of its universe.
   */
  removeEverywhere(ids: number[]): void {
    const arr = Uint32Array.from(ids.filter((id) => this.universe.has(id)));
    if (arr.length === 0) return;
    this.universe.removeMany(arr);
    for (const dim of DIMS) {
      const maps = this.dims[dim];
      for (const [k, bm] of maps) {
        bm.removeMany(arr);
        if (bm.isEmpty) maps.delete(k);
      }
    }
    for (const dim of NUM_DIMS) this.slices[dim].remove(arr);
  }

  /** Compacts runs after a bulk build. */
  optimize(): void {
    this.universe.runOptimize();
    this.universe.shrinkToFit();
    for (const bm of DIMS.flatMap((d) => [...this.dims[d].values()])) {
      bm.runOptimize();
      bm.shrinkToFit();
    }
    for (const dim of NUM_DIMS) this.slices[dim].optimize();
  }
}
