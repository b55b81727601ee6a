// The typed callback events of contract §3 (customer contact, customer groups, corp tags), the directory
// (通讯录) change_contact events, 微信客服 kf_msg_or_event (addendum §4.2), and plain messages. `type` is
// "Event/ChangeType" (or "message/MsgType"), the routing key; anything else is an `unknown` event that keeps
// every raw field.
import type { RawFields } from "./xml.ts";

/** Fields shared by every callback, whichever envelope carried it. */
export interface CallbackCommon {
  /** `self-built`: ToUserName/FromUserName/CreateTime/MsgType/Event; `suite`: SuiteId/AuthCorpId/InfoType/TimeStamp. */
  envelope: "self-built" | "suite";
  /** Unix seconds (CreateTime, or TimeStamp in the suite envelope). */
  createTime: number;
  toUserName?: string;
  fromUserName?: string;
  suiteId?: string;
  authCorpId?: string;
  agentId?: string;
  /** Every field as received (strings; `Item` lists as arrays). */
  raw: RawFields;
}

// change_external_contact — 客户变更
export interface ExternalContactAdded extends CallbackCommon {
  type: "change_external_contact/add_external_contact" | "change_external_contact/add_half_external_contact";
  userId: string;
  externalUserId: string;
  /** The contact-way (渠道活码) state, when the customer came through one. */
  state?: string;
  /** Present only when Siyu may send the welcome message (valid 20 s, once). */
  welcomeCode?: string;
}

export interface ExternalContactEdited extends CallbackCommon {
  type: "change_external_contact/edit_external_contact";
  userId: string;
  externalUserId: string;
}

/** The member deleted the customer. */
export interface ExternalContactDeleted extends CallbackCommon {
  type: "change_external_contact/del_external_contact";
  userId: string;
  externalUserId: string;
  /** `DELETE_BY_TRANSFER` when the removal came from an in-service transfer. */
  source?: string;
}

/** The customer deleted the member; the one-way relation survives. */
export interface FollowUserDeleted extends CallbackCommon {
  type: "change_external_contact/del_follow_user";
  userId: string;
  externalUserId: string;
}

export interface TransferFailed extends CallbackCommon {
  type: "change_external_contact/transfer_fail";
  /** The takeover member. */
  userId: string;
  externalUserId: string;
  /** `customer_refused` or `customer_limit_exceed`. */
  failReason: string;
}

// change_external_chat — 客户群变更
export interface ExternalChatCreated extends CallbackCommon {
  type: "change_external_chat/create" | "change_external_chat/dismiss";
  chatId: string;
}

export interface ExternalChatUpdated extends CallbackCommon {
  type: "change_external_chat/update";
  chatId: string;
  /** add_member, del_member, change_owner, change_name, change_notice. */
  updateDetail: string;
  /** add_member: 0 member invite, 3 group QR. */
  joinScene?: number;
  /** del_member: 0 left, 1 removed. */
  quitScene?: number;
  memChangeCnt?: number;
  /** userids / external_userids that joined or left; empty when not sent. */
  memChangeList: string[];
  lastMemVer?: string;
  curMemVer?: string;
}

// change_external_tag — 企业客户标签变更
export interface ExternalTagChanged extends CallbackCommon {
  type: "change_external_tag/create" | "change_external_tag/update" | "change_external_tag/delete";
  id: string;
  /** `tag` or `tag_group`. */
  tagType: string;
  /** Present for rule-group (strategy) tags. */
  strategyId?: string;
}

export interface ExternalTagShuffled extends CallbackCommon {
  type: "change_external_tag/shuffle";
  /** The group whose tags were reordered; absent means every group was reordered. */
  id?: string;
  strategyId?: string;
}

// change_contact — 通讯录变更 (directory)
export interface DirectoryUserChanged extends CallbackCommon {
  type: "change_contact/create_user" | "change_contact/update_user" | "change_contact/delete_user";
  userId: string;
  newUserId?: string;
  name?: string;
  /** Department ids, from the comma-separated `Department`. */
  department?: number[];
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number;
}

export interface DirectoryPartyChanged extends CallbackCommon {
  type: "change_contact/create_party" | "change_contact/update_party" | "change_contact/delete_party";
  id: number;
  name?: string;
  parentId?: number;
  order?: number;
}

export interface DirectoryTagChanged extends CallbackCommon {
  type: "change_contact/update_tag";
  tagId: number;
  addUserItems: string[];
  delUserItems: string[];
  addPartyItems: number[];
  delPartyItems: number[];
}

// 微信客服 — a customer, servicer or system event reached a kf account; the content is pulled with kf/sync_msg.
export interface KfMsgOrEvent extends CallbackCommon {
  type: "kf_msg_or_event/";
  /** For kf/sync_msg: loosens its rate limit; valid 10 minutes. */
  token: string;
  openKfId: string;
}

/** An application message sent by a member (text, image, voice, video, location, link, …). */
export interface MessageReceived extends CallbackCommon {
  type: "message";
  msgType: string;
  /** Absent in some official samples; de-duplication then falls back to sender + time. */
  msgId?: string;
  /** Text content for `text` messages. */
  content?: string;
  /** Media id for image/voice/video messages. */
  mediaId?: string;
}

/** Any other callback (or a known one missing a required field), kept whole. */
export interface UnknownCallback extends CallbackCommon {
  type: "unknown";
  event?: string;
  changeType?: string;
  msgType?: string;
  /** Why a recognised event fell back to `unknown`, e.g. "missing UserID". */
  problem?: string;
}

export type CallbackEvent =
  | ExternalContactAdded
  | ExternalContactEdited
  | ExternalContactDeleted
  | FollowUserDeleted
  | TransferFailed
  | ExternalChatCreated
  | ExternalChatUpdated
  | ExternalTagChanged
  | ExternalTagShuffled
  | DirectoryUserChanged
  | DirectoryPartyChanged
  | DirectoryTagChanged
  | KfMsgOrEvent
  | MessageReceived
  | UnknownCallback;

export type CallbackEventType = CallbackEvent["type"];

/** The variant carrying a given `type`, e.g. `CallbackEventOf<"change_external_chat/dismiss">`. */
export type CallbackEventOf<T extends CallbackEventType> = CallbackEvent extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;
