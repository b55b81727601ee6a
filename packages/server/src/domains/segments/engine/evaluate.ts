// Evaluates a segment expression over one corp's bitmaps and the typed columns. Every node is evaluated within a
// candidate set and returns exactly its members that match: AND narrows the candidates argument by argument (bitmap
// terms first), so numeric and date terms usually filter a small set; over many candidates they are a few dozen
// operations on the columns' bit-sliced indexes (bit-slices.ts) instead of a scan of every customer.
import type { Comparison, SegmentExpr, SegmentTerm } from "../segments.ast.ts";
import { instantMicros, lastOrderThresholdMicros } from "../segments.time.ts";
import type { NumDim } from "./bit-slices.ts";
import type { Columns } from "./columns.ts";
import { type Bitmap, type CorpIndex, RoaringBitmap32 } from "./corp-index.ts";
import type { Dim } from "./loader.ts";

const { and, andNot, orMany } = RoaringBitmap32;

/**
 * The bitmaps one evaluation makes, freed as soon as they are dead and the rest when it ends. roaring reports its
 * native memory to V8, so temporaries left to the garbage collector (about a megabyte each at 10M customers, dozens
 * per range term) made V8 run a full collection every few evaluations, 5–15 ms each: most of a count's time.
 */
class Scope {
  private readonly made = new Set<Bitmap>();

  own(bm: Bitmap): Bitmap {
    this.made.add(bm);
    return bm;
  }

  /** Frees `bm` if this evaluation made it (an index's own bitmap or the caller's candidates are never freed). */
  free(bm: Bitmap): void {
    if (this.made.delete(bm)) bm.dispose();
  }

  close(): void {
    for (const bm of this.made) bm.dispose();
    this.made.clear();
  }
}

export interface EvalInput {
  index: CorpIndex;
  columns: Columns;
  nowMicros: number;
}

/** Terms answered from bitmaps alone (cheap; evaluated first in an AND). */
function isBitmapTerm(e: SegmentExpr): boolean {
  return "term" in e && !["added", "lastOrder", "orderCount", "totalSpent"].includes(e.term);
}

let scratch = new Uint32Array(0);
function scratchOf(n: number): Uint32Array {
  if (scratch.length < n) scratch = new Uint32Array(Math.max(n, scratch.length * 2));
  return scratch;
}

type Pred = { dim: NumDim; col: Float64Array | Uint32Array; cmp: Comparison; value: number };

/** Ids of `cand` whose column value satisfies every predicate (all comparisons are false for NaN). */
function filter(cand: Bitmap, preds: Pred[]): Bitmap {
  if (cand.isEmpty) return new RoaringBitmap32();
  const lo = cand.minimum();
  const hi = cand.maximum();
  const span = hi - lo + 1;
  const out = scratchOf(Math.min(span, cand.size));
  let n = 0;
  const ok = (id: number) => {
    for (const p of preds) {
      const v = p.col[id] as number;
      switch (p.cmp) {
        case "<":
          if (!(v < p.value)) return false;
          break;
        case "<=":
          if (!(v <= p.value)) return false;
          break;
        case "=":
          if (!(v === p.value)) return false;
          break;
        case ">=":
          if (!(v >= p.value)) return false;
          break;
        case ">":
          if (!(v > p.value)) return false;
          break;
      }
    }
    return true;
  };
  if (cand.size * 2 < span) {
    const ids = cand.toUint32Array();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (ok(id)) out[n++] = id;
    }
    return new RoaringBitmap32(out.subarray(0, n));
  }
  // Dense candidates: a straight scan of the range, then keep the candidates.
  const wide = scratchOf(span);
  if (preds.length === 1) {
    n = scanOne(preds[0] as Pred, lo, hi, wide);
  } else {
    for (let id = lo; id <= hi; id++) if (ok(id)) wide[n++] = id;
  }
  const matched = new RoaringBitmap32(wide.subarray(0, n));
  const kept = and(matched, cand);
  matched.dispose();
  return kept;
}

