// Contract §4.2 — corp tags: list, add (new group by name, no empty groups, 3000 cap → 40126), edit and
// delete only the app's own tags, mark_tag on a customer of the member (84061 otherwise). No callbacks.
import { ApiError } from "../errors.ts";
import type { CorpState, Tag, TagGroup } from "../world/types.ts";
import { post, type Route, requireMember } from "./route.ts";

const byOrder = <T extends { order: number; createTime: number }>(a: T, b: T) =>
  b.order - a.order || a.createTime - b.createTime;

function groupView(corp: CorpState, g: TagGroup, tags: Tag[], withDeleted: boolean) {
  const view: Record<string, unknown> = {
    group_id: g.id,
    group_name: g.name,
    create_time: g.createTime,
    order: g.order,
    tag: tags.sort(byOrder).map((t) => {
      const tv: Record<string, unknown> = {
        id: t.id,
        name: t.name,
        create_time: t.createTime,
        order: t.order,
      };
      if (withDeleted) tv.deleted = t.deleted;
      return tv;
    }),
  };
  if (withDeleted) view.deleted = g.deleted;
  void corp;
  return view;
}

function liveTagCount(corp: CorpState): number {
  let n = 0;
  for (const t of corp.tags.values()) if (!t.deleted) n++;
  return n;
}

export const tagRoutes: Route[] = [
  post("externalcontact/get_corp_tag_list", (ctx, p) => {
    const corp = ctx.corp;
    const groupIds = p.strArray("group_id");
    const tagIds = p.strArray("tag_id");
    const all = [...corp.tags.values()];
    let groups: TagGroup[];
    let pick: (g: TagGroup) => Tag[];
    if (groupIds.length > 0) {
      groups = groupIds.map((id) => corp.tagGroups.get(id)).filter((g): g is TagGroup => g !== undefined);
      pick = (g) => all.filter((t) => t.groupId === g.id && (g.deleted || !t.deleted));
    } else if (tagIds.length > 0) {
      const wanted = all.filter((t) => tagIds.includes(t.id));
      groups = [...new Set(wanted.map((t) => t.groupId))]
        .map((id) => corp.tagGroups.get(id)!)
        .filter(Boolean);
      pick = (g) => wanted.filter((t) => t.groupId === g.id);
    } else {
      groups = [...corp.tagGroups.values()].filter((g) => !g.deleted);
      pick = (g) => all.filter((t) => t.groupId === g.id && !t.deleted);
    }
    return {
      tag_group: groups.sort(byOrder).map((g) => groupView(corp, g, pick(g), true)),
    };
  }),

  post("externalcontact/add_corp_tag", (ctx, p) => {
    const corp = ctx.corp;
    const items = p.array("tag");
    if (items.length === 0) throw new ApiError(40058, "tag is required (no empty groups)");
    const names: { name: string; order: number }[] = [];
    for (const item of items) {
      const name = typeof item === "object" && item ? String((item as { name?: unknown }).name ?? "") : "";
      if (!name || [...name].length > 30) throw new ApiError(40058, "tag.name");
      if (!names.some((n) => n.name === name))
        names.push({ name, order: Number((item as { order?: unknown }).order ?? 0) });
    }
    const agentId = p.int("agentid", ctx.app.agentId);
    let group: TagGroup | undefined;
    const groupId = p.optStr("group_id");
    if (groupId) {
      group = corp.tagGroups.get(groupId);
      if (!group || group.deleted) throw new ApiError(40068);
    } else {
      const groupName = p.str("group_name", 40058, 30);
      group = [...corp.tagGroups.values()].find((g) => !g.deleted && g.name === groupName);
      if (!group) {
        group = {
          id: ctx.world.ids.tagId(),
          name: groupName,
          createTime: ctx.now,
          order: p.int("order", 0),
          agentId,
          deleted: false,
        };
        corp.tagGroups.set(group.id, group);
      }
    }
    const gid = group.id;
    const existing = [...corp.tags.values()].filter((t) => t.groupId === gid && !t.deleted);
    if (names.some((n) => existing.some((t) => t.name === n.name))) throw new ApiError(40071);
    if (liveTagCount(corp) + names.length > 3000) {
      ctx.world.ruleHit(corp, "tag_cap", ctx.path, "over 3000 corp tags");
      throw new ApiError(40126);
    }
    const created = names.map((n) => {
      const tag: Tag = {
        id: ctx.world.ids.tagId(),
        groupId: gid,
        name: n.name,
        createTime: ctx.now,
        order: n.order,
        agentId,
        deleted: false,
      };
      corp.tags.set(tag.id, tag);
      return tag;
    });
    return { tag_group: groupView(corp, group, created, false) };
  }),

  post("externalcontact/edit_corp_tag", (ctx, p) => {
    const corp = ctx.corp;
    const id = p.str("id", 40068);
    const target = corp.tags.get(id) ?? corp.tagGroups.get(id);
    if (!target || target.deleted) throw new ApiError(40068);
    if (target.agentId !== ctx.app.agentId) throw new ApiError(48002, "only the creating app may edit a tag");
    if (p.has("name")) {
      const name = p.str("name", 40058, 30);
      const clash =
        "groupId" in target
          ? [...corp.tags.values()].some(
              (t) => t.groupId === target.groupId && !t.deleted && t.name === name && t.id !== id,
            )
          : [...corp.tagGroups.values()].some((g) => !g.deleted && g.name === name && g.id !== id);
      if (clash) throw new ApiError(40071);
      target.name = name;
    }
    if (p.has("order")) target.order = p.int("order", 0);
    return {};
  }),

  post("externalcontact/del_corp_tag", (ctx, p) => {
    const corp = ctx.corp;
    const tagIds = p.strArray("tag_id");
    const groupIds = p.strArray("group_id");
    if (tagIds.length === 0 && groupIds.length === 0)
      throw new ApiError(40058, "tag_id or group_id is required");
    const tags = tagIds.map((id) => corp.tags.get(id));
    const groups = groupIds.map((id) => corp.tagGroups.get(id));
    for (const t of [...tags, ...groups]) {
      if (!t || t.deleted) throw new ApiError(40068);
      if (t.agentId !== ctx.app.agentId) throw new ApiError(48002, "only the creating app may delete a tag");
    }
    for (const g of groups) {
      g!.deleted = true;
      for (const t of corp.tags.values()) if (t.groupId === g!.id) t.deleted = true;
    }
    for (const t of tags) {
      t!.deleted = true;
      const left = [...corp.tags.values()].some((x) => x.groupId === t!.groupId && !x.deleted);
      if (!left) corp.tagGroups.get(t!.groupId)!.deleted = true;
    }
    return {};
  }),

  post("externalcontact/mark_tag", (ctx, p) => {
    const member = requireMember(ctx, p.str("userid", 40003));
    const id = p.str("external_userid", 41035);
    if (!ctx.corp.customers.has(id)) throw new ApiError(40096);
    const add = p.strArray("add_tag");
    const remove = p.strArray("remove_tag");
    if (add.length === 0 && remove.length === 0)
      throw new ApiError(40058, "add_tag or remove_tag is required");
    for (const t of [...add, ...remove])
      if (ctx.corp.tags.get(t)?.deleted !== false) throw new ApiError(40068);
    const follow = ctx.idx.active(member.userid, id);
    if (!follow) throw new ApiError(84061);
    for (const t of add) if (!follow.tagIds.includes(t)) follow.tagIds.push(t);
    follow.tagIds = follow.tagIds.filter((t) => !remove.includes(t) || add.includes(t));
    return {};
  }),
];
