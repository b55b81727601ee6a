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
  /**
   * The customer's sender for mass sends: the member of their most recently added relation with status `active`
   * (ties: the smaller userid), as a number into `senderIds`; -1 without one.
   */
  sender = new Int32Array(0);
  /** Member userids by sender number (interned: a corp's members are few next to its customers). */
  readonly senderIds: string[] = [];
  private readonly senderNos = new Map<string, number>();

  /** The sender number of a userid, assigned on first sight. */
  senderNo(userid: string): number {
    let n = this.senderNos.get(userid);
    if (n === undefined) {
      n = this.senderIds.length;
      this.senderIds.push(userid);
      this.senderNos.set(userid, n);
    }
    return n;
  }

  get capacity(): number {
    return this.orderCount.length;
  }

  bytes(): number {
    return (
      this.lastOrder.byteLength +
      this.orderCount.byteLength +
      this.totalSpent.byteLength +
      this.firstAdded.byteLength +
      this.sender.byteLength
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
    this.sender = grow(this.sender, new Int32Array(size), -1);
  }

  /** Drops every value (before a rebuild). */
  clear(): void {
    this.lastOrder = new Float64Array(0);
    this.orderCount = new Uint32Array(0);
    this.totalSpent = new Float64Array(0);
    this.firstAdded = new Float64Array(0);
    this.sender = new Int32Array(0);
  }

  /** Back to "no orders, never added, no sender". */
  reset(id: number): void {
    if (id >= this.capacity) return;
    this.lastOrder[id] = NO_TIME;
    this.orderCount[id] = 0;
    this.totalSpent[id] = 0;
    this.firstAdded[id] = Number.NaN;
    this.sender[id] = -1;
  }
}

function grow<T extends Float64Array | Uint32Array | Int32Array>(old: T, next: T, fill: number): T {
  next.fill(fill, old.length);
  next.set(old);
  return next;
}
