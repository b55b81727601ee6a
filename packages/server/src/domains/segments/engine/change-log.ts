// Follows `segment_changes` (migration 0009) exactly once per committed row, in any process. A row is final once its
// transaction id is below the xmin of a snapshot (every transaction before that has committed or aborted). Each
// poll reads, in one snapshot, every visible row at or above the horizon that was not read before; afterwards the
// horizon moves to that snapshot's xmin. Rows of transactions still running when polled are read by a later poll,
// so sequence gaps from concurrent commits never lose a change.
import { sql } from "kysely";
import type { Db } from "../../../db/database.ts";

export class ChangeCursor {
  /** Every row with xid below this has been read. */
  private horizon = 0n;
  /** Transactions at or above the horizon whose rows have been read. */
  private seen = new Set<bigint>();

  constructor(private readonly db: Db) {}

  /** Starts at "now": everything committed so far is covered by the build that follows. */
  async init(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      const snap = await sql<{
        xmin: string;
      }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(trx);
      const xmin = BigInt(snap.rows[0]?.xmin ?? "0");
      const rows = await sql<{ xid: string }>`select distinct xid::text as xid from segment_changes
        where xid >= ${String(xmin)}::xid8`.execute(trx);
      this.horizon = xmin;
      this.seen = new Set(rows.rows.map((r) => BigInt(r.xid)));
    });
  }

  /** Customer ids changed since the last poll (committed before this call started). */
  async poll(): Promise<number[]> {
    const changed = new Set<number>();
    await this.db.transaction().execute(async (trx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      const snap = await sql<{
        xmin: string;
      }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(trx);
      const xmin = BigInt(snap.rows[0]?.xmin ?? "0");
      const rows = await sql<{ customer_id: number; xid: string }>`select customer_id::float8 as customer_id,
          xid::text as xid from segment_changes
        where xid >= ${String(this.horizon)}::xid8 and not (xid = any(${[...this.seen].map(String)}::xid8[]))`.execute(
        trx,
      );
      const seen = new Set<bigint>();
      for (const x of this.seen) if (x >= xmin) seen.add(x);
      for (const r of rows.rows) {
        changed.add(r.customer_id);
        const x = BigInt(r.xid);
        if (x >= xmin) seen.add(x);
      }
      this.horizon = xmin > this.horizon ? xmin : this.horizon;
      this.seen = seen;
    });
    return [...changed];
  }
}

/** Deletes change rows older than the retention (a process behind by more than that rebuilds on restart). */
export async function pruneChanges(db: Db, retentionSeconds: number): Promise<number> {
  const r = await sql`delete from segment_changes
    where created_at < now() - ${retentionSeconds} * interval '1 second'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
