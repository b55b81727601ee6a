// Simulated people around the customer relation: a customer scans a contact way or is added directly
// (add_external_contact / add_half_external_contact with State and WelcomeCode), the member confirms,
// either side deletes the other, the customer chats, opens links, blocks or complains, the member edits.
// These are client-side actions, so unlike API calls they fire callbacks (contract §0).
import { ControlError } from "../errors.ts";
import { dayStart } from "../world/time.ts";
import type { CorpState, Customer, Follow, Member } from "../world/types.ts";
import type { CustomerSeed, World } from "../world/world.ts";
import { customerStartedChat } from "./acquisition.ts";

export function memberOf(corp: CorpState, userid: unknown): Member {
  const member = typeof userid === "string" ? corp.members.get(userid) : undefined;
  if (!member) throw new ControlError("NOT_FOUND", `unknown member ${String(userid)}`);
  return member;
}

export function customerOf(corp: CorpState, externalUserId: unknown): Customer {
  const customer = typeof externalUserId === "string" ? corp.customers.get(externalUserId) : undefined;
  if (!customer) throw new ControlError("NOT_FOUND", `unknown customer ${String(externalUserId)}`);
  return customer;
}

/** The given customer, or a new WeChat user built from `seed`. */
export function customerOrNew(
  world: World,
  corp: CorpState,
  externalUserId: unknown,
  seed?: CustomerSeed,
): Customer {
  if (typeof externalUserId === "string" && externalUserId) {
    return corp.customers.get(externalUserId) ?? world.addCustomer(corp, { ...seed, externalUserId });
  }
  return world.addCustomer(corp, seed ?? {});
}

export function issueWelcomeCode(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
): string {
  const code = world.ids.opaque(43);
  corp.welcomeCodes.set(code, { code, userid, externalUserId, issuedAt: world.now(), used: false });
  return code;
}

export interface AddResult {
  externalUserId: string;
  userid: string;
  half: boolean;
  welcomeCode: string;
  state: string;
  events: number[];
}

/** A customer becomes a member's contact (or a pending half-contact when the member must verify). */
export function addContact(
  world: World,
  corp: CorpState,
  input: {
    member: Member;
    customer: Customer;
    state?: string;
    addWay?: number;
    verify?: boolean;
    welcome?: boolean;
    operUserid?: string;
    /** The phone the member searched to add the customer, kept as the contact's remark mobile. */
    remarkMobiles?: string[];
  },
): AddResult {
  const { member, customer } = input;
  if (member.status !== 1) throw new ControlError("BAD_REQUEST", `member ${member.userid} is not active`);
  const idx = world.index(corp);
  const now = world.now();
  const existing = idx.get(member.userid, customer.externalUserId);
  if (existing?.status === "active" && !existing.deletedByCustomer) {
    throw new ControlError("CONFLICT", `${customer.externalUserId} is already ${member.userid}'s contact`);
  }
  if (idx.activeCountOfMember(member.userid) >= corp.settings.memberCustomerCap) {
    world.ruleHit(
      corp,
      "customer_cap",
      "",
      `${member.userid} is at ${corp.settings.memberCustomerCap} customers`,
    );
    throw new ControlError("CONFLICT", `member ${member.userid} is at the customer cap`);
  }
  const follow: Follow = idx.upsert({
    userid: member.userid,
    externalUserId: customer.externalUserId,
    remark: "",
    description: "",
    createtime: now,
    tagIds: [],
    remarkCorpName: "",
    remarkMobiles: [],
    addWay: input.addWay ?? 1,
    operUserid: input.operUserid ?? customer.externalUserId,
    state: input.state ?? "",
    status: "pending",
    deletedByCustomer: false,
    lastChatAt: 0,
  });
  // A re-add (after either side deleted) starts the relation afresh.
  follow.createtime = now;
  follow.addWay = input.addWay ?? follow.addWay;
  follow.state = input.state ?? "";
  follow.deletedByCustomer = false;
  if (input.remarkMobiles) follow.remarkMobiles = [...input.remarkMobiles];
  follow.status = input.verify ? "pending" : "active";
  world.stat(corp, member.userid, now, "new_apply_cnt");
  watchAddRate(world, corp, member.userid, input.addWay ?? 1);
  if (follow.status === "active") world.stat(corp, member.userid, now, "new_contact_cnt");
  const welcomeCode =
    input.welcome === false ? "" : issueWelcomeCode(world, corp, member.userid, customer.externalUserId);
  const fields: Record<string, string> = {
    Event: "change_external_contact",
    ChangeType: input.verify ? "add_half_external_contact" : "add_external_contact",
    UserID: member.userid,
    ExternalUserID: customer.externalUserId,
  };
  if (input.state) fields.State = input.state;
  if (welcomeCode) fields.WelcomeCode = welcomeCode;
  const events = world.emit(corp, fields);
  return {
    externalUserId: customer.externalUserId,
    userid: member.userid,
    half: Boolean(input.verify),
    welcomeCode,
    state: input.state ?? "",
    events,
  };
}

