// 客户群 customer groups (contract §4.5): list with cursor paging, details, and 加入群聊 join ways.
import { type Requester, type WeComResponse, walkCursor } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact/groupchat";

export interface ListGroupChatRequest {
  /** 0 all, 1 owner resigned, 2 inheriting, 3 inherited. */
  status_filter?: number;
  /** ≤100 owners; without it a visible range over 1000 people gives 81017. */
  owner_filter?: { userid_list: string[] };
  cursor?: string;
  /** 1–1000, required. */
  limit: number;
}

export interface GroupChatSummary {
  chat_id: string;
  status: number;
}

export interface ListGroupChatResponse extends WeComResponse {
  group_chat_list: GroupChatSummary[];
  next_cursor?: string;
}

export interface GroupChatMember {
  userid: string;
  /** 1 member, 2 external contact. */
  type: number;
  unionid?: string;
  join_time: number;
  /** 1 direct invite, 2 invite link, 3 QR code. */
  join_scene: number;
  invitor?: { userid: string };
  group_nickname?: string;
  /** Only with need_name = 1. */
  name?: string;
  /** The join-way state the member came through. */
  state?: string;
}

export interface GroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice?: string;
  member_list: GroupChatMember[];
  admin_list?: { userid: string }[];
  /** Compare with CurMemVer of change_external_chat/update to detect lost callbacks. */
  member_version?: string;
}

export interface GetGroupChatResponse extends WeComResponse {
  group_chat: GroupChat;
}

export interface JoinWaySettings {
  remark?: string;
  /** 0/1, default 1. */
  auto_create_room?: number;
  room_base_name?: string;
  room_base_id?: number;
  /** 1–5 groups (41091 beyond). */
  chat_id_list: string[];
  state?: string;
  mark_source?: boolean;
}

export interface AddJoinWayRequest extends JoinWaySettings {
  /** 1 mini-program, 2 QR code. */
  scene: number;
}

export interface JoinWay extends Omit<JoinWaySettings, "mark_source"> {
  config_id: string;
  scene: number;
  qr_code?: string;
}

export interface GetJoinWayResponse extends WeComResponse {
  join_way: JoinWay;
}

export interface UpdateJoinWayRequest extends AddJoinWayRequest {
  config_id: string;
}

export class GroupChatApi {
  constructor(private readonly client: Requester) {}

  list(req: ListGroupChatRequest): Promise<ListGroupChatResponse> {
    return this.client.request("POST", `${BASE}/list`, { body: req });
  }

  /** Walks every page of groupchat/list. */
  iterate(
    filter: Omit<ListGroupChatRequest, "cursor" | "limit"> = {},
    opts?: { limit?: number },
  ): AsyncGenerator<GroupChatSummary, void, undefined> {
    return walkCursor(
      (cursor) => this.list({ ...filter, cursor, limit: opts?.limit ?? 1000 }),
      (page) => page.group_chat_list,
    );
  }

  /** 40050 unknown chat, 49008 dismissed, 90501 not a customer group. */
  get(chatId: string, opts?: { needName?: boolean }): Promise<GetGroupChatResponse> {
    return this.client.request("POST", `${BASE}/get`, {
      body: { chat_id: chatId, need_name: opts?.needName ? 1 : 0 },
    });
  }

  addJoinWay(req: AddJoinWayRequest): Promise<WeComResponse & { config_id: string }> {
    return this.client.request("POST", `${BASE}/add_join_way`, { body: req });
  }

  getJoinWay(configId: string): Promise<GetJoinWayResponse> {
    return this.client.request("POST", `${BASE}/get_join_way`, { body: { config_id: configId } });
  }

  updateJoinWay(req: UpdateJoinWayRequest): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/update_join_way`, { body: req });
  }

  delJoinWay(configId: string): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/del_join_way`, { body: { config_id: configId } });
  }
}
