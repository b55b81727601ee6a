// Addendum §4 — 微信客服: accounts, contact URL, servicers, sync_msg (cursor + Token, 3-day horizon, API sends
// excluded), send_msg (only in states 0/1, ≤5 per inbound within 48 h), send_msg_on_event (20 s single-use
// codes), the session state machine (illegal moves → 95016) and customer batchget.
import { ApiError } from "../errors.ts";
import { issueKfCode, KF_CODE_TTL, KF_WINDOW, kfRuntime, kfSession } from "../people/kf.ts";
import type { KfAccount, KfSession } from "../world/types.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { Params } from "./params.ts";
import { type ApiContext, get, post, type Route } from "./route.ts";

const TYPES = new Set([
  "text",
  "image",
  "voice",
  "video",
  "file",
  "link",
  "miniprogram",
  "msgmenu",
  "location",
]);
const MOVES: Record<number, number[]> = { 0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [] };

function accountOf(ctx: ApiContext, id: string): KfAccount {
  if (!id) throw new ApiError(95000);
  const account = ctx.corp.kf.accounts.get(id);
  if (!account) throw new ApiError(95004);
  return account;
}

function customerId(ctx: ApiContext, p: Params): string {
  const id = p.str("external_userid", 40058);
  if (!ctx.corp.customers.has(id)) throw new ApiError(40096);
  return id;
}

function readBody(p: Params, msgtype: string): Record<string, unknown> {
  if (!TYPES.has(msgtype)) throw new ApiError(40058, "invalid msgtype");
  const body = p.obj(msgtype);
  if (!body) throw new ApiError(40058, `${msgtype} is required`);
  if (msgtype === "text" && !body.optStr("content")) throw new ApiError(44004);
  if (msgtype === "msgmenu" && body.array("list").length > 10) throw new ApiError(95008);
  return body.raw;
}

function deliver(
  ctx: ApiContext,
  session: KfSession,
  msgtype: string,
  body: Record<string, unknown>,
  msgid: string,
) {
  const text = msgtype === "text" ? String((body as { content?: unknown }).content ?? "") : `[${msgtype}]`;
  ctx.corp.customerInbox.push({
    externalUserId: session.externalUserId,
    chatId: "",
    sender: session.openKfid,
    at: ctx.now,
    kind: "kf",
    text,
    attachments: msgtype === "text" ? [] : [{ msgtype, [msgtype]: body }],
    ref: msgid,
  });
  ctx.world.archive(ctx.corp, {
    from: session.openKfid,
    to: session.externalUserId,
    roomId: "",
    kind: "kf",
    text,
  });
}

