// Customer groups as people use them: an owner creates a group, customers join through a join way's QR
// (auto_create_room opens a new group when the current one is full) or leave, the owner dismisses it.
// Each change fires change_external_chat with UpdateDetail, Join/QuitScene, MemChangeList and versions.
import { createHash } from "node:crypto";
import { ControlError } from "../errors.ts";
import type { Ids } from "../world/ids.ts";
import type { ArchivedDetail, CorpState, GroupChat, GroupMember } from "../world/types.ts";
import type { CustomerSeed, World } from "../world/world.ts";
import { customerOrNew, memberOf } from "./relations.ts";

export function memberVersion(chat: GroupChat): string {
  return createHash("md5").update(`${chat.chatId}:${chat.version}`).digest("hex");
}

export function groupOf(corp: CorpState, chatId: unknown): GroupChat {
  const chat = typeof chatId === "string" ? corp.groups.get(chatId) : undefined;
  if (!chat) throw new ControlError("NOT_FOUND", `unknown group ${String(chatId)}`);
  return chat;
}

export function createGroup(
  world: World,
  corp: CorpState,
  input: {
    owner: string;
    name?: string;
    memberUserids?: string[];
    externalUserIds?: string[];
    notice?: string;
  },
  opts: { silent?: boolean; ids?: Ids } = {},
): GroupChat {
  const owner = memberOf(corp, input.owner);
  const now = world.now();
  const chat: GroupChat = {
    chatId: (opts.ids ?? world.ids).chatId(),
    name: input.name ?? "",
    owner: owner.userid,
    createTime: now,
    notice: input.notice ?? "",
    members: [],
    admins: [],
    version: 1,
    status: 0,
    dismissed: false,
    transfers: [],
  };
  const add = (m: GroupMember) => chat.members.push(m);
  add(internalMember(owner.userid, owner.name, now, ""));
  for (const u of input.memberUserids ?? []) {
    if (u !== owner.userid) add(internalMember(u, memberOf(corp, u).name, now, owner.userid));
  }
  for (const id of input.externalUserIds ?? []) {
    const c = corp.customers.get(id);
    if (!c) throw new ControlError("NOT_FOUND", `unknown customer ${id}`);
    add(externalMember(c.externalUserId, c.name, c.unionid, now, 1, owner.userid, ""));
  }
  if (chat.members.length > corp.settings.groupMaxMembers)
    throw new ControlError("BAD_REQUEST", "group over size");
  corp.groups.set(chat.chatId, chat);
  if (!opts.silent)
    world.emit(corp, { Event: "change_external_chat", ChangeType: "create", ChatId: chat.chatId });
  return chat;
}

function internalMember(userid: string, name: string, at: number, invitor: string): GroupMember {
  return {
    userid,
    type: 1,
    joinTime: at,
    joinScene: 1,
    invitor,
    groupNickname: "",
    name,
    state: "",
    unionid: "",
  };
}

function externalMember(
  id: string,
  name: string,
  unionid: string,
  at: number,
  scene: number,
  invitor: string,
  state: string,
): GroupMember {
  return {
    userid: id,
    type: 2,
    joinTime: at,
    joinScene: scene,
    invitor,
    groupNickname: "",
    name,
    state,
    unionid,
  };
}

/**
 * Bumps the member version and fires change_external_chat/update. `silent` bumps the version without a callback:
 * a callback WeCom lost, which the next callback's LastMemVer reveals.
 */
export function emitUpdate(
  world: World,
  corp: CorpState,
  chat: GroupChat,
  detail: string,
  extra: Record<string, number | string[]>,
  silent = false,
): number[] {
  const last = memberVersion(chat);
  chat.version++;
  if (silent) return [];
  return world.emit(corp, {
    Event: "change_external_chat",
    ChangeType: "update",
    ChatId: chat.chatId,
    UpdateDetail: detail,
    ...extra,
    LastMemVer: last,
    CurMemVer: memberVersion(chat),
  });
}

