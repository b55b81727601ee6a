// Contract §4.5 — customer groups (list with owner/status filters and 81017, get with member_version) and
// join ways (≤5 groups → 41091, auto_create_room, the 500k quota shared with contact ways).
import { ApiError } from "../errors.ts";
import { memberVersion } from "../people/groups.ts";
import type { GroupChat, JoinWay } from "../world/types.ts";
import { qrCodeUrl, WAY_QUOTA, wayCount } from "./contact-ways.ts";
import { pageArray } from "./cursor.ts";
import type { Params } from "./params.ts";
import { type ApiContext, post, type Route } from "./route.ts";

function chatOf(ctx: ApiContext, chatId: string): GroupChat {
  const chat = ctx.corp.groups.get(chatId);
  if (!chat) throw new ApiError(40050);
  if (chat.dismissed) throw new ApiError(49008);
  return chat;
}

function visibleMemberCount(ctx: ApiContext): number {
  let n = 0;
  for (const m of ctx.corp.members.values()) if (ctx.world.visible(ctx.corp, ctx.app, m)) n++;
  return n;
}

function readChatList(ctx: ApiContext, p: Params): string[] {
  const list = p.strArray("chat_id_list");
  if (list.length === 0) throw new ApiError(40058, "chat_id_list is required");
  if (list.length > 5) throw new ApiError(41091);
  for (const id of list) chatOf(ctx, id);
  return list;
}

function joinWayOf(ctx: ApiContext, p: Params): JoinWay {
  const way = ctx.corp.joinWays.get(p.str("config_id", 41043));
  if (!way) throw new ApiError(41044);
  return way;
}

function readJoinWay(p: Params, way: JoinWay): void {
  if (p.has("remark")) way.remark = [...p.str("remark")].slice(0, 30).join("");
  if (p.raw.auto_create_room !== undefined) way.autoCreateRoom = p.int("auto_create_room", 1) ? 1 : 0;
  if (p.has("room_base_name")) way.roomBaseName = p.str("room_base_name", 40058, 40);
  if (p.has("room_base_id")) way.roomBaseId = p.int("room_base_id", 1);
  if (p.has("state")) way.state = p.str("state", 40058, 30);
}

export const groupRoutes: Route[] = [
  post("externalcontact/groupchat/list", (ctx, p) => {
    const limit = p.int("limit", 0, 40058);
    if (limit < 1 || limit > 1000) throw new ApiError(40058, "limit must be 1-1000");
    const statusFilter = p.int("status_filter", 0);
    const owners = p.obj("owner_filter")?.strArray("userid_list", 100) ?? [];
    if (owners.length === 0 && visibleMemberCount(ctx) > 1000) throw new ApiError(81017);
    const chats = [...ctx.corp.groups.values()].filter(
      (g) =>
        !g.dismissed &&
        (owners.length === 0 || owners.includes(g.owner)) &&
        (statusFilter === 0 || g.status === statusFilter),
    );
    const { page, next } = pageArray(chats, p.optStr("cursor"), limit);
    return { group_chat_list: page.map((g) => ({ chat_id: g.chatId, status: g.status })), next_cursor: next };
  }),

  post("externalcontact/groupchat/get", (ctx, p) => {
    const chat = chatOf(ctx, p.str("chat_id", 40050));
    const needName = p.int("need_name", 0) === 1;
    return {
      group_chat: {
        chat_id: chat.chatId,
        name: chat.name,
        owner: chat.owner,
        create_time: chat.createTime,
        notice: chat.notice,
        member_list: chat.members.map((m) => {
          const view: Record<string, unknown> = {
            userid: m.userid,
            type: m.type,
            join_time: m.joinTime,
            join_scene: m.joinScene,
            group_nickname: m.groupNickname,
          };
          if (m.unionid) view.unionid = m.unionid;
          if (m.invitor) view.invitor = { userid: m.invitor };
          if (needName) view.name = m.name;
          if (m.state) view.state = m.state;
          return view;
        }),
        admin_list: chat.admins.map((userid) => ({ userid })),
        member_version: memberVersion(chat),
      },
    };
  }),

  post("externalcontact/groupchat/add_join_way", (ctx, p) => {
    const scene = p.int("scene", 0, 40058);
    if (scene !== 1 && scene !== 2) throw new ApiError(40058, "scene must be 1 or 2");
    const chatIdList = readChatList(ctx, p);
    if (wayCount(ctx) >= WAY_QUOTA) throw new ApiError(41045);
    const configId = ctx.world.ids.configId();
    const way: JoinWay = {
      configId,
      scene,
      remark: "",
      autoCreateRoom: 1,
      roomBaseName: "",
      roomBaseId: 1,
      chatIdList,
      qrCode: scene === 2 ? qrCodeUrl(configId) : "",
      state: "",
      createdAt: ctx.now,
    };
    readJoinWay(p, way);
    ctx.corp.joinWays.set(configId, way);
    return { config_id: configId };
  }),

  post("externalcontact/groupchat/get_join_way", (ctx, p) => {
    const w = joinWayOf(ctx, p);
    return {
      join_way: {
        config_id: w.configId,
        scene: w.scene,
        remark: w.remark,
        auto_create_room: w.autoCreateRoom,
        room_base_name: w.roomBaseName,
        room_base_id: w.roomBaseId,
        chat_id_list: w.chatIdList,
        qr_code: w.qrCode,
        state: w.state,
      },
    };
  }),

  post("externalcontact/groupchat/update_join_way", (ctx, p) => {
    const way = joinWayOf(ctx, p);
    const chatIdList = p.raw.chat_id_list !== undefined ? readChatList(ctx, p) : way.chatIdList;
    const draft: JoinWay = { ...way, chatIdList };
    readJoinWay(p, draft);
    if (p.has("scene")) draft.scene = p.int("scene", way.scene);
    Object.assign(way, draft);
    return {};
  }),

  post("externalcontact/groupchat/del_join_way", (ctx, p) => {
    const way = joinWayOf(ctx, p);
    ctx.corp.joinWays.delete(way.configId);
    return {};
  }),
];
