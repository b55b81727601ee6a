// The transfer state machine (contract §4.8): a started transfer waits 24 h (emulated clock); then the
// takeover gets the customer (del_external_contact Source=DELETE_BY_TRANSFER for an in-service handover,
// add_external_contact for the takeover unless already a friend) — or it fails: the customer refused
// (status 3) or the takeover is at the customer cap (status 4), each with transfer_fail.
import { ControlError } from "../errors.ts";
import type { CorpState, Transfer } from "../world/types.ts";
import type { World } from "../world/world.ts";

export const TAKEOVER_DELAY = 24 * 3600;

function fail(world: World, corp: CorpState, t: Transfer, status: 3 | 4, reason: string) {
  t.status = status;
  if (status === 3) t.takeoverAt = 0;
  world.emit(corp, {
    Event: "change_external_contact",
    ChangeType: "transfer_fail",
    FailReason: reason,
    UserID: t.takeover,
    ExternalUserID: t.externalUserId,
  });
}

export function completeDueTransfers(world: World, corp: CorpState, now: number): void {
  for (const t of corp.transfers) {
    if (t.status !== 2 || t.takeoverAt > now) continue;
    const idx = world.index(corp);
    const already = idx.active(t.takeover, t.externalUserId);
    if (!already && idx.activeCountOfMember(t.takeover) >= corp.settings.memberCustomerCap) {
      world.ruleHit(corp, "customer_cap", "transfer", `${t.takeover} is at the customer cap`);
      fail(world, corp, t, 4, "customer_limit_exceed");
      continue;
    }
    t.status = 1;
    const old = idx.get(t.handover, t.externalUserId);
    if (old?.status === "active") {
      old.status = "transferred";
      if (t.kind === "onjob") {
        world.emit(corp, {
          Event: "change_external_contact",
          ChangeType: "del_external_contact",
          UserID: t.handover,
          ExternalUserID: t.externalUserId,
          Source: "DELETE_BY_TRANSFER",
        });
      }
    }
    if (already) continue;
    const follow = idx.upsert({
      userid: t.takeover,
      externalUserId: t.externalUserId,
      remark: old?.remark ?? "",
      description: old?.description ?? "",
      createtime: t.takeoverAt,
      tagIds: [...(old?.tagIds ?? [])],
      remarkCorpName: old?.remarkCorpName ?? "",
      remarkMobiles: [...(old?.remarkMobiles ?? [])],
      addWay: 202,
      operUserid: t.handover,
      state: "",
      status: "active",
      deletedByCustomer: false,
      lastChatAt: 0,
    });
    follow.status = "active";
    follow.createtime = t.takeoverAt;
    world.emit(corp, {
      Event: "change_external_contact",
      ChangeType: "add_external_contact",
      UserID: t.takeover,
      ExternalUserID: t.externalUserId,
    });
  }
}

/** The customer refuses a pending transfer (status 3, transfer_fail customer_refused). */
export function refuseTransfer(world: World, corp: CorpState, externalUserId: string) {
  const t = corp.transfers.find((x) => x.externalUserId === externalUserId && x.status === 2);
  if (!t) throw new ControlError("NOT_FOUND", `no pending transfer for ${externalUserId}`);
  fail(world, corp, t, 3, "customer_refused");
  return { externalUserId, handover: t.handover, takeover: t.takeover, status: t.status };
}
