// Contract §4.6 — mass messages: add_msg_template builds a task per member (sender, or the member who last
// chatted with the customer), filtered by tags; nothing is sent until members confirm (people/mass.ts).
// Listing, per-member task status, per-recipient send results (status 3 = quota), remind (3 per 24 h)
// and cancel.
import { ApiError } from "../errors.ts";
import { confirmAll } from "../people/mass.ts";
import type { Follow, MassRecipient, MassTask } from "../world/types.ts";
import { pageArray } from "./cursor.ts";
import { readMessageBody } from "./message-body.ts";
import type { Params } from "./params.ts";
import { type ApiContext, post, type Route, requireMember } from "./route.ts";

function taskOf(ctx: ApiContext, p: Params): MassTask {
  const task = ctx.corp.massTasks.get(p.str("msgid", 41046));
  if (!task) throw new ApiError(41047);
  return task;
}

function matchesTags(follow: Follow, groups: string[][]): boolean {
  return groups.every((g) => g.length === 0 || g.some((t) => follow.tagIds.includes(t)));
}

function readTagFilter(p: Params): string[][] {
  const filter = p.obj("tag_filter");
  if (!filter) return [];
  return filter.array("group_list").map((g) => {
    const list = (g as { tag_list?: unknown }).tag_list;
    if (!Array.isArray(list) || list.length > 100)
      throw new ApiError(40058, "tag_filter.group_list.tag_list");
    return list.map(String);
  });
}

