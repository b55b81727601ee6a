// 通讯录 directory reads for member sync (addendum §7). A self-built app sees only its visible range;
// user/list_id needs the directory-sync secret, so product code must not depend on it.
import type { ExternalAttr, ExternalProfile } from "./message-parts.ts";
import { type Requester, type WeComResponse, walkCursor } from "./requester.ts";

export interface DepartmentRef {
  id: number;
  parentid: number;
  order: number;
}

export interface DepartmentSimpleListResponse extends WeComResponse {
  department_id: DepartmentRef[];
}

export interface Department extends DepartmentRef {
  name: string;
  name_en?: string;
  department_leader?: string[];
}

export interface DepartmentListResponse extends WeComResponse {
  department: Department[];
}

export interface UserSummary {
  userid: string;
  name: string;
  department: number[];
  open_userid?: string;
}

export interface UserSimpleListResponse extends WeComResponse {
  userlist: UserSummary[];
}

export interface UserListIdResponse extends WeComResponse {
  next_cursor: string;
  /** One row per (user, department). */
  dept_user: { userid: string; department: number }[];
}

/** user/get. Apps created after 2022-06-20 get no avatar, gender, mobile, email, biz_mail, qr_code, address. */
export interface User extends WeComResponse {
  userid: string;
  name: string;
  department?: number[];
  order?: number[];
  position?: string;
  mobile?: string;
  /** A string in the official sample: "0" unknown, "1" male, "2" female. */
  gender?: string;
  email?: string;
  biz_mail?: string;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
  avatar?: string;
  thumb_avatar?: string;
  telephone?: string;
  alias?: string;
  address?: string;
  open_userid?: string;
  main_department?: number;
  extattr?: { attrs: ExternalAttr[] };
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number;
  qr_code?: string;
  external_position?: string;
  external_profile?: ExternalProfile;
}

export class DirectoryApi {
  constructor(private readonly client: Requester) {}

  /** Department ids under `id` (recursive), or every visible department. */
  departmentSimpleList(id?: number): Promise<DepartmentSimpleListResponse> {
    return this.client.request("GET", "/cgi-bin/department/simplelist", { query: { id } });
  }

  departmentList(id?: number): Promise<DepartmentListResponse> {
    return this.client.request("GET", "/cgi-bin/department/list", { query: { id } });
  }

  userSimpleList(departmentId: number, opts?: { fetchChild?: boolean }): Promise<UserSimpleListResponse> {
    return this.client.request("GET", "/cgi-bin/user/simplelist", {
      query: { department_id: departmentId, fetch_child: opts?.fetchChild ? 1 : 0 },
    });
  }

  /** Needs the directory-sync secret (48002 with an app token). */
  userListId(req: { cursor?: string; limit?: number } = {}): Promise<UserListIdResponse> {
    return this.client.request("POST", "/cgi-bin/user/list_id", { body: req });
  }

  iterateUserIds(opts?: {
    limit?: number;
  }): AsyncGenerator<{ userid: string; department: number }, void, undefined> {
    return walkCursor(
      (cursor) => this.userListId({ cursor, limit: opts?.limit ?? 10_000 }),
      (page) => page.dept_user,
    );
  }

  /** 60011 outside the visible range, 60111 unknown userid. */
  getUser(userid: string): Promise<User> {
    return this.client.request("GET", "/cgi-bin/user/get", { query: { userid } });
  }
}
