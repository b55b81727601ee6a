// Sync and reconcile runs (resumable, with progress) and the repairs a reconcile made.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface SyncRunsTable {
  id: Generated<string>;
  corp_id: string;
  kind: "full" | "reconcile";
  trigger: ColumnType<string, string | undefined, string>;
  status: ColumnType<"pending" | "running" | "done" | "failed", string | undefined, string>;
  /** directory → tags → customers → groups → sweep → done. */
  phase: ColumnType<string, string | undefined, string>;
  checkpoint: Json;
  progress: Json;
  repairs: Json;
  error: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Timestamp;
}

export interface SyncRepairsTable {
  id: Generated<string>;
  run_id: string;
  corp_id: string;
  kind: string;
  ref: ColumnType<Record<string, unknown>, string, string>;
  at: Timestamp;
}

export interface SyncTables {
  sync_runs: SyncRunsTable;
  sync_repairs: SyncRepairsTable;
}
