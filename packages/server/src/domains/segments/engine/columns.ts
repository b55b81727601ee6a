// Typed columns indexed by customers.id (ids are dense per database, shared by all corps): the numeric and date
// attributes the bitmaps cannot hold. Times are microseconds since the epoch (PostgreSQL's resolution).

export const NO_TIME = Number.NEGATIVE_INFINITY;

export class Columns {
  /** Latest paid order, µs; NO_TIME without one. */
  lastOrder = new Float64Array(0);
  /** Number of paid orders. */
  orderCount = new Uint32Array(0);
  /** Sum of paid orders' amount_cents. */
  totalSpent = new Float64Array(0);
  /** Earliest added_at over active follow relations, µs; NaN without one (never matches a comparison). */
  firstAdded = new Float64Array(0);

  get capacity(): number {
    return this.orderCount.length;
  }

  bytes(): number {
    return (
      this.lastOrder.byteLength +
      this.orderCount.byteLength +
      this.totalSpent.byteLength +
      this.firstAdded.byteLength
    );
  }

  /** Makes room for ids up to `maxId` (grows by half again, so appends stay amortised). */
  ensure(maxId: number): void {
    if (maxId < this.capacity) return;
    const size = Math.max(maxId + 1, Math.ceil(this.capacity * 1.5), 1024);
    this.lastOrder = grow(this.lastOrder, new Float64Array(size), NO_TIME);
    this.orderCount = grow(this.orderCount, new Uint32Array(size), 0);
    this.totalSpent = grow(this.totalSpent, new Float64Array(size), 0);
    this.firstAdded = grow(this.firstAdded, new Float64Array(size), Number.NaN);
  }

  /** Drops every value (before a rebuild). */
  clear(): void {
    this.lastOrder = new Float64Array(0);
    this.orderCount = new Uint32Array(0);
    this.totalSpent = new Float64Array(0);
    this.firstAdded = new Float64Array(0);
  }

  /** Back to "no orders, never added". */
  reset(id: number): void {
    if (id >= this.capacity) return;
    this.lastOrder[id] = NO_TIME;
    this.orderCount[id] = 0;
    this.totalSpent[id] = 0;
    this.firstAdded[id] = Number.NaN;
  }
}

function grow<T extends Float64Array | Uint32Array>(old: T, next: T, fill: number): T {
  next.fill(fill, old.length);
  next.set(old);
  return next;
}
