// Turns decrypted callback XML into a typed CallbackEvent (contract §3), for both the self-built and the
// third-party-suite envelope, plus the routing type and the de-duplication key of contract §2.
import type { CallbackCommon, CallbackEvent, UnknownCallback } from "./event-types.ts";
import { parseXmlFields, type RawFields } from "./xml.ts";

class MissingField extends Error {}

function text(raw: RawFields, name: string): string | undefined {
  const v = raw[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function need(raw: RawFields, name: string): string {
  const v = text(raw, name);
  if (v === undefined) throw new MissingField(`missing ${name}`);
  return v;
}

function int(raw: RawFields, name: string): number | undefined {
  const v = text(raw, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function needInt(raw: RawFields, name: string): number {
  const n = int(raw, name);
  if (n === undefined) throw new MissingField(`missing ${name}`);
  return n;
}

function csv(raw: RawFields, name: string): string[] {
  return (text(raw, name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function csvInts(raw: RawFields, name: string): number[] {
  return csv(raw, name)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

function items(raw: RawFields, name: string): string[] {
  const list = raw[name];
  if (list === undefined || typeof list === "string" || Array.isArray(list)) return [];
  const item = list.Item;
  return Array.isArray(item) ? item.filter((v): v is string => typeof v === "string" && v !== "") : [];
}

/** Optional properties only when present, so events compare cleanly and serialise without `undefined`. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function common(raw: RawFields): CallbackCommon {
  const suite = text(raw, "InfoType") !== undefined || text(raw, "SuiteId") !== undefined;
  return {
    envelope: suite ? "suite" : "self-built",
    createTime: int(raw, "CreateTime") ?? int(raw, "TimeStamp") ?? 0,
    ...opt("toUserName", text(raw, "ToUserName")),
    ...opt("fromUserName", text(raw, "FromUserName")),
    ...opt("suiteId", text(raw, "SuiteId")),
    ...opt("authCorpId", text(raw, "AuthCorpId")),
    ...opt("agentId", text(raw, "AgentID")),
    raw,
  };
}

/** Builds the typed event from already-parsed fields; never throws. */
export function callbackEventFromFields(raw: RawFields): CallbackEvent {
  const base = common(raw);
  const msgType = text(raw, "MsgType");
  const event = text(raw, "Event") ?? text(raw, "InfoType");
  const changeType = text(raw, "ChangeType");
  const unknown = (problem?: string): UnknownCallback => ({
    ...base,
    type: "unknown",
    ...opt("event", event),
    ...opt("changeType", changeType),
    ...opt("msgType", msgType),
    ...opt("problem", problem),
  });

  if (event === undefined) {
    if (msgType === undefined || msgType === "event")
      return unknown(msgType === undefined ? "missing MsgType" : "missing Event");
    const media = raw.Image ?? raw.Voice ?? raw.Video;
    const mediaId =
      media !== undefined && typeof media === "object" && !Array.isArray(media)
        ? text(media, "MediaId")
        : undefined;
    return {
      ...base,
      type: "message",
      msgType,
      ...opt("msgId", text(raw, "MsgId")),
      ...opt(
        "content",
        msgType === "text" ? (typeof raw.Content === "string" ? raw.Content : undefined) : undefined,
      ),
      ...opt("mediaId", mediaId ?? text(raw, "MediaId")),
    };
  }

  const type = `${event}/${changeType ?? ""}`;
  try {
    switch (type) {
      case "change_external_contact/add_external_contact":
      case "change_external_contact/add_half_external_contact":
        return {
          ...base,
          type,
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
          ...opt("state", text(raw, "State")),
          ...opt("welcomeCode", text(raw, "WelcomeCode")),
        };
      case "change_external_contact/edit_external_contact":
      case "change_external_contact/del_follow_user":
        return { ...base, type, userId: need(raw, "UserID"), externalUserId: need(raw, "ExternalUserID") };
      case "change_external_contact/del_external_contact":
        return {
          ...base,
          type,
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
          ...opt("source", text(raw, "Source")),
        };
      case "change_external_contact/transfer_fail":
        return {
          ...base,
          type,
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
          failReason: need(raw, "FailReason"),
        };
      case "change_external_chat/create":
      case "change_external_chat/dismiss":
        return { ...base, type, chatId: need(raw, "ChatId") };
      case "change_external_chat/update":
        return {
          ...base,
          type,
          chatId: need(raw, "ChatId"),
          updateDetail: need(raw, "UpdateDetail"),
          ...opt("joinScene", int(raw, "JoinScene")),
          ...opt("quitScene", int(raw, "QuitScene")),
          ...opt("memChangeCnt", int(raw, "MemChangeCnt")),
          memChangeList: items(raw, "MemChangeList"),
          ...opt("lastMemVer", text(raw, "LastMemVer")),
          ...opt("curMemVer", text(raw, "CurMemVer")),
        };
      case "change_external_tag/create":
      case "change_external_tag/update":
      case "change_external_tag/delete":
        return {
          ...base,
          type,
          id: need(raw, "Id"),
          tagType: need(raw, "TagType"),
          ...opt("strategyId", text(raw, "StrategyId")),
        };
      case "change_external_tag/shuffle":
        return {
          ...base,
          type,
          ...opt("id", text(raw, "Id")),
          ...opt("strategyId", text(raw, "StrategyId")),
        };
      case "change_contact/create_user":
      case "change_contact/update_user":
      case "change_contact/delete_user":
        return {
          ...base,
          type,
          userId: need(raw, "UserID"),
          ...opt("newUserId", text(raw, "NewUserID")),
          ...opt("name", text(raw, "Name")),
          ...opt(
            "department",
            text(raw, "Department") === undefined ? undefined : csvInts(raw, "Department"),
          ),
          ...opt("status", int(raw, "Status")),
        };
      case "change_contact/create_party":
      case "change_contact/update_party":
      case "change_contact/delete_party":
        return {
          ...base,
          type,
          id: needInt(raw, "Id"),
          ...opt("name", text(raw, "Name")),
          ...opt("parentId", int(raw, "ParentId")),
          ...opt("order", int(raw, "Order")),
        };
      case "change_contact/update_tag":
        return {
          ...base,
          type,
          tagId: needInt(raw, "TagId"),
          addUserItems: csv(raw, "AddUserItems"),
          delUserItems: csv(raw, "DelUserItems"),
          addPartyItems: csvInts(raw, "AddPartyItems"),
          delPartyItems: csvInts(raw, "DelPartyItems"),
        };
      default:
        return unknown();
    }
  } catch (err) {
    if (err instanceof MissingField) return unknown(err.message);
    throw err;
  }
}

/**
 * Parses decrypted callback XML. Throws CallbackXmlError on malformed XML or a DOCTYPE; an unrecognised or
 * incomplete event is returned as the `unknown` variant, never dropped.
 */
export function parseCallbackEvent(xml: string): CallbackEvent {
  return callbackEventFromFields(parseXmlFields(xml));
}

/** The handler routing key: "Event/ChangeType" ("Event/" when there is no ChangeType), or "message/MsgType". */
export function eventType(event: CallbackEvent): string {
  if (event.type === "message") return `message/${event.msgType}`;
  if (event.type === "unknown") {
    if (event.event !== undefined) return `${event.event}/${event.changeType ?? ""}`;
    return `message/${event.msgType ?? ""}`;
  }
  return event.type;
}

/** Fields that, with Event, ChangeType and CreateTime, identify one event (contract §2). */
const KEY_FIELDS = [
  "AuthCorpId",
  "UserID",
  "ExternalUserID",
  "ChatId",
  "Id",
  "TagId",
  "TagType",
  "StrategyId",
  "FailReason",
  "Source",
  "UpdateDetail",
  "CurMemVer",
] as const;

/**
 * The de-duplication key of contract §2: `msg:<MsgId>` for messages (sender + time + type when a message has
 * no MsgId); for events Event, ChangeType, CreateTime and the identifying fields present. The same event
 * retried by WeCom yields the same key.
 */
export function eventKey(event: CallbackEvent): string {
  const raw = event.raw;
  if (event.type === "message" || (event.type === "unknown" && event.event === undefined)) {
    const msgId = text(raw, "MsgId");
    if (msgId !== undefined) return `msg:${msgId}`;
    return `msg:${text(raw, "FromUserName") ?? ""}:${event.createTime}:${text(raw, "MsgType") ?? ""}`;
  }
  const parts = [
    `ev:${text(raw, "Event") ?? text(raw, "InfoType") ?? ""}`,
    text(raw, "ChangeType") ?? "",
    String(event.createTime),
  ];
  for (const name of KEY_FIELDS) {
    const v = text(raw, name);
    if (v !== undefined) parts.push(`${name}=${v}`);
  }
  return parts.join("|");
}
