// 获客助手 as people use it (addendum §5): a WeChat user opens an acquisition link (optionally with
// ?customer_channel=X), which fires friend_request, spends one unit of quota and adds the customer to a
// member of the link's range (add_way 16, State = the channel) — directly, or as a half contact when the
// link requires verification. The customer's first message fires customer_start_chat. Balance events
// fire when the quota runs low (<20), runs out, or is topped up from zero.
import { ControlError } from "../errors.ts";
import type { CorpState, Member } from "../world/types.ts";
import type { CustomerSeed, World } from "../world/world.ts";
import { wayMembers } from "./contact-way.ts";
import { addContact, customerOrNew, memberOf } from "./relations.ts";

const acqEvent = (changeType: string, fields: Record<string, string> = {}) => ({
  Event: "customer_acquisition",
  ChangeType: changeType,
  ...fields,
});

export function openAcquisitionLink(
  world: World,
  corp: CorpState,
  input: {
    linkId: string;
    externalUserId?: string;
    customer?: CustomerSeed;
    customerChannel?: string;
    userid?: string;
  },
) {
  const link = corp.acquisitionLinks.get(input.linkId);
  if (!link) throw new ControlError("NOT_FOUND", `unknown acquisition link ${input.linkId}`);
  const state = [...(input.customerChannel ?? "")].slice(0, 64).join("");
  const customer = customerOrNew(world, corp, input.externalUserId, input.customer);
  link.clicks.push({ at: world.now(), externalUserId: customer.externalUserId });
  if (state) world.emit(corp, acqEvent("friend_request", { LinkId: link.linkId, State: state }));
  const quota = corp.acquisitionQuota;
  if (quota.balance <= 0) {
    world.ruleHit(corp, "acquisition_quota", "", `link ${link.linkId}: no quota left, nobody was added`);
    throw new ControlError("CONFLICT", "the corp has no acquisition quota left");
  }
  const candidates = wayMembers(corp, link.userList, link.departmentList).filter(
    (m) => m.status === 1 && m.customerContact,
  );
  if (candidates.length === 0)
    throw new ControlError("CONFLICT", "nobody in this link's range can take customers");
  let member: Member;
  if (input.userid) {
    member = memberOf(corp, input.userid);
    if (!candidates.includes(member))
      throw new ControlError("BAD_REQUEST", `${input.userid} is not in the link's range`);
  } else {
    member = candidates[world.ids.int(candidates.length)]!;
  }
  const added = addContact(world, corp, { member, customer, state, addWay: 16, verify: !link.skipVerify });
  quota.balance--;
  quota.total++;
  link.customers.push({
    externalUserId: customer.externalUserId,
    userid: member.userid,
    chatStatus: 0,
    state,
    at: world.now(),
  });
  if (quota.balance === 19) world.emit(corp, acqEvent("balance_low"));
  if (quota.balance === 0) world.emit(corp, acqEvent("balance_exhausted"));
  return { ...added, linkId: link.linkId, balance: quota.balance };
}

/** Called on every customer message: the first one on an acquisition relation fires customer_start_chat. */
export function customerStartedChat(
  world: World,
  corp: CorpState,
  userid: string,
  externalUserId: string,
): void {
  for (const link of corp.acquisitionLinks.values()) {
    const row = link.customers.find(
      (c) => c.userid === userid && c.externalUserId === externalUserId && c.chatStatus === 0,
    );
    if (!row) continue;
    row.chatStatus = 1;
    world.emit(corp, acqEvent("customer_start_chat", { UserID: userid, ExternalUserID: externalUserId }));
  }
}

/** Adds quota (an admin buys more); from zero it fires balance_increased. */
export function addAcquisitionQuota(world: World, corp: CorpState, amount: number, expireDate?: number) {
  const quota = corp.acquisitionQuota;
  const wasEmpty = quota.balance <= 0;
  quota.balance += amount;
  if (expireDate) quota.expireDate = expireDate;
  if (wasEmpty && quota.balance > 0) world.emit(corp, acqEvent("balance_increased"));
  return quota;
}