/** One comparison over [lo, hi], a tight loop per operator. */
function scanOne(p: Pred, lo: number, hi: number, out: Uint32Array): number {
  const col = p.col;
  const x = p.value;
  let n = 0;
  switch (p.cmp) {
    case "<":
      for (let id = lo; id <= hi; id++) if ((col[id] as number) < x) out[n++] = id;
      break;
    case "<=":
      for (let id = lo; id <= hi; id++) if ((col[id] as number) <= x) out[n++] = id;
      break;
    case "=":
      for (let id = lo; id <= hi; id++) if ((col[id] as number) === x) out[n++] = id;
      break;
    case ">=":
      for (let id = lo; id <= hi; id++) if ((col[id] as number) >= x) out[n++] = id;
      break;
    case ">":
      for (let id = lo; id <= hi; id++) if ((col[id] as number) > x) out[n++] = id;
      break;
  }
  return n;
}

function columnPreds(t: SegmentTerm, input: EvalInput): Pred[] {
  const { columns } = input;
  switch (t.term) {
    case "added": {
      const preds: Pred[] = [];
      // NaN (no active relation with a time) fails every comparison; with no bounds, require a time at all.
      if (t.from !== undefined)
        preds.push({ dim: "firstAdded", col: columns.firstAdded, cmp: ">=", value: instantMicros(t.from) });
      if (t.to !== undefined)
        preds.push({ dim: "firstAdded", col: columns.firstAdded, cmp: "<", value: instantMicros(t.to) });
      if (preds.length === 0)
        preds.push({
          dim: "firstAdded",
          col: columns.firstAdded,
          cmp: ">=",
          value: Number.NEGATIVE_INFINITY,
        });
      return preds;
    }
    case "lastOrder":
      return [
        {
          dim: "lastOrder",
          col: columns.lastOrder,
          cmp: ">=",
          value: lastOrderThresholdMicros(input.nowMicros, t.days),
        },
      ];
    case "orderCount":
      return [{ dim: "orderCount", col: columns.orderCount, cmp: t.cmp, value: t.value }];
    case "totalSpent":
      return [{ dim: "totalSpent", col: columns.totalSpent, cmp: t.cmp, value: t.valueCents }];
    default:
      throw new Error(`not a column term: ${t.term}`);
  }
}

/** The union of the named values' bitmaps: one of the index's own when a single one exists. */
function anyOf(index: CorpIndex, dim: Dim, keys: string[], s: Scope): Bitmap {
  const maps = index.dims[dim];
  const found: Bitmap[] = [];
  for (const k of new Set(keys)) {
    const bm = maps.get(k);
    if (bm) found.push(bm);
  }
  if (found.length === 1) return found[0] as Bitmap;
  return s.own(found.length === 0 ? new RoaringBitmap32() : orMany(found));
}

function termBitmap(t: SegmentTerm, index: CorpIndex, s: Scope): Bitmap {
  switch (t.term) {
    case "tag": {
      if (t.match === "any") return anyOf(index, "tag", t.tagIds, s);
      let acc: Bitmap | undefined;
      for (const id of new Set(t.tagIds)) {
        const bm = index.dims.tag.get(id) ?? s.own(new RoaringBitmap32());
        if (!acc) acc = bm;
        else {
          const next = s.own(and(acc, bm));
          s.free(acc);
          s.free(bm);
          acc = next;
        }
      }
      return acc ?? index.universe;
    }
    case "stage":
      return anyOf(index, "stage", t.stages, s);
    case "channel":
      return anyOf(index, "channel", t.states, s);
    case "staff":
      return anyOf(index, "staff", t.userids, s);
    case "store":
      return anyOf(index, "store", t.storeIds, s);
    case "city":
      return anyOf(index, "city", t.cities, s);
    case "category":
      return anyOf(index, "category", t.categories, s);
    case "activity":
      return anyOf(index, "activity", t.activities, s);
    default:
      throw new Error(`not a bitmap term: ${t.term}`);
  }
}

