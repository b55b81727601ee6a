// Registry of the people actions exposed as POST /_emulator/corps/:corpId/people/:action. Each action
// checks its body and calls the simulation in ../people/. Names are kebab-case; see README.md.
import { ControlError } from "../errors.ts";
import {
  adminCreateTags,
  adminDeleteTag,
  adminShuffleTags,
  adminUpdateTag,
  memberResigns,
} from "../people/admin.ts";
import { scanContactWay } from "../people/contact-way.ts";
import {
  adminCreatesDepartment,
  adminCreatesMember,
  adminDeletesDepartment,
  adminDeletesMember,
  adminUpdatesMember,
} from "../people/directory.ts";
import {
  createGroup,
  dismissGroup,
  groupSays,
  joinGroup,
  leaveGroup,
  renameGroup,
} from "../people/groups.ts";
import {
  acceptContact,
  addContact,
  customerDeletesMember,
  customerOf,
  customerOrNew,
  customerSays,
  memberDeletesCustomer,
  memberEditsCustomer,
  memberOf,
  memberSays,
} from "../people/relations.ts";
import type { CorpState, Member } from "../world/types.ts";
import type { CustomerSeed, MemberSeed, World } from "../world/world.ts";
import { detailOf, GROUP_PEOPLE_ACTIONS } from "./people-actions-groups.ts";
import { MORE_PEOPLE_ACTIONS } from "./people-actions-more.ts";

export type Body = Record<string, unknown>;
export type PeopleAction = (world: World, corp: CorpState, body: Body) => unknown;

export function str(body: Body, name: string): string {
  const v = body[name];
  if (typeof v !== "string" || v === "") throw new ControlError("BAD_REQUEST", `${name} is required`);
  return v;
}
export function optStr(body: Body, name: string): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new ControlError("BAD_REQUEST", `${name} must be a string`);
  return v;
}
export function strList(body: Body, name: string): string[] | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new ControlError("BAD_REQUEST", `${name} must be a string list`);
  return v as string[];
}
const customerSeed = (body: Body) => body.customer as CustomerSeed | undefined;

