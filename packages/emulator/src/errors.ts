// WeCom error codes the emulator answers with, their official English texts, and the errmsg format of
// contract §0 ("<text>, hint: [<request-id>], from ip: <ip>, more info at …?e=<code>").

const TEXTS: Record<number, string> = {
  [-1]: "system busy",
  40001: "invalid credential",
  40003: "invalid userid",
  40004: "invalid media type",
  40005: "invalid file type",
  40006: "invalid file size",
  40007: "invalid media_id",
  40008: "invalid message type",
  40013: "invalid corpid",
  40014: "invalid access_token",
  40029: "invalid code",
  40050: "chatid not found",
  40056: "invalid agentid",
  40058: "invalid parameter",
  40063: "some parameters are empty",
  40068: "invalid tagid",
  40071: "tag name exist",
  40096: "invalid external userid",
  40097: "invalid handover userid",
  40098: "the user not verified",
  40099: "external contact count exceed limit",
  40100: "user already in transfer flow",
  40126: "tag count exceed limit",
  40128: "customer transfer limit exceeded",
  40129: "customer already in transfer",
  40130: "handover equal to takeover",
  40131: "customer is not handover's",
  40143: "takeover user is banned",
  41001: "access_token missing",
  41002: "corpid missing",
  41004: "corpsecret missing",
  41035: "missing external userid",
  41037: "missing contact way type",
  41038: "missing contact way scene",
  41039: "invalid contact way type",
  41040: "invalid contact way scene",
  41041: "contact way user count exceed limit",
  41042: "invalid contact way style",
  41043: "missing contact way config_id",
  41044: "invalid contact way config_id",
  41045: "contact way count exceed limit",
  41046: "missing msgid",
  41047: "invalid msgid",
  41048: "no external contact can be sent",
  41049: "missing welcome code",
  41050: "invalid welcome code",
  41051: "externaluser has started chatting",
  41054: "the user not activated",
  41055: "welcome template count exceed limit",
  41058: "not template owner",
  41059: "missing moment_id",
  41060: "invalid moment_id",
  41061: "moment not created by the user",
  41062: "moment not published by the user",
  41063: "message is being sent",
  41064: "attachments count exceed limit",
  41065: "invalid attachments msgtype",
  41078: "too many async jobs",
  41091: "chat_id_list count exceed limit",
  41093: "message has been cancelled",
  41094: "remind frequency exceed limit",
  41096: "welcome message is being sent",
  42001: "access_token expired",
  44001: "empty media data",
  44004: "empty content",
  45009: "api freq out of limit",
  48002: "api forbidden",
  49008: "chat has been dismissed",
  60011: "no privilege to access/modify contact/party/agent",
  60111: "userid not found",
  60123: "invalid party id",
  81013: "user & party & tag all invalid",
  81017: "too many items",
  82001: "all touser, toparty, totag invalid",
  84061: "not external contact",
  95000: "invalid open_kfid",
  95001: "send msg count limit exceeded",
  95002: "send msg time limit exceeded",
  95004: "open_kfid not exist",
  95007: "invalid msg token",
  95008: "msgmenu list count exceed limit",
  95014: "user is not servicer",
  95016: "invalid service state transition",
  95018: "service state forbids send_msg",
  95019: "servicer is not in service",
  90500: "the owner of this chat is not resigned",
  90501: "chat is not external group chat",
  90502: "the owner of this chat has resigned",
  90504: "the new owner is the same as the old owner",
  46004: "user not exist",
};

export function errorText(code: number): string {
  return TEXTS[code] ?? "error";
}

export function formatErrmsg(code: number, requestId: string, ip: string, text?: string): string {
  if (code === 0) return "ok";
  return `${text ?? errorText(code)}, hint: [${requestId}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`;
}

/** Thrown by API handlers; the router turns it into `{errcode, errmsg, ...extra}` with HTTP 200. */
export class ApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly text?: string,
    /** Fields the failed response still carries, e.g. `{follow_user: []}`. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(text ?? errorText(errcode));
    this.name = "ApiError";
  }
}

/** Errors of the control API (not WeCom's contract); mapped to HTTP 4xx by the control router. */
export class ControlError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT",
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}
