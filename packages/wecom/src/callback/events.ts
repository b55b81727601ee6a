// Turns decrypted callback XML into a typed CallbackEvent (contract §3), for both the self-built and the
// third-party-suite envelope, plus the routing type and the de-duplication key of contract §2.
import type {
  CallbackCommon,
  CallbackEvent,
  CallbackEventOf,
  CallbackEventType,
  UnknownCallback,
} from "./event-types.ts";
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

type Assembled = Record<string, unknown>;

/** A variant's own fields, each optional one allowed to be `undefined` (then left out). */
type OwnFields<T extends CallbackEventType> = Omit<CallbackEventOf<T>, keyof CallbackCommon | "type">;

/**
 * The fields every variant starts with; optional ones only when present, so events compare cleanly and
 * serialise without `undefined`. Built by assignment rather than object spreads, which cost several µs per
 * event on the intake's hot path.
 */
function common(raw: RawFields): Assembled {
  const suite = text(raw, "InfoType") !== undefined || text(raw, "SuiteId") !== undefined;
  const o: Assembled = {
    envelope: suite ? "suite" : "self-built",
    createTime: int(raw, "CreateTime") ?? int(raw, "TimeStamp") ?? 0,
  };
  const toUserName = text(raw, "ToUserName");
  if (toUserName !== undefined) o.toUserName = toUserName;
  const fromUserName = text(raw, "FromUserName");
  if (fromUserName !== undefined) o.fromUserName = fromUserName;
  const suiteId = text(raw, "SuiteId");
  if (suiteId !== undefined) o.suiteId = suiteId;
  const authCorpId = text(raw, "AuthCorpId");
  if (authCorpId !== undefined) o.authCorpId = authCorpId;
  const agentId = text(raw, "AgentID");
  if (agentId !== undefined) o.agentId = agentId;
  o.raw = raw;
  return o;
}

/** Common fields, then `type`, then the variant's own fields that are present, in that order. */
function variant<T extends CallbackEventType>(
  raw: RawFields,
  type: T,
  fields: OwnFields<T>,
): CallbackEventOf<T> {
  const o = common(raw);
  o.type = type;
  const own = fields as Assembled;
  for (const key in own) {
    const value = own[key];
    if (value !== undefined) o[key] = value;
  }
  return o as unknown as CallbackEventOf<T>;
}

/**
 * An unrecognised event, or a known one missing a required field (`problem`). Module level rather than a
 * closure in callbackEventFromFields: under tsx every named closure costs a property definition per call.
 */
function unknownEvent(
  raw: RawFields,
  event: string | undefined,
  changeType: string | undefined,
  msgType: string | undefined,
  problem?: string,
): UnknownCallback {
  return variant(raw, "unknown", { event, changeType, msgType, problem });
}

/** Builds the typed event from already-parsed fields; never throws. */
export function callbackEventFromFields(raw: RawFields): CallbackEvent {
  const msgType = text(raw, "MsgType");
  const event = text(raw, "Event") ?? text(raw, "InfoType");
  const changeType = text(raw, "ChangeType");

  if (event === undefined) {
    if (msgType === undefined || msgType === "event")
      return unknownEvent(
        raw,
        event,
        changeType,
        msgType,
        msgType === undefined ? "missing MsgType" : "missing Event",
      );
    const media = raw.Image ?? raw.Voice ?? raw.Video;
    const mediaId =
      media !== undefined && typeof media === "object" && !Array.isArray(media)
        ? text(media, "MediaId")
        : undefined;
    return variant(raw, "message", {
      msgType,
      msgId: text(raw, "MsgId"),
      content: msgType === "text" && typeof raw.Content === "string" ? raw.Content : undefined,
      mediaId: mediaId ?? text(raw, "MediaId"),
    });
  }

  const type = `${event}/${changeType ?? ""}`;
  try {
    switch (type) {
      case "change_external_contact/add_external_contact":
      case "change_external_contact/add_half_external_contact":
        return variant(raw, type, {
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
          state: text(raw, "State"),
          welcomeCode: text(raw, "WelcomeCode"),
        });
      case "change_external_contact/edit_external_contact":
      case "change_external_contact/del_follow_user":
        return variant(raw, type, {
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
        });
      case "change_external_contact/del_external_contact":
        return variant(raw, type, {
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
          source: text(raw, "Source"),
        });
      case "change_external_contact/transfer_fail":
        return variant(raw, type, {
          userId: need(raw, "UserID"),
          externalUserId: need(raw, "ExternalUserID"),
          failReason: need(raw, "FailReason"),
        });
      case "change_external_chat/create":
      case "change_external_chat/dismiss":
        return variant(raw, type, { chatId: need(raw, "ChatId") });
      case "change_external_chat/update":
        return variant(raw, type, {
          chatId: need(raw, "ChatId"),
          updateDetail: need(raw, "UpdateDetail"),
          joinScene: int(raw, "JoinScene"),
          quitScene: int(raw, "QuitScene"),
          memChangeCnt: int(raw, "MemChangeCnt"),
          memChangeList: items(raw, "MemChangeList"),
          lastMemVer: text(raw, "LastMemVer"),
          curMemVer: text(raw, "CurMemVer"),
        });
      case "change_external_tag/create":
      case "change_external_tag/update":
      case "change_external_tag/delete":
        return variant(raw, type, {
          id: need(raw, "Id"),
          tagType: need(raw, "TagType"),
          strategyId: text(raw, "StrategyId"),
        });
      case "change_external_tag/shuffle":
        return variant(raw, type, { id: text(raw, "Id"), strategyId: text(raw, "StrategyId") });
      case "change_contact/create_user":
      case "change_contact/update_user":
      case "change_contact/delete_user":
        return variant(raw, type, {
          userId: need(raw, "UserID"),
          newUserId: text(raw, "NewUserID"),
          name: text(raw, "Name"),
          department: text(raw, "Department") === undefined ? undefined : csvInts(raw, "Department"),
          status: int(raw, "Status"),
        });
      case "change_contact/create_party":
      case "change_contact/update_party":
      case "change_contact/delete_party":
        return variant(raw, type, {
          id: needInt(raw, "Id"),
          name: text(raw, "Name"),
          parentId: int(raw, "ParentId"),
          order: int(raw, "Order"),
        });
      case "change_contact/update_tag":
        return variant(raw, type, {
          tagId: needInt(raw, "TagId"),
          addUserItems: csv(raw, "AddUserItems"),
          delUserItems: csv(raw, "DelUserItems"),
          addPartyItems: csvInts(raw, "AddPartyItems"),
          delPartyItems: csvInts(raw, "DelPartyItems"),
        });
      case "kf_msg_or_event/":
        return variant(raw, type, { token: need(raw, "Token"), openKfId: need(raw, "OpenKfId") });
      default:
        return unknownEvent(raw, event, changeType, msgType);
    }
  } catch (err) {
    if (err instanceof MissingField) return unknownEvent(raw, event, changeType, msgType, err.message);
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
  "OpenKfId",
  "Token",
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
