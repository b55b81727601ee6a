// The corp's directory as Siyu last saw it: departments and members (staff).
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RunId = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface DepartmentsTable {
  corp_id: string;
  id: number;
  parent_id: ColumnType<number, number | undefined, number>;
  /** Larger sorts first. */
  order: ColumnType<string, number | string | undefined, number | string>;
  name: string | null;
  seen_run: RunId;
  updated_at: Timestamp;
}

export interface MembersTable {
  corp_id: string;
  userid: string;
  name: ColumnType<string, string | undefined, string>;
  departments: ColumnType<number[], number[] | undefined, number[]>;
  main_department: number | null;
  position: string | null;
  open_userid: string | null;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status: ColumnType<number, number | undefined, number>;
  /** In get_follow_user_list: may have customers. */
  customer_contact: ColumnType<boolean, boolean | undefined, boolean>;
  /** Departments the member leads (user/get is_leader_in_dept); SOP escalations go to them. */
  leader_in: ColumnType<number[], number[] | undefined, number[]>;
  /** No longer in the visible directory. */
  removed: ColumnType<boolean, boolean | undefined, boolean>;
  seen_run: RunId;
  updated_at: Timestamp;
}

export interface DirectoryTables {
  departments: DepartmentsTable;
  members: MembersTable;
}