export const massRoutes: Route[] = [
  post("externalcontact/add_msg_template", (ctx, p) => {
    const chatType = p.optStr("chat_type", "single");
    if (chatType !== "single" && chatType !== "group") throw new ApiError(40058, "chat_type");
    const sender = p.optStr("sender");
    if (sender) requireMember(ctx, sender);
    const body = readMessageBody(ctx, p, { maxTextBytes: 4000, maxAttachments: 9 });
    if (!body.text && body.attachments.length === 0)
      throw new ApiError(40058, "text or attachments is required");
    const failList: string[] = [];
    const recipients: MassRecipient[] = [];
    if (chatType === "group") {
      if (!sender) throw new ApiError(40058, "sender is required for group sends");
      const chats = p.strArray("chat_id_list", 2000);
      const targets =
        chats.length > 0
          ? chats
          : [...ctx.corp.groups.values()].filter((g) => g.owner === sender).map((g) => g.chatId);
      for (const id of targets) {
        const chat = ctx.corp.groups.get(id);
        if (!chat || chat.dismissed || chat.owner !== sender) failList.push(id);
        else recipients.push({ target: id, isChat: true, userid: sender, status: 0, sendTime: 0 });
      }
    } else {
      const ids = p.strArray("external_userid", 10_000);
      if (ids.length === 0 && !sender) throw new ApiError(40058, "external_userid or sender is required");
      const tags = readTagFilter(p);
      const candidates =
        ids.length > 0
          ? ids
          : ctx.idx
              .ofMember(sender)
              .filter((f) => f.status === "active")
              .map((f) => f.externalUserId);
      for (const id of new Set(candidates)) {
        let follow: Follow | undefined;
        if (sender) follow = ctx.idx.active(sender, id);
        else {
          const follows = ctx.idx.activeOfCustomer(id);
          follow = follows.sort((a, b) => b.lastChatAt - a.lastChatAt || a.createtime - b.createtime)[0];
        }
        if (!follow) {
          failList.push(id);
          continue;
        }
        if (!matchesTags(follow, tags)) continue;
        recipients.push({ target: id, isChat: false, userid: follow.userid, status: 0, sendTime: 0 });
      }
    }
    if (recipients.length === 0) throw new ApiError(41048, undefined, { fail_list: failList });
    const task: MassTask = {
      msgid: ctx.world.ids.msgid(),
      chatType,
      creator: sender,
      createType: 0,
      createTime: ctx.now,
      text: body.text ? { content: body.text } : null,
      attachments: body.attachments,
      allowSelect: p.bool("allow_select", false),
      members: {},
      recipients,
      cancelled: false,
      reminds: [],
    };
    for (const r of recipients) task.members[r.userid] ??= { status: 0, sendTime: 0, ignored: false };
    ctx.corp.massTasks.set(task.msgid, task);
    for (const userid of Object.keys(task.members)) {
      ctx.corp.appMessages.push({
        userid,
        agentId: 0,
        at: ctx.now,
        msgtype: "mass_task",
        content: { msgid: task.msgid, recipients: recipients.filter((r) => r.userid === userid).length },
        msgid: task.msgid,
      });
    }
    if (ctx.corp.settings.autoConfirmMass) confirmAll(ctx.world, ctx.corp, task);
    return { fail_list: failList, msgid: task.msgid };
  }),

  post("externalcontact/get_groupmsg_list_v2", (ctx, p) => {
    const chatType = p.str("chat_type", 40058);
    const start = p.int("start_time", 0, 40058);
    const end = p.int("end_time", 0, 40058);
    if (end < start || end - start > 31 * 86_400) throw new ApiError(40058, "time range over one month");
    const creator = p.optStr("creator");
    const filterType = p.int("filter_type", 2);
    const limit = p.limit("limit", 50, 100);
    const tasks = [...ctx.corp.massTasks.values()].filter(
      (t) =>
        t.chatType === chatType &&
        t.createTime >= start &&
        t.createTime <= end &&
        // The creator is a member who wrote a task in the client (create_type 1); an API-created task has none
        // (WeCom omits its creator, contract §4.6), so a creator filter never matches one.
        (!creator || (t.createType === 1 && t.creator === creator)) &&
        (filterType === 2 || t.createType === filterType),
    );
    const { page, next } = pageArray(tasks, p.optStr("cursor"), limit);
    return {
      group_msg_list: page.map((t) => {
        const view: Record<string, unknown> = {
          msgid: t.msgid,
          create_time: String(t.createTime),
          create_type: t.createType,
        };
        if (t.createType === 1 && t.creator) view.creator = t.creator;
        if (t.text) view.text = t.text;
        view.attachments = t.attachments;
        return view;
      }),
      next_cursor: next,
    };
  }),

  post("externalcontact/get_groupmsg_task", (ctx, p) => {
    const task = taskOf(ctx, p);
    const rows = Object.entries(task.members).map(([userid, m]) =>
      m.status === 2 ? { userid, status: 2, send_time: m.sendTime } : { userid, status: 0 },
    );
    const { page, next } = pageArray(rows, p.optStr("cursor"), p.limit("limit", 500, 1000));
    return { task_list: page, next_cursor: next };
  }),

  post("externalcontact/get_groupmsg_send_result", (ctx, p) => {
    const task = taskOf(ctx, p);
    const userid = p.str("userid", 40003);
    // For a group send WeCom lists only the groups already sent to: the member picks groups when sending.
    const rows = task.recipients
      .filter((r) => r.userid === userid && (!r.isChat || r.status !== 0))
      .map((r) => {
        const view: Record<string, unknown> = r.isChat
          ? { chat_id: r.target }
          : { external_userid: r.target };
        view.userid = r.userid;
        view.status = r.status;
        if (r.status === 1) view.send_time = r.sendTime;
        return view;
      });
    const { page, next } = pageArray(rows, p.optStr("cursor"), p.limit("limit", 500, 1000));
    return { send_list: page, next_cursor: next };
  }),

  post("externalcontact/remind_groupmsg_send", (ctx, p) => {
    const task = taskOf(ctx, p);
    if (task.cancelled) throw new ApiError(41093);
    task.reminds = task.reminds.filter((t) => t > ctx.now - 86_400);
    if (task.reminds.length >= 3) {
      ctx.world.ruleHit(ctx.corp, "mass_remind_limit", ctx.path, `${task.msgid} reminded 3 times in 24 h`);
      throw new ApiError(41094);
    }
    task.reminds.push(ctx.now);
    for (const [userid, m] of Object.entries(task.members)) {
      if (m.status !== 0) continue;
      ctx.corp.appMessages.push({
        userid,
        agentId: 0,
        at: ctx.now,
        msgtype: "mass_remind",
        content: { msgid: task.msgid },
        msgid: task.msgid,
      });
    }
    return {};
  }),

  post("externalcontact/cancel_groupmsg_send", (ctx, p) => {
    const task = taskOf(ctx, p);
    if (task.cancelled) throw new ApiError(41093);
    task.cancelled = true;
    return {};
  }),
];
