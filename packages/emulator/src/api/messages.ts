// Addendum §3 — app messages to members (message/send): recipients by user/party/tag within the app's
// range (partial invalid → still 0 with invaliduser; all invalid → 81013; none given → 82001), content
// checks, duplicate check, and the per-member 30/min and 1000/h limits whose excess WeCom drops silently.
import { createHash } from "node:crypto";
import { ApiError } from "../errors.ts";
import { utf8Bytes } from "./params.ts";
import { type ApiContext, post, type Route } from "./route.ts";

const recent = new WeakMap<object, Map<string, { at: number; msgid: string }>>();

function checkContent(ctx: ApiContext, msgtype: string, body: Record<string, unknown> | undefined): unknown {
  if (!body || typeof body !== "object") throw new ApiError(40058, `${msgtype} is required`);
  switch (msgtype) {
    case "text":
    case "markdown": {
      const content = String(body.content ?? "");
      if (!content) throw new ApiError(44004);
      return { content: Buffer.from(content).subarray(0, 2048).toString("utf8") };
    }
    case "textcard":
      if (!body.title || !body.description || !body.url)
        throw new ApiError(40058, "textcard title/description/url");
      if (utf8Bytes(String(body.title)) > 128 || utf8Bytes(String(body.description)) > 512)
        throw new ApiError(40058, "textcard too long");
      return body;
    case "news": {
      const articles = body.articles;
      if (!Array.isArray(articles) || articles.length === 0 || articles.length > 8)
        throw new ApiError(40058, "news.articles 1-8");
      return body;
    }
    case "template_card":
      if (!body.card_type) throw new ApiError(40058, "template_card.card_type");
      return body;
    case "image":
    case "voice":
    case "video":
    case "file": {
      const media = ctx.corp.media.get(String(body.media_id ?? ""));
      if (!media || media.expiresAt < ctx.now) throw new ApiError(40007);
      return body;
    }
    default:
      throw new ApiError(40008, "invalid message type");
  }
}

export const messageRoutes: Route[] = [
  post(
    "message/send",
    (ctx, p) => {
      const agentId = p.int("agentid", 0, 40058);
      if (agentId !== ctx.app.agentId) throw new ApiError(40056, "invalid agentid");
      const msgtype = p.str("msgtype", 40058);
      const content = checkContent(ctx, msgtype, p.raw[msgtype] as Record<string, unknown> | undefined);
      const touser = p.optStr("touser");
      const toparty = p.optStr("toparty");
      const totag = p.optStr("totag");
      if (!touser && !toparty && !totag) throw new ApiError(82001);

      const recipients = new Set<string>();
      const invalidUsers: string[] = [];
      const invalidParties: string[] = [];
      const visible = (userid: string) => {
        const m = ctx.corp.members.get(userid);
        return m !== undefined && m.status !== 5 && ctx.world.visible(ctx.corp, ctx.app, m);
      };
      if (touser === "@all") {
        for (const m of ctx.corp.members.values()) if (visible(m.userid)) recipients.add(m.userid);
      } else {
        const users = touser ? touser.split("|") : [];
        if (users.length > 1000) throw new ApiError(40058, "touser exceed 1000");
        for (const u of users) {
          if (visible(u)) recipients.add(u);
          else invalidUsers.push(u.toLowerCase());
        }
        for (const d of toparty ? toparty.split("|") : []) {
          const id = Number(d);
          if (!ctx.corp.departments.has(id)) {
            invalidParties.push(d);
            continue;
          }
          for (const m of ctx.corp.members.values())
            if (m.department.includes(id) && visible(m.userid)) recipients.add(m.userid);
        }
      }
      const invalidTags = touser === "@all" || !totag ? [] : totag.split("|");
      if (recipients.size === 0)
        throw new ApiError(81013, undefined, { invaliduser: invalidUsers.join("|") });

      const msgid = ctx.world.ids.opaque(40);
      const result = {
        invaliduser: invalidUsers.join("|"),
        invalidparty: invalidParties.join("|"),
        invalidtag: invalidTags.join("|"),
        unlicenseduser: "",
        msgid,
        ...(msgtype === "template_card" ? { response_code: ctx.world.ids.opaque(32) } : {}),
      };
      if (p.int("enable_duplicate_check", 0) === 1) {
        const interval = Math.min(p.int("duplicate_check_interval", 1800), 4 * 3600);
        const key = createHash("sha1").update(JSON.stringify(p.raw)).digest("hex");
        let seen = recent.get(ctx.corp);
        if (!seen) {
          seen = new Map();
          recent.set(ctx.corp, seen);
        }
        const previous = seen.get(key);
        if (previous && ctx.now - previous.at < interval) return { ...result, msgid: previous.msgid };
        seen.set(key, { at: ctx.now, msgid });
      }
      for (const userid of recipients) {
        const allowed = ctx.world.rate.hit(
          `${ctx.corp.corpId}|message|${agentId}|${userid}`,
          ctx.now * 1000,
          30,
          1000,
        );
        if (!allowed) {
          ctx.world.ruleHit(
            ctx.corp,
            "app_message_dropped",
            ctx.path,
            `${userid} over 30/min or 1000/h from app ${agentId}`,
          );
          continue;
        }
        ctx.corp.appMessages.push({ userid, agentId, at: ctx.now, msgtype, content, msgid });
      }
      if (ctx.corp.appMessages.length > 100_000) ctx.corp.appMessages.splice(0, 50_000);
      return result;
    },
    false,
  ),
];
