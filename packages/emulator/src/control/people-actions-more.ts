// People actions around mass sends, moments and transfers: a member confirms or ignores a mass send,
// publishes (or is commented on for) a moment; a customer refuses a transfer.
import { ControlError } from "../errors.ts";
import { addAcquisitionQuota, openAcquisitionLink } from "../people/acquisition.ts";
import {
  createKfAccount,
  kfCustomerEnters,
  kfCustomerSays,
  kfServicerActs,
  kfServicerStatus,
} from "../people/kf.ts";
import { confirmMass, ignoreMass } from "../people/mass.ts";
import { refuseTransfer } from "../people/transfers.ts";
import type { CorpState, MomentTask } from "../world/types.ts";
import type { CustomerSeed } from "../world/world.ts";
import type { Body, PeopleAction } from "./people-actions.ts";

function req(body: Body, name: string): string {
  const v = body[name];
  if (typeof v !== "string" || v === "") throw new ControlError("BAD_REQUEST", `${name} is required`);
  return v;
}

function momentOf(corp: CorpState, id: string): MomentTask {
  const m = corp.moments.get(id);
  if (!m) throw new ControlError("NOT_FOUND", `unknown moment ${id}`);
  return m;
}

export const MORE_PEOPLE_ACTIONS: Record<string, PeopleAction> = {
  "confirm-mass": (w, c, b) => confirmMass(w, c, req(b, "msgid"), req(b, "userid")),
  "ignore-mass": (w, c, b) => ignoreMass(w, c, req(b, "msgid"), req(b, "userid")),
  "publish-moment": (w, c, b) => {
    const moment = momentOf(c, req(b, "momentId"));
    const userid = req(b, "userid");
    if (moment.cancelled) throw new ControlError("CONFLICT", "the moment task was cancelled");
    if (!moment.senders.includes(userid))
      throw new ControlError("BAD_REQUEST", `${userid} is not a sender of this moment`);
    moment.published[userid] = w.now();
    return { momentId: moment.momentId, userid, publishedAt: moment.published[userid] };
  },
  "comment-moment": (w, c, b) => {
    const moment = momentOf(c, req(b, "momentId"));
    const userid = req(b, "userid");
    if (!moment.published[userid])
      throw new ControlError("CONFLICT", `${userid} has not published this moment`);
    const externalUserId = typeof b.externalUserId === "string" ? b.externalUserId : "";
    if (externalUserId) {
      // Only a customer the member's post reached (an active friend carrying one of its tags) sees it.
      const sees = w
        .index(c)
        .ofMember(userid)
        .some(
          (f) =>
            f.externalUserId === externalUserId &&
            f.status === "active" &&
            (moment.tagList.length === 0 || moment.tagList.some((t) => f.tagIds.includes(t))),
        );
      if (!sees)
        throw new ControlError("CONFLICT", `${externalUserId} cannot see ${userid}'s post of this moment`);
    }
    moment.comments.push({ userid, externalUserId, at: w.now(), like: b.like === true });
    return { ok: true };
  },
  "refuse-transfer": (w, c, b) => refuseTransfer(w, c, req(b, "externalUserId")),
  "open-acquisition-link": (w, c, b) =>
    openAcquisitionLink(w, c, {
      linkId: req(b, "linkId"),
      externalUserId: typeof b.externalUserId === "string" ? b.externalUserId : undefined,
      customer: b.customer as CustomerSeed | undefined,
      customerChannel: typeof b.customerChannel === "string" ? b.customerChannel : undefined,
      userid: typeof b.userid === "string" ? b.userid : undefined,
    }),
  "kf-create-account": (w, c, b) =>
    createKfAccount(w, c, {
      name: req(b, "name"),
      servicers: Array.isArray(b.servicers) ? b.servicers.map(String) : [],
      managePrivilege: b.managePrivilege !== false,
    }),
  "kf-customer-enters": (w, c, b) =>
    kfCustomerEnters(w, c, {
      openKfid: req(b, "openKfid"),
      externalUserId: typeof b.externalUserId === "string" ? b.externalUserId : undefined,
      customer: b.customer as CustomerSeed | undefined,
      scene: typeof b.scene === "string" ? b.scene : undefined,
      sceneParam: typeof b.sceneParam === "string" ? b.sceneParam : undefined,
    }),
  "kf-customer-message": (w, c, b) =>
    kfCustomerSays(w, c, {
      openKfid: req(b, "openKfid"),
      externalUserId: req(b, "externalUserId"),
      text: req(b, "text"),
      menuId: typeof b.menuId === "string" ? b.menuId : undefined,
    }),
  "kf-servicer-status": (w, c, b) =>
    kfServicerStatus(w, c, {
      openKfid: req(b, "openKfid"),
      userid: req(b, "userid"),
      status: b.status === 1 ? 1 : 0,
    }),
  "kf-servicer-takes": (w, c, b) =>
    kfServicerActs(w, c, {
      openKfid: req(b, "openKfid"),
      externalUserId: req(b, "externalUserId"),
      userid: req(b, "userid"),
      action: "take",
    }),
  "kf-servicer-ends": (w, c, b) =>
    kfServicerActs(w, c, {
      openKfid: req(b, "openKfid"),
      externalUserId: req(b, "externalUserId"),
      action: "end",
    }),
  "kf-servicer-message": (w, c, b) =>
    kfServicerActs(w, c, {
      openKfid: req(b, "openKfid"),
      externalUserId: req(b, "externalUserId"),
      userid: req(b, "userid"),
      action: "say",
      text: req(b, "text"),
    }),
  "admin-adds-acquisition-quota": (w, c, b) => {
    if (typeof b.amount !== "number" || b.amount <= 0)
      throw new ControlError("BAD_REQUEST", "amount must be positive");
    return addAcquisitionQuota(w, c, b.amount, typeof b.expireDate === "number" ? b.expireDate : undefined);
  },
};
