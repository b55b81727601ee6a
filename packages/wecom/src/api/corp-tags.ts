// 企业客户标签 corp tags (contract §4.2): list, add, edit, delete, and mark_tag on a customer.
import type { Requester, WeComResponse } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact";

export interface CorpTag {
  id: string;
  name: string;
  create_time: number;
  /** Larger sorts first. */
  order: number;
  /** Only meaningful when querying by id. */
  deleted?: boolean;
}

export interface CorpTagGroup {
  group_id: string;
  group_name: string;
  create_time: number;
  order: number;
  deleted?: boolean;
  tag: CorpTag[];
}

export interface GetCorpTagListRequest {
  tag_id?: string[];
  group_id?: string[];
}

export interface GetCorpTagListResponse extends WeComResponse {
  tag_group: CorpTagGroup[];
}

export interface AddCorpTagRequest {
  /** Add into this group (group_name and order are then ignored). */
  group_id?: string;
  /** An existing name adds into that group; a new one creates it. */
  group_name?: string;
  order?: number;
  tag: { name: string; order?: number }[];
  agentid?: number;
}

export interface AddCorpTagResponse extends WeComResponse {
  tag_group: CorpTagGroup;
}

export interface EditCorpTagRequest {
  /** A tag id or a group id. */
  id: string;
  name?: string;
  order?: number;
  agentid?: number;
}

export interface DelCorpTagRequest {
  tag_id?: string[];
  group_id?: string[];
  agentid?: number;
}

export interface MarkTagRequest {
  userid: string;
  external_userid: string;
  add_tag?: string[];
  remove_tag?: string[];
}

export class CorpTagApi {
  constructor(private readonly client: Requester) {}

  /** Both filters empty returns every tag; with both, tag_id is ignored. */
  list(req: GetCorpTagListRequest = {}): Promise<GetCorpTagListResponse> {
    return this.client.request("POST", `${BASE}/get_corp_tag_list`, { body: req });
  }

  add(req: AddCorpTagRequest): Promise<AddCorpTagResponse> {
    return this.client.request("POST", `${BASE}/add_corp_tag`, { body: req });
  }

  /** An app may edit only tags it created. */
  edit(req: EditCorpTagRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/edit_corp_tag`, { body: req });
  }

  /** Deleting a group's last tag deletes the group. */
  del(req: DelCorpTagRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/del_corp_tag`, { body: req });
  }

  /** Tags a member's customer; produces no callback (API action). */
  markTag(req: MarkTagRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/mark_tag`, { body: req });
  }
}
