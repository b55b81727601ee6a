// 客户联系 customer APIs (contract §4.1, §4.4): follow users, customer lists, customer details with paged
// follow users, batch get by member with cursor paging, remark, and the welcome message.
import type { Attachment, ExternalProfile, TextContent } from "./message-parts.ts";
import { type Requester, type WeComResponse, walkCursor } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact";

export interface GetFollowUserListResponse extends WeComResponse {
  follow_user: string[];
}

export interface ListExternalContactResponse extends WeComResponse {
  external_userid: string[];
}

export interface ExternalContact {
  external_userid: string;
  name: string;
  position?: string;
  avatar?: string;
  corp_name?: string;
  corp_full_name?: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: number;
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  unionid?: string;
  external_profile?: ExternalProfile;
}

export interface FollowUserTag {
  group_name: string;
  tag_name: string;
  /** Absent for personal tags (type 2). */
  tag_id?: string;
  /** 1 corp tag, 2 personal tag, 3 rule-group tag. */
  type: number;
}

/** One member's relationship with the customer, as returned by `get`. */
export interface FollowUser {
  userid: string;
  remark: string;
  description: string;
  createtime: number;
  tags?: FollowUserTag[];
  remark_corp_name?: string;
  remark_mobiles?: string[];
  oper_userid: string;
  /** How the customer was added (contract §4.1); accept any number. */
  add_way: number;
  /** The contact-way state (渠道活码) the customer came through. */
  state?: string;
  wechat_channels?: { nickname: string; source: number };
}

export interface GetExternalContactResponse extends WeComResponse {
  external_contact: ExternalContact;
  follow_user: FollowUser[];
  next_cursor?: string;
}

/** One member's relationship, as returned by `batch/get_by_user` (tag ids only, corp and rule tags). */
export interface FollowInfo {
  userid: string;
  remark: string;
  description: string;
  createtime: number;
  tag_id?: string[];
  remark_corp_name?: string;
  remark_mobiles?: string[];
  oper_userid: string;
  add_way: number;
  state?: string;
}

export interface BatchGetByUserRequest {
  /** 1–100 member ids. */
  userid_list: string[];
  cursor?: string;
  /** ≤100, default 50. */
  limit?: number;
}

export interface ExternalContactWithFollowInfo {
  external_contact: ExternalContact;
  follow_info: FollowInfo;
}

export interface BatchGetByUserResponse extends WeComResponse {
  external_contact_list: ExternalContactWithFollowInfo[];
  next_cursor: string;
  fail_info?: { unlicensed_userid_list: string[] };
}

export interface RemarkRequest {
  userid: string;
  external_userid: string;
  remark?: string;
  description?: string;
  /** WeChat customers only. */
  remark_company?: string;
  /** Replaces the whole list; `[""]` clears it. */
  remark_mobiles?: string[];
  remark_pic_mediaid?: string;
}

export interface SendWelcomeMsgRequest {
  /** From the add_external_contact event; valid 20 s, usable once. */
  welcome_code: string;
  text?: TextContent;
  /** ≤9. */
  attachments?: Attachment[];
}

export class ExternalContactApi {
  constructor(private readonly client: Requester) {}

  /** Members with the customer-contact capability. */
  getFollowUserList(): Promise<GetFollowUserListResponse> {
    return this.client.request("GET", `${BASE}/get_follow_user_list`);
  }

  /** A member's customers (external_userid list). */
  list(userid: string): Promise<ListExternalContactResponse> {
    return this.client.request("GET", `${BASE}/list`, { query: { userid } });
  }

  /** One page of a customer's details; follow_user is paged at 500 (pass next_cursor back). */
  get(externalUserid: string, cursor?: string): Promise<GetExternalContactResponse> {
    return this.client.request("GET", `${BASE}/get`, {
      query: { external_userid: externalUserid, cursor: cursor === "" ? undefined : cursor },
    });
  }

  /** A customer's details with every follow_user page merged. */
  async getAll(externalUserid: string): Promise<GetExternalContactResponse> {
    const first = await this.get(externalUserid);
    const followUser = [...first.follow_user];
    const seen = new Set<string>();
    let cursor = first.next_cursor ?? "";
    while (cursor !== "" && !seen.has(cursor)) {
      seen.add(cursor);
      const page = await this.get(externalUserid, cursor);
      followUser.push(...page.follow_user);
      cursor = page.next_cursor ?? "";
    }
    return { ...first, follow_user: followUser, next_cursor: "" };
  }

  /** One page of customers of up to 100 members, one entry per (customer, member) pair. */
  batchGetByUser(req: BatchGetByUserRequest): Promise<BatchGetByUserResponse> {
    return this.client.request("POST", `${BASE}/batch/get_by_user`, { body: req });
  }

  /** Walks every page of batch/get_by_user. */
  iterateByUser(
    useridList: string[],
    opts?: { limit?: number },
  ): AsyncGenerator<ExternalContactWithFollowInfo, void, undefined> {
    return walkCursor(
      (cursor) => this.batchGetByUser({ userid_list: useridList, cursor, limit: opts?.limit ?? 100 }),
      (page) => page.external_contact_list,
    );
  }

  remark(req: RemarkRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/remark`, { body: req });
  }

  /** 41051 if another app already used the code or the chat has started; 41050 if it expired. */
  sendWelcomeMsg(req: SendWelcomeMsgRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/send_welcome_msg`, { body: req });
  }
}