export const PEOPLE_ACTIONS: Record<string, PeopleAction> = {
  // customers and members
  "scan-contact-way": (w, c, b) =>
    scanContactWay(w, c, {
      configId: str(b, "configId"),
      externalUserId: optStr(b, "externalUserId"),
      customer: customerSeed(b),
      userid: optStr(b, "userid"),
    }),
  "add-customer": (w, c, b) =>
    addContact(w, c, {
      member: memberOf(c, str(b, "userid")),
      customer: customerOrNew(w, c, optStr(b, "externalUserId"), customerSeed(b)),
      state: optStr(b, "state"),
      addWay: typeof b.addWay === "number" ? b.addWay : 2,
      verify: b.verify === true,
      operUserid: optStr(b, "operUserid"),
      remarkMobiles: strList(b, "remarkMobiles"),
    }),
  "accept-contact": (w, c, b) => acceptContact(w, c, str(b, "userid"), str(b, "externalUserId")),
  "customer-message": (w, c, b) =>
    customerSays(w, c, str(b, "userid"), customerOf(c, b.externalUserId).externalUserId, str(b, "text")),
  "member-message": (w, c, b) => memberSays(w, c, str(b, "userid"), str(b, "externalUserId"), str(b, "text")),
  "open-link": (w, c, b) => {
    const customer = customerOf(c, b.externalUserId);
    c.customerSaid.push({
      externalUserId: customer.externalUserId,
      userid: optStr(b, "userid") ?? "",
      at: w.now(),
      text: `[link] ${str(b, "url")}`,
    });
    return { ok: true };
  },
  "customer-deletes-member": (w, c, b) =>
    customerDeletesMember(w, c, str(b, "userid"), str(b, "externalUserId")),
  "customer-blocks-member": (w, c, b) => {
    const result = customerDeletesMember(w, c, str(b, "userid"), str(b, "externalUserId"));
    w.stat(c, str(b, "userid"), w.now(), "negative_feedback_cnt");
    return result;
  },
  "customer-complains": (w, c, b) => {
    const userid = memberOf(c, b.userid).userid;
    const customer = customerOf(c, b.externalUserId);
    w.stat(c, userid, w.now(), "negative_feedback_cnt");
    w.ruleHit(
      c,
      "complaint",
      "",
      `${customer.externalUserId} complained about ${userid}: ${optStr(b, "reason") ?? ""}`,
    );
    return { ok: true };
  },
  "member-deletes-customer": (w, c, b) =>
    memberDeletesCustomer(w, c, str(b, "userid"), str(b, "externalUserId")),
  "member-edits-customer": (w, c, b) =>
    memberEditsCustomer(w, c, str(b, "userid"), str(b, "externalUserId"), {
      remark: optStr(b, "remark"),
      description: optStr(b, "description"),
      addTags: strList(b, "addTags"),
      removeTags: strList(b, "removeTags"),
    }),
  "member-resigns": (w, c, b) => memberResigns(w, c, str(b, "userid")),

  // groups
  "create-group": (w, c, b) => {
    const chat = createGroup(w, c, {
      owner: str(b, "owner"),
      name: optStr(b, "name"),
      notice: optStr(b, "notice"),
      memberUserids: strList(b, "memberUserids"),
      externalUserIds: strList(b, "externalUserIds"),
    });
    return { chatId: chat.chatId };
  },
  "join-group": (w, c, b) =>
    joinGroup(w, c, {
      configId: optStr(b, "configId"),
      chatId: optStr(b, "chatId"),
      externalUserId: optStr(b, "externalUserId"),
      customer: customerSeed(b),
      silent: b.silent === true,
    }),
  "leave-group": (w, c, b) =>
    leaveGroup(w, c, {
      chatId: str(b, "chatId"),
      externalUserId: str(b, "externalUserId"),
      removed: b.removed === true,
      silent: b.silent === true,
    }),
  "group-message": (w, c, b) =>
    groupSays(w, c, {
      chatId: str(b, "chatId"),
      from: str(b, "from"),
      text: optStr(b, "text") ?? "",
      kind: optStr(b, "kind"),
      detail: detailOf(b),
    }),
  "rename-group": (w, c, b) => renameGroup(w, c, { chatId: str(b, "chatId"), name: str(b, "name") }),
  "dismiss-group": (w, c, b) => dismissGroup(w, c, str(b, "chatId")),

  // admin
  "admin-create-tags": (w, c, b) => {
    const r = adminCreateTags(w, c, {
      groupId: optStr(b, "groupId"),
      groupName: optStr(b, "groupName"),
      tags: strList(b, "tags") ?? [],
      order: typeof b.order === "number" ? b.order : undefined,
    });
    return { groupId: r.group.id, tagIds: r.tags.map((t) => t.id), events: r.events };
  },
  "admin-update-tag": (w, c, b) =>
    adminUpdateTag(w, c, {
      id: str(b, "id"),
      name: optStr(b, "name"),
      order: typeof b.order === "number" ? b.order : undefined,
    }),
  "admin-delete-tag": (w, c, b) => adminDeleteTag(w, c, { id: str(b, "id") }),
  "admin-creates-member": (w, c, b) => {
    str(b, "userid");
    return adminCreatesMember(w, c, b as unknown as MemberSeed);
  },
  "admin-updates-member": (w, c, b) => {
    const { userid, ...changes } = b;
    return adminUpdatesMember(w, c, str(b, "userid"), changes as Partial<Member> & { newUserid?: string });
  },
  "admin-deletes-member": (w, c, b) => adminDeletesMember(w, c, str(b, "userid")),
  "admin-creates-department": (w, c, b) =>
    adminCreatesDepartment(w, c, {
      name: str(b, "name"),
      id: typeof b.id === "number" ? b.id : undefined,
      parentId: typeof b.parentId === "number" ? b.parentId : undefined,
    }),
  "admin-deletes-department": (w, c, b) => {
    if (typeof b.id !== "number") throw new ControlError("BAD_REQUEST", "id is required");
    return adminDeletesDepartment(w, c, b.id);
  },
  "admin-shuffle-tags": (w, c, b) => adminShuffleTags(w, c, { groupId: optStr(b, "groupId") }),

  ...MORE_PEOPLE_ACTIONS,
  ...GROUP_PEOPLE_ACTIONS,
};
