// Corp tag groups and tags (mirrors of WeCom's), tags on follow relations, and bulk tag jobs.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RunId = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type Order = ColumnType<string, number | string | undefined, number | string>;

export interface TagGroupsTable {
  corp_id: string;
  group_id: string;
  name: string;
  /** Larger sorts first (WeCom). */
  order: Order;
  created_at: Date | null;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export interface TagsTable {
  corp_id: string;
  tag_id: string;
  group_id: string;
  name: string;
  order: Order;
  created_at: Date | null;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

/** How a tag came onto a follow relation: seen in WeCom, applied in Siyu, by a channel code, or by a rule. */
export type TagSource = "wecom" | "siyu" | "channel" | "rule";

export interface FollowTagsTable {
  corp_id: string;
  external_userid: string;
  userid: string;
  tag_id: string;
  source: ColumnType<TagSource, TagSource | undefined, TagSource>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  applied_at: Timestamp;
  seen_run: RunId;
}

export interface TagJobsTable {
  id: Generated<string>;
  corp_id: string;
  add_tags: ColumnType<string[], string[] | undefined, string[]>;
  remove_tags: ColumnType<string[], string[] | undefined, string[]>;
  selection: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<"pending" | "running" | "done" | "failed", string | undefined, string>;
  total: ColumnType<number, number | undefined, number>;
  done: ColumnType<number, number | undefined, number>;
  failed: ColumnType<number, number | undefined, number>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagJobItemsTable {
  job_id: string;
  external_userid: string;
  userid: string;
  status: ColumnType<"pending" | "done" | "failed", string | undefined, string>;
  error: string | null;
}

export interface TagsTables {
  tag_groups: TagGroupsTable;
  tags: TagsTable;
  follow_tags: FollowTagsTable;
  tag_jobs: TagJobsTable;
  tag_job_items: TagJobItemsTable;
}
