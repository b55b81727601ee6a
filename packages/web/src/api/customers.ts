// Shapes of the customers (客户), tags (标签) and sync APIs as the console consumes them (mirrors
// packages/server/src/domains/customers/customers.schemas.ts, tags/tags.schemas.ts, sync/sync.schemas.ts).
import type { CustomerOrders } from "./orders.ts";

export interface TagRef {
  id: string;
  name: string;
  groupName: string | null;
}

export type FollowStatus = "active" | "pending" | "deleted_by_member" | "deleted_by_customer" | "transferred";

export interface Follow {
  userid: string;
  memberName: string | null;
  status: FollowStatus;
  remark: string;
  description: string;
  remarkMobiles: string[];
  state: string | null;
  addWay: number | null;
  addedAt: string | null;
  tags: TagRef[];
}

export interface CustomerSummary {
  id: string;
  corpId: string;
  externalUserId: string;
  name: string;
  /** 1 WeChat user, 2 WeCom user, 0 not yet known. */
  type: number;
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  avatar: string | null;
  unionid: string | null;
  corpName: string | null;
  phones: string[];
  personKey: string;
  follows: Follow[];
}

export interface CustomerPage {
  items: CustomerSummary[];
  nextCursor: string | null;
}

export interface TimelineEntry {
  kind: string;
  userid: string | null;
  detail: Record<string, unknown>;
  occurredAt: string;
}

export interface CustomerDetail extends CustomerSummary {
  position: string | null;
  createdAt: string;
  updatedAt: string;
  person: {
    key: string;
    customers: { id: string; externalUserId: string; name: string; via: "unionid" | "phone" }[];
  };
  groups: { chatId: string; name: string; joinedAt: string | null }[];
  orders: CustomerOrders;
  timeline: TimelineEntry[];
}

/** GET /api/customers filters (besides corpId, cursor and limit). */
export interface CustomerFilter {
  q?: string;
  tag?: string[];
  staff?: string;
  state?: string;
  addedFrom?: string;
  addedTo?: string;
}

export interface Tag {
  id: string;
  name: string;
  order: number;
  customers: number;
}

export interface TagGroup {
  id: string;
  name: string;
  order: number;
  tags: Tag[];
}

export interface NewTags {
  groupId?: string;
  groupName?: string;
  order?: number;
  tags: { name: string; order?: number }[];
}

export type JobStatus = "pending" | "running" | "done" | "failed";

export interface TagJob {
  id: string;
  corpId: string;
  status: JobStatus;
  add: string[];
  remove: string[];
  total: number;
  done: number;
  failed: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewTagJob {
  add: string[];
  remove: string[];
  customerIds?: string[];
  filter?: CustomerFilter;
}

export interface SyncRun {
  id: string;
  corpId: string;
  kind: "full" | "reconcile";
  trigger: string;
  status: JobStatus;
  phase: string;
  progress: Record<string, number>;
  repairs: Record<string, number>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface SyncStatus {
  current: SyncRun | null;
  runs: SyncRun[];
}
