// A customer scans a 「联系我」 contact way: pick the member (single way: its user; multi: the given or a
// random member of the way), then add_external_contact with the way's State (or add_half_external_contact
// when the way requires verification).
import { ControlError } from "../errors.ts";
import type { CorpState, Member } from "../world/types.ts";
import type { CustomerSeed, World } from "../world/world.ts";
import { type AddResult, addContact, customerOrNew, memberOf } from "./relations.ts";

export function wayMembers(corp: CorpState, user: string[], party: number[]): Member[] {
  const out = new Map<string, Member>();
  for (const u of user) {
    const m = corp.members.get(u);
    if (m) out.set(u, m);
  }
  if (party.length > 0) {
    const inParty = (deptId: number): boolean => {
      for (let id: number | undefined = deptId, hops = 0; id && hops < 64; hops++) {
        if (party.includes(id)) return true;
        id = corp.departments.get(id)?.parentId;
      }
      return false;
    };
    for (const m of corp.members.values()) if (m.department.some(inParty)) out.set(m.userid, m);
  }
  return [...out.values()];
}

export function scanContactWay(
  world: World,
  corp: CorpState,
  input: { configId: string; externalUserId?: string; customer?: CustomerSeed; userid?: string },
): AddResult {
  const way = corp.contactWays.get(input.configId);
  if (!way) throw new ControlError("NOT_FOUND", `unknown contact way ${input.configId}`);
  const now = world.now();
  if (way.isTemp && (way.used || now > way.createdAt + way.expiresIn)) {
    throw new ControlError("CONFLICT", "this temporary contact way is no longer valid");
  }
  const candidates = wayMembers(corp, way.user, way.party).filter((m) => m.status === 1 && m.customerContact);
  if (candidates.length === 0)
    throw new ControlError("CONFLICT", "nobody on this contact way can take customers");
  let member: Member;
  if (input.userid) {
    member = memberOf(corp, input.userid);
    if (!candidates.includes(member))
      throw new ControlError("BAD_REQUEST", `${input.userid} is not on this way`);
  } else {
    member = candidates[world.ids.int(candidates.length)]!;
  }
  const customer = customerOrNew(world, corp, input.externalUserId, input.customer);
  if (way.isTemp) way.used = true;
  return addContact(world, corp, { member, customer, state: way.state, addWay: 1, verify: !way.skipVerify });
}
