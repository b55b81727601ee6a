// Addendum §5 — 获客助手 customer-acquisition links: create/list/get/update/delete (an app sees only the links
// it created), the customers a link brought (with chat_status and state), per-link statistics and quota.
import { ApiError } from "../errors.ts";
import { DAY, dayStart } from "../world/time.ts";
import type { AcquisitionLink } from "../world/types.ts";
import { pageArray } from "./cursor.ts";
import type { Params } from "./params.ts";
import { type ApiContext, get, post, type Route } from "./route.ts";

const linkUrl = (id: string) => `https://work.weixin.qq.com/ca/${id}`;

function linkOf(ctx: ApiContext, p: Params): AcquisitionLink {
  const link = ctx.corp.acquisitionLinks.get(p.str("link_id", 40058));
  if (!link || link.agentId !== ctx.app.agentId) throw new ApiError(40058, "invalid link_id");
  return link;
}

function readRange(ctx: ApiContext, p: Params, link: Partial<AcquisitionLink>, required: boolean): void {
  const range = p.obj("range");
  if (!range) {
    if (required) throw new ApiError(40058, "range is required");
    return;
  }
  const users = range.strArray("user_list", 500);
  const departments = range.intArray("department_list");
  if (users.length === 0 && departments.length === 0) throw new ApiError(40058, "range is empty");
  for (const u of users) {
    const m = ctx.corp.members.get(u);
    if (!m) throw new ApiError(60111);
    if (!ctx.world.visible(ctx.corp, ctx.app, m)) throw new ApiError(60011);
  }
  link.userList = users;
  link.departmentList = departments;
}

export const acquisitionRoutes: Route[] = [
  post("externalcontact/customer_acquisition/create_link", (ctx, p) => {
    const name = p.str("link_name", 40058, 30);
    const link: AcquisitionLink = {
      linkId: `cawcde${ctx.world.ids.configId().slice(0, 20)}`,
      name,
      createTime: ctx.now,
      skipVerify: p.bool("skip_verify", true),
      userList: [],
      departmentList: [],
      priorityOption: p.obj("priority_option")?.raw ?? null,
      markSource: p.bool("mark_source", false),
      agentId: ctx.app.agentId,
      customers: [],
      clicks: [],
    };
    readRange(ctx, p, link, true);
    ctx.corp.acquisitionLinks.set(link.linkId, link);
    return {
      link: {
        link_id: link.linkId,
        link_name: name,
        url: linkUrl(link.linkId),
        create_time: link.createTime,
      },
    };
  }),

  post("externalcontact/customer_acquisition/list_link", (ctx, p) => {
    const mine = [...ctx.corp.acquisitionLinks.values()].filter((l) => l.agentId === ctx.app.agentId);
    const { page, next } = pageArray(mine, p.optStr("cursor"), p.limit("limit", 100, 100));
    return { link_id_list: page.map((l) => l.linkId), next_cursor: next };
  }),

  post("externalcontact/customer_acquisition/get", (ctx, p) => {
    const l = linkOf(ctx, p);
    const result: Record<string, unknown> = {
      link: {
        link_name: l.name,
        url: linkUrl(l.linkId),
        create_time: l.createTime,
        skip_verify: l.skipVerify,
        mark_source: l.markSource,
      },
      range: { user_list: l.userList, department_list: l.departmentList },
    };
    if (l.priorityOption) result.priority_option = l.priorityOption;
    return result;
  }),

  post("externalcontact/customer_acquisition/update_link", (ctx, p) => {
    const link = linkOf(ctx, p);
    const draft: Partial<AcquisitionLink> = {};
    readRange(ctx, p, draft, false);
    if (p.has("link_name")) draft.name = p.str("link_name", 40058, 30);
    if (p.raw.skip_verify !== undefined) draft.skipVerify = p.bool("skip_verify", true);
    if (p.raw.priority_option !== undefined) draft.priorityOption = p.obj("priority_option")?.raw ?? null;
    if (p.raw.mark_source !== undefined) draft.markSource = p.bool("mark_source", false);
    Object.assign(link, draft);
    return {};
  }),

  post("externalcontact/customer_acquisition/delete_link", (ctx, p) => {
    ctx.corp.acquisitionLinks.delete(linkOf(ctx, p).linkId);
    return {};
  }),

  post("externalcontact/customer_acquisition/customer", (ctx, p) => {
    const link = linkOf(ctx, p);
    const rows = link.customers.map((c) => ({
      external_userid: c.externalUserId,
      userid: c.userid,
      chat_status: c.chatStatus,
      state: c.state,
    }));
    const { page, next } = pageArray(rows, p.optStr("cursor"), p.limit("limit", 1000, 1000));
    return { customer_list: page, next_cursor: next };
  }),

  post("externalcontact/customer_acquisition/statistic", (ctx, p) => {
    const link = linkOf(ctx, p);
    const start = dayStart(p.int("start_time", 0, 40058));
    const end = dayStart(p.int("end_time", 0, 40058));
    if (end < start || end - start > 30 * DAY) throw new ApiError(40058, "time span over 30 days");
    if (start < dayStart(ctx.now) - 180 * DAY) throw new ApiError(40058, "only the last 180 days");
    const inRange = (t: number) => t >= start && t < end + DAY;
    return {
      click_link_customer_cnt: new Set(link.clicks.filter((c) => inRange(c.at)).map((c) => c.externalUserId))
        .size,
      new_customer_cnt: link.customers.filter((c) => inRange(c.at)).length,
    };
  }),

  get("externalcontact/customer_acquisition_quota", (ctx) => {
    const q = ctx.corp.acquisitionQuota;
    return {
      total: q.total,
      balance: q.balance,
      quota_list: q.balance > 0 ? [{ expire_date: dayStart(q.expireDate), balance: q.balance }] : [],
    };
  }),
];
