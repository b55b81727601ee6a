// 群发 mass messages (contract §4.6): add_msg_template creates a task that members confirm in their client; the
// task and send-result APIs report, per member and per recipient, what went out. Status 3 = the recipient's
// receive quota was already used.
import type { Attachment, TextContent } from "./message-parts.ts";
import { type Requester, type WeComResponse, walkCursor } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact";

export interface AddMsgTemplateRequest {
  chat_type?: "single" | "group";
  /** single only, ≤10,000. */
  external_userid?: string[];
  /** group only, ≤2000. */
  chat_id_list?: string[];
  tag_filter?: { group_list: { tag_list: string[] }[] };
  sender?: string;
  allow_select?: boolean;
  text?: TextContent;
  /** ≤9. */
  attachments?: Attachment[];
}

export interface AddMsgTemplateResponse extends WeComResponse {
  fail_list?: string[];
  msgid: string;
}

export interface GroupMsgTask {
  userid: string;
  /** 0 not sent, 2 sent. */
  status: number;
  send_time?: number;
}

export interface GroupMsgSendResult {
  external_userid?: string;
  chat_id?: string;
  userid: string;
  /** 0 not sent, 1 sent, 2 not a friend, 3 quota already used. */
  status: number;
  send_time?: number;
}

export interface GroupMsgListRequest {
  chat_type: "single" | "group";
  /** Unix seconds; the span may be at most one month. */
  start_time: number;
  end_time: number;
  creator?: string;
  /** 0 corp, 1 personal, 2 all (default). */
  filter_type?: number;
}

export interface GroupMsg {
  msgid: string;
  /** Omitted for tasks created through the API. */
  creator?: string;
  /** A string in the official sample. */
  create_time: string | number;
  /** 0 corp, 1 personal. */
  create_type: number;
  text?: TextContent;
  attachments?: Attachment[];
}

export class MassMessageApi {
  constructor(private readonly client: Requester) {}

  addMsgTemplate(req: AddMsgTemplateRequest): Promise<AddMsgTemplateResponse> {
    return this.client.request("POST", `${BASE}/add_msg_template`, { body: req });
  }

  /** Mass messages created in a time window (get_groupmsg_list_v2), every page. */
  list(req: GroupMsgListRequest): AsyncGenerator<GroupMsg, void, undefined> {
    return walkCursor(
      (cursor) =>
        this.client.request<{ group_msg_list: GroupMsg[]; next_cursor?: string } & WeComResponse>(
          "POST",
          `${BASE}/get_groupmsg_list_v2`,
          { body: { ...req, limit: 100, cursor } },
        ),
      (p) => p.group_msg_list ?? [],
    );
  }

  /** Every member's task for a mass message. */
  tasks(msgid: string): AsyncGenerator<GroupMsgTask, void, undefined> {
    return walkCursor(
      (cursor) =>
        this.client.request<{ task_list: GroupMsgTask[]; next_cursor?: string } & WeComResponse>(
          "POST",
          `${BASE}/get_groupmsg_task`,
          { body: { msgid, limit: 1000, cursor } },
        ),
      (p) => p.task_list ?? [],
    );
  }

  /** Every recipient's result for one member's part of a mass message. */
  sendResults(msgid: string, userid: string): AsyncGenerator<GroupMsgSendResult, void, undefined> {
    return walkCursor(
      (cursor) =>
        this.client.request<{ send_list: GroupMsgSendResult[]; next_cursor?: string } & WeComResponse>(
          "POST",
          `${BASE}/get_groupmsg_send_result`,
          { body: { msgid, userid, limit: 1000, cursor } },
        ),
      (p) => p.send_list ?? [],
    );
  }

  /** Re-notifies members; ≤3 times per message per 24 h (41094). */
  remind(msgid: string): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/remind_groupmsg_send`, { body: { msgid } });
  }

  /** Stops the task (41093 once cancelled). */
  cancel(msgid: string): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/cancel_groupmsg_send`, { body: { msgid } });
  }
}
