// Contract §4.4 — send_welcome_msg with the platform rules: a welcome_code is valid 20 s (configurable)
// and single use (first caller wins, later ones get 41051, as does a code whose chat already started);
// group welcome templates (≤100 per corp, an app edits only its own).
import { ApiError } from "../errors.ts";
import { readMessageBody } from "./message-body.ts";
import { post, type Route } from "./route.ts";

const TEMPLATE_KINDS = ["text", "image", "link", "miniprogram", "file", "video"] as const;

export const welcomeRoutes: Route[] = [
  post("externalcontact/send_welcome_msg", (ctx, p) => {
    const code = p.str("welcome_code", 41049);
    const entry = ctx.corp.welcomeCodes.get(code);
    if (!entry) throw new ApiError(41050);
    if (ctx.now - entry.issuedAt > ctx.corp.settings.welcomeCodeTtlSeconds) {
      ctx.world.ruleHit(
        ctx.corp,
        "welcome_code_expired",
        ctx.path,
        `code for ${entry.externalUserId} older than 20 s`,
      );
      throw new ApiError(41050);
    }
    if (entry.used) {
      ctx.world.ruleHit(
        ctx.corp,
        "welcome_code_used",
        ctx.path,
        `code for ${entry.externalUserId} already used`,
      );
      throw new ApiError(41051);
    }
    const follow = ctx.idx.get(entry.userid, entry.externalUserId);
    if (follow && follow.lastChatAt >= entry.issuedAt) {
      ctx.world.ruleHit(
        ctx.corp,
        "welcome_chat_started",
        ctx.path,
        `${entry.externalUserId} already chatting`,
      );
      throw new ApiError(41051);
    }
    const body = readMessageBody(ctx, p, { maxTextBytes: 4000, maxAttachments: 9 });
    if (!body.text && body.attachments.length === 0)
      throw new ApiError(40058, "text or attachments is required");
    entry.used = true;
    ctx.corp.customerInbox.push({
      externalUserId: entry.externalUserId,
      chatId: "",
      sender: entry.userid,
      at: ctx.now,
      kind: "welcome",
      text: body.text,
      attachments: body.attachments,
      ref: code,
    });
    ctx.world.archive(ctx.corp, {
      from: entry.userid,
      to: entry.externalUserId,
      roomId: "",
      kind: "welcome",
      text: body.text,
    });
    return {};
  }),

  post("externalcontact/group_welcome_template/add", (ctx, p) => {
    const templates = ctx.corp.welcomeTemplates;
    if (templates.size >= 100) throw new ApiError(41055);
    const body: Record<string, unknown> = {};
    for (const k of TEMPLATE_KINDS) if (p.raw[k] !== undefined) body[k] = p.raw[k];
    if (Object.keys(body).length === 0) throw new ApiError(40058, "template is empty");
    const templateId = ctx.world.ids.msgid();
    templates.set(templateId, { templateId, agentId: p.int("agentid", ctx.app.agentId), body });
    return { template_id: templateId };
  }),

  post("externalcontact/group_welcome_template/edit", (ctx, p) => {
    const t = ctx.corp.welcomeTemplates.get(p.str("template_id"));
    if (!t) throw new ApiError(40058, "invalid template_id");
    if (t.agentId !== ctx.app.agentId) throw new ApiError(41058);
    for (const k of TEMPLATE_KINDS) if (p.raw[k] !== undefined) t.body[k] = p.raw[k];
    return {};
  }),

  post("externalcontact/group_welcome_template/get", (ctx, p) => {
    const t = ctx.corp.welcomeTemplates.get(p.str("template_id"));
    if (!t) throw new ApiError(40058, "invalid template_id");
    return { ...t.body };
  }),

  post("externalcontact/group_welcome_template/del", (ctx, p) => {
    const t = ctx.corp.welcomeTemplates.get(p.str("template_id"));
    if (!t) throw new ApiError(40058, "invalid template_id");
    if (t.agentId !== ctx.app.agentId) throw new ApiError(41058);
    ctx.corp.welcomeTemplates.delete(t.templateId);
    return {};
  }),
];