const addTimes = new WeakMap<CorpState, Map<string, { passive: number[]; active: number[] }>>();

/**
 * Account-risk folklore (PRODUCT A7, contract §7 "daily friend-add caps"): ≥60 passive adds within a minute or
 * ≥40 member-initiated adds within an hour put a young account at risk. WeCom publishes no number, so the
 * emulator only records the rule, letting tests prove Siyu's own throttle keeps below it.
 */
function watchAddRate(world: World, corp: CorpState, userid: string, addWay: number): void {
  let byMember = addTimes.get(corp);
  if (!byMember) {
    byMember = new Map();
    addTimes.set(corp, byMember);
  }
  const times = byMember.get(userid) ?? { passive: [], active: [] };
  byMember.set(userid, times);
  const now = world.now();
  // add_way 2 (phone search), 5 (phone contacts), 6 (WeChat contacts) are the member reaching out.
  const active = addWay === 2 || addWay === 5 || addWay === 6;
  const list = active ? times.active : times.passive;
  const window = active ? 3600 : 60;
  const limit = active ? 40 : 60;
  list.push(now);
  while (list.length > 0 && list[0]! <= now - window) list.shift();
  if (list.length === limit) {
    world.ruleHit(
      corp,
      "add_rate_risk",
      "",
      `${userid}: ${limit} ${active ? "active adds within an hour" : "passive adds within a minute"}`,
    );
  }
}

/** The member accepts a pending (half) contact: the relation becomes usable and add_external_contact fires. */
export function acceptContact(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
): AddResult {
  const follow = world.index(corp).get(userid, externalUserId);
  if (follow?.status !== "pending") throw new ControlError("CONFLICT", "no pending contact request");
  follow.status = "active";
  world.stat(corp, userid, world.now(), "new_contact_cnt");
  const halfCodeUsed = [...corp.welcomeCodes.values()].some(
    (c) => c.userid === userid && c.externalUserId === externalUserId && c.used,
  );
  const welcomeCode =
    halfCodeUsed || follow.lastChatAt > 0 ? "" : issueWelcomeCode(world, corp, userid, externalUserId);
  const fields: Record<string, string> = {
    Event: "change_external_contact",
    ChangeType: "add_external_contact",
    UserID: userid,
    ExternalUserID: externalUserId,
  };
  if (follow.state) fields.State = follow.state;
  if (welcomeCode) fields.WelcomeCode = welcomeCode;
  return {
    externalUserId,
    userid,
    half: false,
    welcomeCode,
    state: follow.state,
    events: world.emit(corp, fields),
  };
}

function activeFollow(world: World, corp: CorpState, userid: string, externalUserId: string): Follow {
  const follow = world.index(corp).get(userid, externalUserId);
  if (follow?.status !== "active")
    throw new ControlError("CONFLICT", `${userid} and ${externalUserId} are not contacts`);
  return follow;
}