/**
 * Counts, samples or lists the members of `cand` that match `e`: `use` gets them as a bitmap it may only read, and
 * only until it returns (every bitmap the evaluation made, the result included, is freed then).
 */
export function evaluate<T>(e: SegmentExpr, cand: Bitmap, input: EvalInput, use: (members: Bitmap) => T): T {
  const s = new Scope();
  try {
    return use(members(e, cand, input, s));
  } finally {
    s.close();
  }
}

/**
 * The members of `cand` that match `e`. Never mutates its inputs; may return `cand` or one of the index's own bitmaps
 * (freeing through the scope leaves those alone). Every bitmap of a corp is a subset of its universe, so a bitmap term
 * over the whole universe is its bitmap as is, and each operation on a 10M-customer bitmap that is not needed is
 * skipped. A node frees what it made once it is dead, never its `cand` (its caller's).
 */
function members(e: SegmentExpr, cand: Bitmap, input: EvalInput, s: Scope): Bitmap {
  if ("op" in e) {
    switch (e.op) {
      case "not": {
        // cand − (cand ∩ T) = cand − T: one operation for a bitmap term.
        const sub = isBitmapTerm(e.arg)
          ? termBitmap(e.arg as SegmentTerm, input.index, s)
          : members(e.arg, cand, input, s);
        const out = s.own(andNot(cand, sub));
        if (sub !== cand) s.free(sub);
        return out;
      }
      case "and": {
        const ordered = [...e.args.filter(isBitmapTerm), ...e.args.filter((a) => !isBitmapTerm(a))];
        let acc = cand;
        for (const arg of ordered) {
          if (acc.isEmpty) break;
          const next = members(arg, acc, input, s);
          if (acc !== cand && next !== acc) s.free(acc);
          acc = next;
        }
        return acc;
      }
      case "or": {
        if (e.args.length === 0) return s.own(new RoaringBitmap32());
        // A column term only needs the candidates not matched yet (fewer to check); a bitmap term costs the same
        // either way, so the remaining candidates are computed only when a column term follows.
        const parts: Bitmap[] = [];
        let rest = cand;
        // A part may be the very candidates it was given.
        const dropRest = () => {
          if (rest !== cand && !parts.includes(rest)) s.free(rest);
        };
        for (let i = 0; i < e.args.length; i++) {
          if (rest.isEmpty) break;
          const arg = e.args[i] as SegmentExpr;
          const part = members(arg, isBitmapTerm(arg) ? cand : rest, input, s);
          parts.push(part);
          const later = e.args.slice(i + 1).some((a) => !isBitmapTerm(a));
          if (later && !part.isEmpty) {
            const next = s.own(andNot(rest, part));
            dropRest();
            rest = next;
          }
        }
        dropRest();
        if (parts.length === 1) return parts[0] as Bitmap;
        const out = s.own(orMany(parts));
        for (const part of parts) if (part !== cand) s.free(part);
        return out;
      }
    }
  }
  const { index } = input;
  if (isBitmapTerm(e)) {
    const bm = termBitmap(e, index, s);
    if (cand === index.universe) return bm;
    const out = s.own(and(cand, bm));
    s.free(bm);
    return out;
  }
  const preds = columnPreds(e, input);
  // Few candidates: check them one by one. Many: answer from the bit-sliced indexes. Checking one by one reads the
  // columns at random (a cache miss per customer at 10M: ~60 ms for 600,000 candidates), so only a small share of
  // the universe is checked that way.
  if (cand.size * 256 < index.universe.size) return s.own(filter(cand, preds));
  let acc = cand;
  for (const p of preds) {
    const next = s.own(index.slices[p.dim].compare(acc, p.cmp, p.value, p.col, index.universe));
    if (acc !== cand) s.free(acc);
    acc = next;
  }
  return acc;
}