export const kfRoutes: Route[] = [
  post(
    "kf/account/list",
    (ctx, p) => {
      const offset = p.int("offset", 0);
      const limit = p.limit("limit", 100, 100);
      const accounts = [...ctx.corp.kf.accounts.values()].slice(offset, offset + limit);
      return {
        account_list: accounts.map((a) => ({
          open_kfid: a.openKfid,
          name: a.name,
          avatar: a.avatar,
          manage_privilege: a.managePrivilege,
        })),
      };
    },
    false,
  ),

  post(
    "kf/add_contact_way",
    (ctx, p) => {
      const account = accountOf(ctx, p.optStr("open_kfid"));
      const scene = p.optStr("scene");
      if (scene && !/^[0-9a-zA-Z_-]{1,32}$/.test(scene)) throw new ApiError(40058, "scene");
      return {
        url: `https://work.weixin.qq.com/kfid/${account.openKfid}${scene ? `?enc_scene=${scene}` : ""}`,
      };
    },
    false,
  ),

  get(
    "kf/servicer/list",
    (ctx, p) => ({
      servicer_list: accountOf(ctx, p.optStr("open_kfid")).servicers.map((s) => ({
        userid: s.userid,
        status: s.status,
        stop_type: s.stopType,
      })),
    }),
    false,
  ),

  post(
    "kf/sync_msg",
    (ctx, p) => {
      const account = accountOf(ctx, p.optStr("open_kfid"));
      const token = p.optStr("token");
      if (token) {
        const t = kfRuntime(ctx.corp).tokens.get(token);
        if (!t || t.expiresAt < ctx.now || t.openKfid !== account.openKfid) throw new ApiError(95007);
      }
      const limit = p.limit("limit", 1000, 1000);
      const cursor = p.optStr("cursor");
      const [after = 0] = cursor ? decodeCursor(cursor, 1) : [0];
      const horizon = ctx.now - 3 * 86_400;
      const items = ctx.corp.kf.log.filter(
        (m) => m.openKfid === account.openKfid && m.seq > after && m.sendTime >= horizon,
      );
      const page = items.slice(0, limit);
      const lastSeq = page.at(-1)?.seq ?? after;
      return {
        next_cursor: encodeCursor([lastSeq]),
        has_more: items.length > page.length ? 1 : 0,
        msg_list: page.map((m) => {
          const view: Record<string, unknown> = {
            msgid: m.msgid,
            open_kfid: m.openKfid,
            send_time: m.sendTime,
            origin: m.origin,
            msgtype: m.msgtype,
            ...m.body,
          };
          if (m.externalUserId) view.external_userid = m.externalUserId;
          if (m.servicerUserid) view.servicer_userid = m.servicerUserid;
          return view;
        }),
      };
    },
    false,
  ),

  post(
    "kf/send_msg",
    (ctx, p) => {
      const account = accountOf(ctx, p.optStr("open_kfid"));
      const touser = p.str("touser", 40058);
      if (!ctx.corp.customers.has(touser)) throw new ApiError(40096);
      const msgtype = p.str("msgtype", 40058);
      const body = readBody(p, msgtype);
      const session = kfSession(ctx.corp, account.openKfid, touser);
      if (session.state !== 0 && session.state !== 1) throw new ApiError(95018);
      if (ctx.now - session.lastInboundAt > KF_WINDOW) {
        ctx.world.ruleHit(ctx.corp, "kf_48h_window", ctx.path, `${touser} wrote more than 48 h ago`);
        throw new ApiError(95002);
      }
      if (session.sendsSinceInbound >= 5) {
        ctx.world.ruleHit(
          ctx.corp,
          "kf_5_per_inbound",
          ctx.path,
          `5 messages already sent to ${touser} since their last message`,
        );
        throw new ApiError(95001);
      }
      session.sendsSinceInbound++;
      const msgid = p.optStr("msgid") || ctx.world.ids.opaque(32);
      deliver(ctx, session, msgtype, body, msgid);
      return { msgid };
    },
    false,
  ),

  post(
    "kf/send_msg_on_event",
    (ctx, p) => {
      const entry = kfRuntime(ctx.corp).codes.get(p.str("code", 40058));
      if (!entry || entry.used || ctx.now - entry.issuedAt > KF_CODE_TTL)
        throw new ApiError(95007, "invalid code");
      const msgtype = p.str("msgtype", 40058);
      if (msgtype !== "text" && msgtype !== "msgmenu")
        throw new ApiError(40058, "msgtype must be text or msgmenu");
      const body = readBody(p, msgtype);
      entry.used = true;
      const msgid = p.optStr("msgid") || ctx.world.ids.opaque(32);
      deliver(ctx, kfSession(ctx.corp, entry.openKfid, entry.externalUserId), msgtype, body, msgid);
      return { msgid };
    },
    false,
  ),

  post(
    "kf/service_state/get",
    (ctx, p) => {
      const account = accountOf(ctx, p.optStr("open_kfid"));
      const session = kfSession(ctx.corp, account.openKfid, customerId(ctx, p));
      return session.state === 3
        ? { service_state: 3, servicer_userid: session.servicerUserid }
        : { service_state: session.state };
    },
    false,
  ),

  post(
    "kf/service_state/trans",
    (ctx, p) => {
      const account = accountOf(ctx, p.optStr("open_kfid"));
      const session = kfSession(ctx.corp, account.openKfid, customerId(ctx, p));
      const next = p.int("service_state", -1, 40058);
      if (!(MOVES[session.state] ?? []).includes(next)) throw new ApiError(95016);
      let servicer = "";
      if (next === 3) {
        servicer = p.str("servicer_userid", 40058);
        const s = account.servicers.find((x) => x.userid === servicer);
        if (!s) throw new ApiError(95014);
        if (s.status !== 0) throw new ApiError(95019);
      }
      const firstHandOff = (next === 2 || next === 3) && !session.greeted;
      session.state = next as KfSession["state"];
      session.servicerUserid = servicer;
      if (firstHandOff) session.greeted = true;
      const msgCode =
        firstHandOff || next === 4
          ? issueKfCode(ctx.world, ctx.corp, account.openKfid, session.externalUserId)
          : "";
      return msgCode ? { msg_code: msgCode } : {};
    },
    false,
  ),

  post(
    "kf/customer/batchget",
    (ctx, p) => {
      const ids = p.strArray("external_userid_list", 100);
      if (ids.length === 0) throw new ApiError(40058, "external_userid_list is required");
      const withContext = p.int("need_enter_session_context", 0) === 1;
      const known = ids.filter((id) => ctx.corp.customers.has(id));
      return {
        customer_list: known.map((id) => {
          const c = ctx.corp.customers.get(id)!;
          const view: Record<string, unknown> = {
            external_userid: id,
            nickname: c.name,
            avatar: c.avatar,
            gender: c.gender,
            unionid: c.unionid,
          };
          if (withContext) {
            const session = [...ctx.corp.kf.sessions.values()].find((s) => s.externalUserId === id);
            view.enter_session_context = {
              scene: session?.scene ?? "",
              scene_param: session?.sceneParam ?? "",
            };
          }
          return view;
        }),
        invalid_external_userid: ids.filter((id) => !ctx.corp.customers.has(id)),
      };
    },
    false,
  ),
];
