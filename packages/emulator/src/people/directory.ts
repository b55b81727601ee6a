// Admin edits in the directory (通讯录): create, update and delete members and departments. They fire
// change_contact events (create_user, update_user, delete_user, create_party, delete_party) in the reduced
// form WeCom sends to callback URLs configured after 2022-08-15 (UserID/Department, Id/ParentId), and only
// to apps with `contactEvents` on — apps must poll the directory anyway and treat events as hints.
import { ControlError } from "../errors.ts";
import type { CorpState, Member } from "../world/types.ts";
import type { MemberSeed, World } from "../world/world.ts";
import { memberOf } from "./relations.ts";

const contactEvent = (world: World, corp: CorpState, fields: Record<string, string | number>) =>
  world.emit(corp, { Event: "change_contact", ...fields }, { only: (app) => app.contactEvents });

export function adminCreatesMember(world: World, corp: CorpState, seed: MemberSeed) {
  const member = world.addMember(corp, seed);
  const events = contactEvent(world, corp, {
    ChangeType: "create_user",
    UserID: member.userid,
    Department: member.department.join(","),
  });
  return { member, events };
}

export function adminUpdatesMember(
  world: World,
  corp: CorpState,
  userid: string,
  changes: Partial<Member> & { newUserid?: string },
) {
  const member = memberOf(corp, userid);
  const { newUserid, ...rest } = changes;
  Object.assign(member, rest, { userid: member.userid });
  const fields: Record<string, string> = { ChangeType: "update_user", UserID: userid };
  if (newUserid && newUserid !== userid) {
    if (corp.members.has(newUserid)) throw new ControlError("CONFLICT", `member ${newUserid} exists`);
    corp.members.delete(userid);
    member.userid = newUserid;
    corp.members.set(newUserid, member);
    fields.NewUserID = newUserid;
  }
  if (rest.department) fields.Department = member.department.join(",");
  return { member, events: contactEvent(world, corp, fields) };
}

/** The member is removed from the directory: like a resignation for customers and groups, plus delete_user. */
export function adminDeletesMember(world: World, corp: CorpState, userid: string) {
  const member = memberOf(corp, userid);
  member.status = 5;
  member.resignedAt = world.now();
  for (const g of corp.groups.values()) if (g.owner === userid && !g.dismissed) g.status = 1;
  return { userid, events: contactEvent(world, corp, { ChangeType: "delete_user", UserID: userid }) };
}

export function adminCreatesDepartment(
  world: World,
  corp: CorpState,
  input: { name: string; id?: number; parentId?: number },
) {
  if (input.parentId !== undefined && !corp.departments.has(input.parentId))
    throw new ControlError("NOT_FOUND", "unknown parent");
  const dept = world.addDepartment(corp, input);
  return {
    department: dept,
    events: contactEvent(world, corp, { ChangeType: "create_party", Id: dept.id, ParentId: dept.parentId }),
  };
}

export function adminDeletesDepartment(world: World, corp: CorpState, id: number) {
  if (!corp.departments.has(id) || id === 1) throw new ControlError("NOT_FOUND", "unknown department");
  if ([...corp.departments.values()].some((d) => d.parentId === id))
    throw new ControlError("CONFLICT", "department has children");
  if ([...corp.members.values()].some((m) => m.status !== 5 && m.department.includes(id))) {
    throw new ControlError("CONFLICT", "department has members");
  }
  corp.departments.delete(id);
  return { id, events: contactEvent(world, corp, { ChangeType: "delete_party", Id: id }) };
}
