// 联系我 contact ways (contract §4.3), the QR codes behind 渠道活码: add, get, list, update, delete.
import type { ImagePart, LinkPart, MiniprogramPart, TextContent } from "./message-parts.ts";
import type { Requester, WeComResponse } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact";

/** Messages sent when a temporary chat ends (temp ways only). get returns image as `pic_url`. */
export interface Conclusions {
  text?: TextContent;
  image?: ImagePart;
  link?: LinkPart;
  miniprogram?: MiniprogramPart;
}

export interface ContactWaySettings {
  /** Mini-program button style (scene 1). */
  style?: number;
  /** ≤30 chars. */
  remark?: string;
  /** Default true. */
  skip_verify?: boolean;
  /** ≤30 chars; echoed in the add_external_contact event and in follow_user.state. */
  state?: string;
  user?: string[];
  party?: number[];
  expires_in?: number;
  chat_expires_in?: number;
  unionid?: string;
  conclusions?: Conclusions;
}

export interface AddContactWayRequest extends ContactWaySettings {
  /** 1 single member, 2 several. */
  type: number;
  /** 1 mini-program button, 2 QR code. */
  scene: number;
  is_temp?: boolean;
  is_exclusive?: boolean;
  mark_source?: boolean;
}

export interface AddContactWayResponse extends WeComResponse {
  config_id: string;
  /** Scene 2 only. */
  qr_code?: string;
}

export interface ContactWay extends ContactWaySettings {
  config_id: string;
  type: number;
  scene: number;
  qr_code?: string;
  is_temp?: boolean;
}

export interface GetContactWayResponse extends WeComResponse {
  contact_way: ContactWay;
}

export interface ListContactWayRequest {
  /** Default now − 90 days. */
  start_time?: number;
  end_time?: number;
  cursor?: string;
  /** ≤1000, default 100. */
  limit?: number;
}

export interface ListContactWayResponse extends WeComResponse {
  contact_way: { config_id: string }[];
  next_cursor?: string;
}

export interface UpdateContactWayRequest extends ContactWaySettings {
  config_id: string;
}

export class ContactWayApi {
  constructor(private readonly client: Requester) {}

  /** The caller must persist config_id: without it the way can never be edited or deleted. */
  add(req: AddContactWayRequest): Promise<AddContactWayResponse> {
    return this.client.request("POST", `${BASE}/add_contact_way`, { body: req });
  }

  get(configId: string): Promise<GetContactWayResponse> {
    return this.client.request("POST", `${BASE}/get_contact_way`, { body: { config_id: configId } });
  }

  /** Only API-created ways are listed. */
  list(req: ListContactWayRequest = {}): Promise<ListContactWayResponse> {
    return this.client.request("POST", `${BASE}/list_contact_way`, { body: req });
  }

  /** `user` and `party` replace the current lists. */
  update(req: UpdateContactWayRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/update_contact_way`, { body: req });
  }

  del(configId: string): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/del_contact_way`, { body: { config_id: configId } });
  }
}
