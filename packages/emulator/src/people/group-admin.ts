// Customer groups as their owners run them and members talk in them: the owner hands the group over or edits
// the notice (change_external_chat/update change_owner, change_notice: no member change, so no versions), sets
// admins (no callback: WeCom sends none).
import { ControlError } from "../errors.ts";
import type { CorpState } from "../world/types.ts";
import type { World } from "../world/world.ts";
import { groupOf } from "./groups.ts";
import { memberOf } from "./relations.ts";

const update = (world: World, corp: CorpState, chatId: string, detail: string) =>
  world.emit(corp, {
    Event: "change_external_chat",
    ChangeType: "update",
    ChatId: chatId,
    UpdateDetail: detail,
  });

export function changeGroupOwner(world: World, corp: CorpState, input: { chatId: string; owner: string }) {
  const chat = groupOf(corp, input.chatId);
  const owner = memberOf(corp, input.owner);
  if (!chat.members.some((m) => m.userid === owner.userid)) {
    throw new ControlError("CONFLICT", `${owner.userid} is not in the group`);
  }
  chat.owner = owner.userid;
  chat.admins = chat.admins.filter((a) => a !== owner.userid);
  return { events: update(world, corp, chat.chatId, "change_owner") };
}

export function changeGroupNotice(world: World, corp: CorpState, input: { chatId: string; notice: string }) {
  const chat = groupOf(corp, input.chatId);
  chat.notice = input.notice;
  return { events: update(world, corp, chat.chatId, "change_notice") };
}

export function setGroupAdmins(world: World, corp: CorpState, input: { chatId: string; admins: string[] }) {
  const chat = groupOf(corp, input.chatId);
  for (const a of input.admins) {
    if (!chat.members.some((m) => m.userid === a && m.type === 1)) {
      throw new ControlError("CONFLICT", `${a} is not a member of the corp in the group`);
    }
  }
  chat.admins = input.admins.filter((a) => a !== chat.owner);
  void world;
  return { admins: chat.admins };
}
