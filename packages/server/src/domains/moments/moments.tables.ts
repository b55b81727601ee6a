// Customer moments (客户朋友圈): posts, each member's publish status, and customers' likes and comments.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type MomentStatus = "scheduled" | "publishing" | "published" | "failed" | "cancelled";

/** What a post carries besides its text: images, one video or one link, from the materials library. */
export type MomentAttachment =
  | { type: "image"; materialId: string }
  | { type: "video"; materialId: string }
  | { type: "link"; url: string; title: string; coverMaterialId: string };

export interface MomentsTable {
  id: Generated<string>;
  corp_id: string;
  text: ColumnType<string, string | undefined, string>;
  attachments: Json<MomentAttachment[]>;
  /** Members asked to publish it; empty = every member in the app's range. */
  senders: TextArray;
  /** Visible only to customers carrying any of these corp tags; empty = all of the members' customers. */
  tag_ids: TextArray;
  publish_at: Date;
  /** Given a time by its author (rather than "now"). */
  scheduled: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<MomentStatus, MomentStatus | undefined, MomentStatus>;
  jobid: string | null;
  wecom_moment_id: string | null;
  error: string | null;
  invalid_senders: TextArray;
  invalid_tags: TextArray;
  created_by: string | null;
  created_at: Timestamp;
  publishing_at: Date | null;
  published_at: Date | null;
  cancelled_at: Date | null;
  /** When the worker next asks WeCom (job result while publishing; status and comments once published). */
  next_poll_at: Date | null;
  polled_at: Date | null;
}

export interface MomentMembersTable {
  moment_id: string;
  corp_id: string;
  userid: string;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  published_seen_at: Date | null;
}

export type MomentInteractionKind = "like" | "comment";

export interface MomentInteractionsTable {
  id: Generated<string>;
  corp_id: string;
  moment_id: string;
  /** The member under whose post it was left. */
  userid: string;
  external_userid: string;
  kind: MomentInteractionKind;
  at: Date;
  pulled_at: Date;
}

export interface MomentsTables {
  moments: MomentsTable;
  moment_members: MomentMembersTable;
  moment_interactions: MomentInteractionsTable;
}
