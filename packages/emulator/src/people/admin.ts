// What an admin does in the WeCom admin console: edit corp tags (change_external_tag create/update/delete/
// shuffle; a deleted group fires only for the group) and mark a member as resigned.
import { ControlError } from "../errors.ts";
import type { Ids } from "../world/ids.ts";
import type { CorpState, Tag, TagGroup } from "../world/types.ts";
import type { World } from "../world/world.ts";
import { memberOf } from "./relations.ts";

const tagEvent = (changeType: string, id: string, tagType: "tag" | "tag_group") => ({
  Event: "change_external_tag",
  ChangeType: changeType,
  Id: id,
  TagType: tagType,
});

/** Creates tags (and their group when new); the creator is the admin (agentId 0), so apps cannot edit them. */
export function adminCreateTags(
  world: World,
  corp: CorpState,
  input: { groupId?: string; groupName?: string; tags: string[]; order?: number },
  opts: { silent?: boolean; agentId?: number; ids?: Ids } = {},
): { group: TagGroup; tags: Tag[]; events: number[] } {
  const now = world.now();
  const agentId = opts.agentId ?? 0;
  const ids = opts.ids ?? world.ids;
  let group = input.groupId ? corp.tagGroups.get(input.groupId) : undefined;
  if (input.groupId && (!group || group.deleted)) throw new ControlError("NOT_FOUND", "unknown tag group");
  group ??= [...corp.tagGroups.values()].find((g) => !g.deleted && g.name === input.groupName);
  const events: number[] = [];
  if (!group) {
    if (!input.groupName) throw new ControlError("BAD_REQUEST", "groupId or groupName is required");
    group = {
      id: ids.tagId(),
      name: input.groupName,
      createTime: now,
      order: input.order ?? 0,
      agentId,
      deleted: false,
    };
    corp.tagGroups.set(group.id, group);
    if (!opts.silent) events.push(...world.emit(corp, tagEvent("create", group.id, "tag_group")));
  }
  const created: Tag[] = [];
  for (const name of input.tags) {
    const gid = group.id;
    if ([...corp.tags.values()].some((t) => t.groupId === gid && !t.deleted && t.name === name)) continue;
    const tag: Tag = {
      id: ids.tagId(),
      groupId: gid,
      name,
      createTime: now,
      order: 0,
      agentId,
      deleted: false,
    };
    corp.tags.set(tag.id, tag);
    created.push(tag);
    if (!opts.silent) events.push(...world.emit(corp, tagEvent("create", tag.id, "tag")));
  }
  return { group, tags: created, events };
}

export function adminUpdateTag(
  world: World,
  corp: CorpState,
  input: { id: string; name?: string; order?: number },
) {
  const tag = corp.tags.get(input.id);
  const group = corp.tagGroups.get(input.id);
  const target = tag ?? group;
  if (!target || target.deleted) throw new ControlError("NOT_FOUND", "unknown tag or group");
  if (input.name !== undefined) target.name = input.name;
  if (input.order !== undefined) target.order = input.order;
  return { events: world.emit(corp, tagEvent("update", input.id, tag ? "tag" : "tag_group")) };
}

export function adminDeleteTag(world: World, corp: CorpState, input: { id: string }) {
  const group = corp.tagGroups.get(input.id);
  if (group && !group.deleted) {
    group.deleted = true;
    for (const t of corp.tags.values()) if (t.groupId === group.id) t.deleted = true;
    return { events: world.emit(corp, tagEvent("delete", group.id, "tag_group")) };
  }
  const tag = corp.tags.get(input.id);
  if (!tag || tag.deleted) throw new ControlError("NOT_FOUND", "unknown tag or group");
  tag.deleted = true;
  return { events: world.emit(corp, tagEvent("delete", tag.id, "tag")) };
}

/** Reorders the tags of one group (or, with no id, every group): shuffle with Id empty = resync everything. */
export function adminShuffleTags(world: World, corp: CorpState, input: { groupId?: string }) {
  const groups = input.groupId ? [corp.tagGroups.get(input.groupId)] : [...corp.tagGroups.values()];
  for (const g of groups) {
    if (!g) throw new ControlError("NOT_FOUND", "unknown tag group");
    const tags = [...corp.tags.values()].filter((t) => t.groupId === g.id);
    tags.forEach((t, i) => {
      t.order = tags.length - i + world.ids.int(3);
    });
  }
  const fields: Record<string, string> = { Event: "change_external_tag", ChangeType: "shuffle" };
  if (input.groupId) fields.Id = input.groupId;
  return { events: world.emit(corp, fields) };
}

/** The member leaves the company: status 5, their customers become unassigned, their groups await a new owner. */
export function memberResigns(world: World, corp: CorpState, userid: string) {
  const member = memberOf(corp, userid);
  member.status = 5;
  member.resignedAt = world.now();
  let groups = 0;
  for (const g of corp.groups.values()) {
    if (g.owner === userid && !g.dismissed) {
      g.status = 1;
      groups++;
    }
  }
  const customers = world.index(corp).activeCountOfMember(userid);
  return { userid, resignedAt: member.resignedAt, customers, groups };
}
