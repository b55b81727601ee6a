// What every sync phase receives: the corp's WeCom client, the run id (rows seen in this run carry it in
// seen_run), and the recorder of counts and repairs that the run stores with its progress.
import type { WeComClient } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";

/** At most this many repair items are stored per run; counts are always complete. */
export const MAX_REPAIR_ITEMS = 2000;

export interface RepairItem {
  kind: string;
  ref: Record<string, unknown>;
}

export class RunRecorder {
  /** Counters by name, e.g. customers, relations, pages. */
  readonly progress: Record<string, number>;
  /** Differences found between WeCom and Siyu, by kind (customer.added, relation.removed, tag.renamed …). */
  readonly repairs: Record<string, number>;
  private pending: RepairItem[] = [];
  private stored: number;

  constructor(progress: Record<string, number>, repairs: Record<string, number>, storedItems: number) {
    this.progress = progress;
    this.repairs = repairs;
    this.stored = storedItems;
  }

  count(name: string, n = 1): void {
    if (n !== 0) this.progress[name] = (this.progress[name] ?? 0) + n;
  }

  repair(kind: string, ref: Record<string, unknown>): void {
    this.repairs[kind] = (this.repairs[kind] ?? 0) + 1;
    if (this.stored + this.pending.length < MAX_REPAIR_ITEMS) this.pending.push({ kind, ref });
  }

  /** Writes the repair items gathered since the last flush (inside the caller's transaction). */
  async flush(db: Db, runId: string, corpId: string, at: Date): Promise<void> {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.stored += items.length;
    await db
      .insertInto("sync_repairs")
      .values(
        items.map((i) => ({ run_id: runId, corp_id: corpId, kind: i.kind, ref: JSON.stringify(i.ref), at })),
      )
      .execute();
  }
}

export interface SyncRun {
  ctx: Ctx;
  corpId: string;
  runId: string;
  kind: "full" | "reconcile";
  /** Write timeline entries for what changed (reconcile, callback refresh); not for a first full sync. */
  timeline: boolean;
  /** When the run started: rows changed by callbacks after this are newer than what the run saw. */
  startedAt: Date;
  client: WeComClient;
  rec: RunRecorder;
  /** Merges `checkpoint` into the run's and persists it with progress and repairs (in `db` when given). */
  save(checkpoint: Record<string, unknown>, db?: Db): Promise<void>;
}
