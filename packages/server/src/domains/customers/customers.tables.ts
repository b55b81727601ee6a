// Customers (external contacts), customer groups with their members, and console-user ↔ member links.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RunId = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface CustomersTable {
  /** Dense per-database id (bitmaps key on it). */
  id: Generated<string>;
  corp_id: string;
  external_userid: string;
  name: ColumnType<string, string | undefined, string>;
  /** 1 WeChat user, 2 WeCom user, 0 not yet known. */
  type: ColumnType<number, number | undefined, number>;
  /** 0 unknown, 1 male, 2 female. */
  gender: ColumnType<number, number | undefined, number>;
  avatar: ColumnType<string | null, string | null | undefined, string | null>;
  unionid: ColumnType<string | null, string | null | undefined, string | null>;
  position: ColumnType<string | null, string | null | undefined, string | null>;
  corp_name: ColumnType<string | null, string | null | undefined, string | null>;
  corp_full_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** Phone numbers known for the customer (from the members' remark_mobiles). */
  phones: ColumnType<string[], string[] | undefined, string[]>;
  /** Only the id is known (from a callback); the details are fetched by the refresh worker. */
  needs_refresh: ColumnType<boolean, boolean | undefined, boolean>;
  refresh_attempts: ColumnType<number, number | undefined, number>;
  seen_run: RunId;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerGroupsTable {
  corp_id: string;
  chat_id: string;
  name: ColumnType<string, string | undefined, string>;
  owner: string | null;
  notice: string | null;
  /** groupchat/list status: 0 normal, 1 owner resigned, 2 inheriting, 3 inherited. */
  status: ColumnType<number, number | undefined, number>;
  member_version: string | null;
  member_count: ColumnType<number, number | undefined, number>;
  /** Members of the corp the owner made group admins (groupchat/get admin_list). */
  admins: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Date | null;
  dismissed_at: Date | null;
  needs_refresh: ColumnType<boolean, boolean | undefined, boolean>;
  seen_run: RunId;
  updated_at: Timestamp;
}

export interface CustomerGroupMembersTable {
  corp_id: string;
  chat_id: string;
  /** A userid (type 1) or an external_userid (type 2). */
  member_id: string;
  type: number;
  unionid: string | null;
  join_time: Date | null;
  join_scene: number | null;
  invitor: string | null;
  group_nickname: string | null;
  name: string | null;
  state: string | null;
}

export interface UserMembersTable {
  user_id: string;
  corp_id: string;
  userid: string;
}

export interface CustomersTables {
  customers: CustomersTable;
  customer_groups: CustomerGroupsTable;
  customer_group_members: CustomerGroupMembersTable;
  user_members: UserMembersTable;
}
