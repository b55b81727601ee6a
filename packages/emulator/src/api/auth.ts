// Addendum §1.2 and §2 — identity APIs: JS-SDK tickets, auth/getuserinfo (code → userid, single use,
// 40029 otherwise) and auth/getuserdetail (user_ticket → the member's private fields).
import { ApiError } from "../errors.ts";
import { get, post, type Route } from "./route.ts";

export const authRoutes: Route[] = [
  get(
    "get_jsapi_ticket",
    (ctx) => {
      const t = ctx.world.identity.jsapiTicket(ctx.corp, ctx.app.agentId, "corp");
      return { ticket: t.ticket, expires_in: t.expiresIn };
    },
    false,
  ),

  get(
    "ticket/get",
    (ctx, p) => {
      if (p.optStr("type") !== "agent_config") throw new ApiError(40058, "type must be agent_config");
      const t = ctx.world.identity.jsapiTicket(ctx.corp, ctx.app.agentId, "agent");
      return { ticket: t.ticket, expires_in: t.expiresIn };
    },
    false,
  ),

  get(
    "auth/getuserinfo",
    (ctx, p) => {
      const entry = ctx.world.identity.redeem(ctx.corp, p.str("code", 40029));
      if (!entry) throw new ApiError(40029);
      const member = ctx.corp.members.get(entry.userid);
      if (!member || member.status === 5) throw new ApiError(60111);
      const inRange = ctx.world.visible(ctx.corp, ctx.app, member);
      const result: Record<string, unknown> = { userid: member.userid };
      if (entry.scope === "snsapi_privateinfo" && inRange) {
        result.user_ticket = ctx.world.identity.mintUserTicket(ctx.corp, member.userid);
        result.expires_in = 1800;
      }
      return result;
    },
    false,
  ),

  post(
    "auth/getuserdetail",
    (ctx, p) => {
      const userid = ctx.world.identity.userOfTicket(ctx.corp, p.str("user_ticket", 40058));
      if (!userid) throw new ApiError(40058, "invalid user_ticket");
      const m = ctx.corp.members.get(userid);
      if (!m) throw new ApiError(60111);
      return {
        userid: m.userid,
        gender: m.gender,
        avatar: `https://wework.qpic.cn/wwhead/emulator/${m.userid}/0`,
        qr_code: `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=${m.userid}`,
        mobile: m.mobile,
        email: m.email,
        biz_mail: m.email,
        address: "",
      };
    },
    false,
  ),
];
