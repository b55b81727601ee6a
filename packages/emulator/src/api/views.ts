// Response shapes shared by several endpoints, copied from the official samples (wecom-samples/cgi-bin).
import type { CorpState, Customer, Follow } from "../world/types.ts";

export function externalContactView(c: Customer): Record<string, unknown> {
  const view: Record<string, unknown> = {
    external_userid: c.externalUserId,
    name: c.name,
    avatar: c.avatar,
    type: c.type,
    gender: c.gender,
  };
  if (c.unionid) view.unionid = c.unionid;
  if (c.type === 2) {
    view.corp_name = c.corpName;
    view.corp_full_name = c.corpName;
  }
  return view;
}

export function liveTagIds(corp: CorpState, f: Follow): string[] {
  return f.tagIds.filter((id) => corp.tags.get(id)?.deleted === false);
}

/** A follow_user item of externalcontact/get. */
export function followUserView(corp: CorpState, f: Follow): Record<string, unknown> {
  const tags = liveTagIds(corp, f).map((id) => {
    const tag = corp.tags.get(id)!;
    return {
      group_name: corp.tagGroups.get(tag.groupId)?.name ?? "",
      tag_name: tag.name,
      tag_id: id,
      type: 1,
    };
  });
  const view: Record<string, unknown> = {
    userid: f.userid,
    remark: f.remark,
    description: f.description,
    createtime: f.createtime,
    tags,
    remark_corp_name: f.remarkCorpName,
    remark_mobiles: f.remarkMobiles,
    oper_userid: f.operUserid,
    add_way: f.addWay,
  };
  if (f.state) view.state = f.state;
  return view;
}

/** A follow_info item of batch/get_by_user. */
export function followInfoView(corp: CorpState, f: Follow): Record<string, unknown> {
  const view: Record<string, unknown> = {
    userid: f.userid,
    remark: f.remark,
    description: f.description,
    createtime: f.createtime,
    tag_id: liveTagIds(corp, f),
    remark_corp_name: f.remarkCorpName,
    remark_mobiles: f.remarkMobiles,
    oper_userid: f.operUserid,
    add_way: f.addWay,
  };
  if (f.state) view.state = f.state;
  return view;
}