/** The member deletes the customer (del_external_contact); APIs answer 84061 afterwards. */
export function memberDeletesCustomer(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
  source = "",
) {
  const follow = activeFollow(world, corp, userid, externalUserId);
  follow.status = source === "DELETE_BY_TRANSFER" ? "transferred" : "deleted_by_member";
  const fields: Record<string, string> = {
    Event: "change_external_contact",
    ChangeType: "del_external_contact",
    UserID: userid,
    ExternalUserID: externalUserId,
  };
  if (source) fields.Source = source;
  return { events: world.emit(corp, fields) };
}

/** The customer deletes (or blocks) the member (del_follow_user); the one-way relation survives. */
export function customerDeletesMember(world: World, corp: CorpState, userid: string, externalUserId: string) {
  const follow = activeFollow(world, corp, userid, externalUserId);
  follow.deletedByCustomer = true;
  return {
    events: world.emit(corp, {
      Event: "change_external_contact",
      ChangeType: "del_follow_user",
      UserID: userid,
      ExternalUserID: externalUserId,
    }),
  };
}

/** The customer writes to the member; starting a chat makes that pair's pending welcome codes unusable (41051). */
export function customerSays(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
  text: string,
) {
  const follow = world.index(corp).get(userid, externalUserId);
  if (!follow || (follow.status !== "active" && follow.status !== "pending")) {
    throw new ControlError("CONFLICT", `${externalUserId} cannot reach ${userid}`);
  }
  const now = world.now();
  if (follow.lastChatAt < dayStart(now)) world.stat(corp, userid, now, "chat_cnt");
  follow.lastChatAt = now;
  corp.customerSaid.push({ externalUserId, userid, at: now, text });
  world.archive(corp, { from: externalUserId, to: userid, roomId: "", kind: "text", text });
  customerStartedChat(world, corp, userid, externalUserId);
  return { at: now };
}

/** The member answers in the client: a message (and a reply, with its delay) in get_user_behavior_data. */
export function memberSays(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
  text: string,
) {
  const follow = activeFollow(world, corp, userid, externalUserId);
  const now = world.now();
  if (follow.lastChatAt < dayStart(now)) world.stat(corp, userid, now, "chat_cnt");
  world.stat(corp, userid, now, "message_cnt");
  const asked = corp.customerSaid.findLast((m) => m.userid === userid && m.externalUserId === externalUserId);
  const answered = corp.customerInbox.findLast(
    (m) => m.kind === "chat" && m.sender === userid && m.externalUserId === externalUserId,
  );
  if (asked && asked.at >= dayStart(now) && (!answered || answered.at < asked.at)) {
    world.stat(corp, userid, now, "replied_chats");
    world.stat(corp, userid, now, "reply_minutes", Math.max(0, Math.round((now - asked.at) / 60)));
  }
  follow.lastChatAt = now;
  corp.customerInbox.push({
    externalUserId,
    chatId: "",
    sender: userid,
    at: now,
    kind: "chat",
    text,
    attachments: [],
    ref: "",
  });
  world.archive(corp, { from: userid, to: externalUserId, roomId: "", kind: "text", text });
  return { at: now };
}

/** The member edits remark, description or corp tags in the client (edit_external_contact). */
export function memberEditsCustomer(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
  edit: { remark?: string; description?: string; addTags?: string[]; removeTags?: string[] },
) {
  const follow = activeFollow(world, corp, userid, externalUserId);
  if (edit.remark !== undefined) follow.remark = edit.remark;
  if (edit.description !== undefined) follow.description = edit.description;
  for (const t of edit.addTags ?? []) {
    if (!corp.tags.get(t) || corp.tags.get(t)?.deleted)
      throw new ControlError("BAD_REQUEST", `unknown tag ${t}`);
    if (!follow.tagIds.includes(t)) follow.tagIds.push(t);
  }
  if (edit.removeTags) follow.tagIds = follow.tagIds.filter((t) => !edit.removeTags?.includes(t));
  return {
    events: world.emit(corp, {
      Event: "change_external_contact",
      ChangeType: "edit_external_contact",
      UserID: userid,
      ExternalUserID: externalUserId,
    }),
  };
}
