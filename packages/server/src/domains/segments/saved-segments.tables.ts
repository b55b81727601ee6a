// Saved segments and their count history (migration 0010).
import type { ColumnType, Generated } from "kysely";
import type { SegmentExpr } from "./segments.ast.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Count = ColumnType<string, number | string, number | string>;

export interface SavedSegmentsTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  description: string | null;
  /** The segment's JSON AST (ids, not names). */
  expr: ColumnType<SegmentExpr, string, string>;
  created_by: string | null;
  last_counted_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Why a count was taken. */
export type SegmentCountSource = "save" | "preview" | "poll";

export interface SegmentCountsTable {
  id: Generated<string>;
  corp_id: string;
  segment_id: string;
  count: Count;
  source: SegmentCountSource;
  took_ms: ColumnType<number, number | undefined, number>;
  counted_at: Timestamp;
}

export interface SavedSegmentsTables {
  saved_segments: SavedSegmentsTable;
  segment_counts: SegmentCountsTable;
}