/** A customer joins a group: via a join way (JoinScene 3, QR) or directly by chat id (invited, scene 0). */
export function joinGroup(
  world: World,
  corp: CorpState,
  input: {
    configId?: string;
    chatId?: string;
    externalUserId?: string;
    customer?: CustomerSeed;
    silent?: boolean;
  },
) {
  const customer = customerOrNew(world, corp, input.externalUserId, input.customer);
  const now = world.now();
  let chat: GroupChat | undefined;
  let state = "";
  let created = false;
  if (input.configId) {
    const way = corp.joinWays.get(input.configId);
    if (!way) throw new ControlError("NOT_FOUND", `unknown join way ${input.configId}`);
    state = way.state;
    chat = way.chatIdList
      .map((id) => corp.groups.get(id))
      .find((g) => g && !g.dismissed && g.members.length < corp.settings.groupMaxMembers);
    if (!chat) {
      const base = way.chatIdList.map((id) => corp.groups.get(id)).find((g) => g !== undefined);
      if (!way.autoCreateRoom || !base) {
        world.ruleHit(corp, "group_full", "", `join way ${way.configId}: every group is full`);
        throw new ControlError("CONFLICT", "every group of this join way is full");
      }
      const name = `${way.roomBaseName || base.name}${way.roomBaseId}`;
      way.roomBaseId++;
      chat = createGroup(world, corp, { owner: base.owner, name });
      way.chatIdList.push(chat.chatId);
      created = true;
    }
  } else {
    chat = groupOf(corp, input.chatId);
    if (chat.dismissed) throw new ControlError("CONFLICT", "group dismissed");
    if (chat.members.length >= corp.settings.groupMaxMembers) {
      world.ruleHit(corp, "group_full", "", `group ${chat.chatId} is full`);
      throw new ControlError("CONFLICT", "group is full");
    }
  }
  if (chat.members.some((m) => m.userid === customer.externalUserId)) {
    throw new ControlError("CONFLICT", "already in the group");
  }
  const scene = input.configId ? 3 : 0;
  chat.members.push(
    externalMember(
      customer.externalUserId,
      customer.name,
      customer.unionid,
      now,
      scene === 3 ? 3 : 1,
      chat.owner,
      state,
    ),
  );
  const events = emitUpdate(
    world,
    corp,
    chat,
    "add_member",
    {
      JoinScene: scene,
      MemChangeCnt: 1,
      MemChangeList: [customer.externalUserId],
    },
    input.silent,
  );
  return { chatId: chat.chatId, externalUserId: customer.externalUserId, createdGroup: created, events };
}

export function leaveGroup(
  world: World,
  corp: CorpState,
  input: { chatId: string; externalUserId: string; removed?: boolean; silent?: boolean },
) {
  const chat = groupOf(corp, input.chatId);
  const i = chat.members.findIndex((m) => m.userid === input.externalUserId);
  if (i < 0) throw new ControlError("CONFLICT", "not in the group");
  chat.members.splice(i, 1);
  const events = emitUpdate(
    world,
    corp,
    chat,
    "del_member",
    {
      QuitScene: input.removed ? 1 : 0,
      MemChangeCnt: 1,
      MemChangeList: [input.externalUserId],
    },
    input.silent,
  );
  return { chatId: chat.chatId, events };
}

export function renameGroup(world: World, corp: CorpState, input: { chatId: string; name: string }) {
  const chat = groupOf(corp, input.chatId);
  chat.name = input.name;
  return { events: emitUpdate(world, corp, chat, "change_name", {}) };
}

export function dismissGroup(world: World, corp: CorpState, chatId: string) {
  const chat = groupOf(corp, chatId);
  chat.dismissed = true;
  return {
    events: world.emit(corp, { Event: "change_external_chat", ChangeType: "dismiss", ChatId: chat.chatId }),
  };
}

/** A group member (customer or member) writes in the group: a line in the archive feed with the group's roomId. */
export function groupSays(
  world: World,
  corp: CorpState,
  input: { chatId: string; from: string; text: string; kind?: string; detail?: ArchivedDetail },
) {
  const chat = groupOf(corp, input.chatId);
  if (chat.dismissed) throw new ControlError("CONFLICT", "group dismissed");
  if (!chat.members.some((m) => m.userid === input.from))
    throw new ControlError("CONFLICT", `${input.from} is not in the group`);
  world.archive(corp, {
    from: input.from,
    to: "",
    roomId: chat.chatId,
    kind: input.kind ?? "text",
    text: input.text,
    ...(input.detail ? { detail: input.detail } : {}),
  });
  return { at: world.now() };
}
