// Contract §4.1 — members with customer contact, customer lists and details, batch/get_by_user paging,
// and remark. Relations deleted by the member or not yet confirmed answer 84061.
import { ApiError } from "../errors.ts";
import { decodeCursor, encodeCursor, pageArray } from "./cursor.ts";
import { utf8Bytes } from "./params.ts";
import { type ApiContext, get, post, type Route, requireMember } from "./route.ts";
import { externalContactView, followInfoView, followUserView } from "./views.ts";

function visibleActiveFollows(ctx: ApiContext, externalUserId: string) {
  return ctx.idx.activeOfCustomer(externalUserId).filter((f) => {
    const m = ctx.corp.members.get(f.userid);
    return m !== undefined && ctx.world.visible(ctx.corp, ctx.app, m);
  });
}

export const customerRoutes: Route[] = [
  get("externalcontact/get_follow_user_list", (ctx) => ({
    follow_user: [...ctx.corp.members.values()]
      .filter((m) => m.customerContact && m.status === 1 && ctx.world.visible(ctx.corp, ctx.app, m))
      .map((m) => m.userid),
  })),

  get("externalcontact/list", (ctx, p) => {
    const member = requireMember(ctx, p.str("userid", 40003));
    const ids = ctx.idx
      .ofMember(member.userid)
      .filter((f) => f.status === "active")
      .map((f) => f.externalUserId);
    if (ids.length === 0) throw new ApiError(84061, undefined, { external_userid: [] });
    return { external_userid: ids };
  }),

  get("externalcontact/get", (ctx, p) => {
    const id = p.str("external_userid", 41035);
    const customer = ctx.corp.customers.get(id);
    if (!customer) throw new ApiError(40096, undefined, { follow_user: [] });
    const follows = visibleActiveFollows(ctx, id);
    if (follows.length === 0) throw new ApiError(84061, undefined, { follow_user: [] });
    const { page, next } = pageArray(follows, p.optStr("cursor"), 500);
    return {
      external_contact: externalContactView(customer),
      follow_user: page.map((f) => followUserView(ctx.corp, f)),
      next_cursor: next,
    };
  }),

  post("externalcontact/batch/get_by_user", (ctx, p) => {
    const userids = p.strArray("userid_list", 100);
    if (userids.length === 0) throw new ApiError(40058, "userid_list is required");
    const members = userids.filter((u) => {
      const m = ctx.corp.members.get(u);
      return m !== undefined && ctx.world.visible(ctx.corp, ctx.app, m);
    });
    if (members.length === 0) throw new ApiError(81013, undefined, { external_contact_list: [] });
    const limit = p.limit("limit", 50, 100);
    let [ui = 0, fi = 0] = decodeCursor(p.optStr("cursor"), 2);
    const list: Record<string, unknown>[] = [];
    while (ui < members.length && list.length < limit) {
      const follows = ctx.idx.ofMember(members[ui]!);
      while (fi < follows.length && list.length < limit) {
        const f = follows[fi++]!;
        if (f.status !== "active") continue;
        const customer = ctx.corp.customers.get(f.externalUserId);
        if (!customer) continue;
        list.push({
          external_contact: externalContactView(customer),
          follow_info: followInfoView(ctx.corp, f),
        });
      }
      if (fi >= follows.length) {
        ui++;
        fi = 0;
      }
    }
    return { external_contact_list: list, next_cursor: ui < members.length ? encodeCursor([ui, fi]) : "" };
  }),

  post("externalcontact/remark", (ctx, p) => {
    const member = requireMember(ctx, p.str("userid", 40003));
    const id = p.str("external_userid", 41035);
    if (!ctx.corp.customers.has(id)) throw new ApiError(40096);
    const follow = ctx.idx.active(member.userid, id);
    if (!follow) throw new ApiError(84061);
    const fields = ["remark", "description", "remark_company", "remark_mobiles", "remark_pic_mediaid"];
    if (!fields.some((f) => p.raw[f] !== undefined)) throw new ApiError(40063);
    if (p.raw.remark !== undefined) follow.remark = p.optStr("remark", "", 20);
    if (p.raw.description !== undefined) follow.description = p.optStr("description", "", 150);
    if (p.raw.remark_company !== undefined) follow.remarkCorpName = p.optStr("remark_company", "", 20);
    if (p.raw.remark_mobiles !== undefined) {
      const mobiles = p.strArray("remark_mobiles").filter((m) => m !== "");
      if (mobiles.some((m) => utf8Bytes(m) > 32)) throw new ApiError(40058, "remark_mobiles");
      follow.remarkMobiles = mobiles;
    }
    return {};
  }),
];
