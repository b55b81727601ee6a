// 微信客服 (addendum §4): accounts, pulling conversations with sync_msg (after a kf_msg_or_event callback) and
// reading customers. Messages the app sent with send_msg are not in sync_msg.
import type { Requester, WeComResponse } from "./requester.ts";

const BASE = "/cgi-bin/kf";

export interface KfAccount {
  open_kfid: string;
  name: string;
  avatar: string;
  /** Only accounts the app manages (「通过API管理」) can be driven through the API. */
  manage_privilege: boolean;
}

export interface KfAccountListRequest {
  offset?: number;
  /** 1–100 (default 100). */
  limit?: number;
}

export interface KfAccountListResponse extends WeComResponse {
  account_list: KfAccount[];
}

export interface KfSyncMsgRequest {
  /** ≤64 bytes; empty or absent = the earliest message within the last 3 days. */
  cursor?: string;
  /** The callback's Token (valid 10 min); without it the rate limit is strict. */
  token?: string;
  /** 1–1000 (default 1000). */
  limit?: number;
  /** 0 amr, 1 silk. */
  voice_format?: number;
  /** Always sent (some SDK copies mark it optional). */
  open_kfid: string;
}

/** Who produced a sync_msg item. */
export const KF_ORIGIN = { customer: 3, event: 4, servicer: 5 } as const;

export interface KfEventBody {
  /** enter_session, msg_send_fail, servicer_status_change, session_status_change; others may appear. */
  event_type: string;
  open_kfid?: string;
  external_userid?: string;
  scene?: string;
  scene_param?: string;
  welcome_code?: string;
  fail_msgid?: string;
  fail_type?: number;
  servicer_userid?: string;
  status?: number;
  change_type?: number;
  old_servicer_userid?: string;
  new_servicer_userid?: string;
  msg_code?: string;
}

export interface KfMessage {
  msgid: string;
  open_kfid: string;
  /** Absent for account-level events (e.g. servicer_status_change). */
  external_userid?: string;
  /** Unix seconds. */
  send_time: number;
  /** 3 customer, 4 system event, 5 servicer writing from the WeCom client. */
  origin: number;
  servicer_userid?: string;
  msgtype: string;
  /** menu_id is set when a msgmenu click produced the text. */
  text?: { content: string; menu_id?: string };
  image?: { media_id: string };
  voice?: { media_id: string };
  video?: { media_id: string };
  file?: { media_id: string };
  location?: { latitude: number; longitude: number; name: string; address: string };
  link?: { title: string; desc: string; url: string; pic_url: string };
  business_card?: { userid: string };
  miniprogram?: { appid: string; title: string; thumb_media_id: string; pagepath: string };
  event?: KfEventBody;
}

export interface KfSyncMsgResponse extends WeComResponse {
  next_cursor: string;
  /** 1 while more remain; an empty msg_list can still have has_more 1. */
  has_more: number;
  msg_list: KfMessage[];
}

export interface KfCustomerBatchGetRequest {
  /** 1–100 ids. */
  external_userid_list: string[];
  need_enter_session_context?: number;
}

export interface KfCustomer {
  external_userid: string;
  nickname: string;
  avatar: string;
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  unionid?: string;
  enter_session_context?: {
    scene: string;
    scene_param: string;
    wechat_channels?: { nickname: string; scene: number; shop_nickname?: string };
  };
}

export interface KfCustomerBatchGetResponse extends WeComResponse {
  customer_list: KfCustomer[];
  invalid_external_userid: string[];
}

export class KfApi {
  constructor(private readonly client: Requester) {}

  /** One page of accounts (limit 1–100). */
  listAccounts(req: KfAccountListRequest = {}): Promise<KfAccountListResponse> {
    return this.client.request("POST", `${BASE}/account/list`, {
      body: { offset: req.offset ?? 0, limit: req.limit ?? 100 },
    });
  }

  /** One page of an account's messages and events after `cursor`; loop until has_more is 0. */
  syncMsg(req: KfSyncMsgRequest): Promise<KfSyncMsgResponse> {
    return this.client.request("POST", `${BASE}/sync_msg`, { body: req });
  }

  /** Customers' WeChat profiles; unknown ids come back in invalid_external_userid. */
  batchGetCustomers(req: KfCustomerBatchGetRequest): Promise<KfCustomerBatchGetResponse> {
    return this.client.request("POST", `${BASE}/customer/batchget`, { body: req });
  }
}
