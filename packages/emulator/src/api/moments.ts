// Contract §4.7 — customer moments: add_moment_task (≤9 images, or 1 video, or 1 link; text ≤2000 chars)
// returns a job whose result names the moment; members publish it in the client (people action); the
// list, per-member publish status, visible customers, send results and comments read that state.
import { ApiError } from "../errors.ts";
import type { MomentTask } from "../world/types.ts";
import { pageArray } from "./cursor.ts";
import type { Params } from "./params.ts";
import { type ApiContext, get, post, type Route } from "./route.ts";

interface JobResult {
  momentId: string;
  invalidUsers: string[];
  invalidDepartments: number[];
  invalidTags: string[];
}
const jobs = new WeakMap<object, Map<string, JobResult>>();

function jobsOf(ctx: ApiContext): Map<string, JobResult> {
  let map = jobs.get(ctx.corp);
  if (!map) {
    map = new Map();
    jobs.set(ctx.corp, map);
  }
  return map;
}

function momentOf(ctx: ApiContext, p: Params): MomentTask {
  const moment = ctx.corp.moments.get(p.str("moment_id", 41059));
  if (!moment) throw new ApiError(41060);
  return moment;
}

function readAttachments(ctx: ApiContext, p: Params): Record<string, unknown>[] {
  const items = p.array("attachments") as Record<string, unknown>[];
  const types = new Set(items.map((a) => String(a?.msgtype ?? "")));
  if (items.length === 0) return [];
  if (types.size > 1 || ![...types].every((t) => t === "image" || t === "video" || t === "link")) {
    throw new ApiError(41065, "invalid attachments msgtype");
  }
  const type = [...types][0]!;
  if ((type === "image" && items.length > 9) || (type !== "image" && items.length > 1)) {
    throw new ApiError(41064, "invalid attachments size");
  }
  for (const a of items) {
    const body = a[type] as Record<string, unknown> | undefined;
    const media = ctx.corp.media.get(String(body?.media_id ?? ""));
    if (!media || media.expiresAt < ctx.now) throw new ApiError(40007);
    if (type === "link" && !body?.url) throw new ApiError(40058, "link.url");
  }
  return items;
}

/** Customers of `userid` who can see the moment (its tag filter, if any). */
function audience(ctx: ApiContext, m: MomentTask, userid: string): string[] {
  return ctx.idx
    .ofMember(userid)
    .filter(
      (f) => f.status === "active" && (m.tagList.length === 0 || m.tagList.some((t) => f.tagIds.includes(t))),
    )
    .map((f) => f.externalUserId);
}

export const momentRoutes: Route[] = [
  post("externalcontact/add_moment_task", (ctx, p) => {
    const text = p.obj("text")?.optStr("content") ?? "";
    if ([...text].length > 2000) throw new ApiError(40058, "invalid text size");
    const attachments = readAttachments(ctx, p);
    if (!text && attachments.length === 0) throw new ApiError(40058, "text or attachments is required");
    const range = p.obj("visible_range");
    const senderList = range?.obj("sender_list");
    const users = senderList?.strArray("user_list", 100_000) ?? [];
    const departments = senderList?.intArray("department_list") ?? [];
    const tags = range?.obj("external_contact_list")?.strArray("tag_list") ?? [];
    const invalidUsers = users.filter((u) => {
      const m = ctx.corp.members.get(u);
      return m?.status !== 1 || !m.customerContact || !ctx.world.visible(ctx.corp, ctx.app, m);
    });
    const invalidDepartments = departments.filter((d) => !ctx.corp.departments.has(d));
    const invalidTags = tags.filter((t) => ctx.corp.tags.get(t)?.deleted !== false);
    let senders = users.filter((u) => !invalidUsers.includes(u));
    for (const m of ctx.corp.members.values()) {
      if (m.department.some((d) => departments.includes(d)) && m.status === 1 && m.customerContact)
        senders.push(m.userid);
    }
    if (users.length === 0 && departments.length === 0) {
      senders = [...ctx.corp.members.values()]
        .filter((m) => m.status === 1 && m.customerContact && ctx.world.visible(ctx.corp, ctx.app, m))
        .map((m) => m.userid);
    }
    const jobid = ctx.world.ids.opaque(32);
    const momentId = ctx.world.ids.momentId();
    ctx.corp.moments.set(momentId, {
      jobid,
      momentId,
      createTime: ctx.now,
      text,
      attachments,
      senders: [...new Set(senders)],
      tagList: tags.filter((t) => !invalidTags.includes(t)),
      published: {},
      cancelled: false,
      creator: "",
      createType: 0,
      comments: [],
    });
    jobsOf(ctx).set(jobid, { momentId, invalidUsers, invalidDepartments, invalidTags });
    return { jobid };
  }),

  get("externalcontact/get_moment_task_result", (ctx, p) => {
    const job = jobsOf(ctx).get(p.str("jobid"));
    if (!job) throw new ApiError(40058, "invalid jobid");
    return {
      status: 3,
      type: "add_moment_task",
      result: {
        errcode: 0,
        errmsg: "ok",
        moment_id: job.momentId,
        invalid_sender_list: { user_list: job.invalidUsers, department_list: job.invalidDepartments },
        invalid_external_contact_list: { tag_list: job.invalidTags },
      },
    };
  }),

  post("externalcontact/cancel_moment_task", (ctx, p) => {
    momentOf(ctx, p).cancelled = true;
    return {};
  }),

  post("externalcontact/get_moment_list", (ctx, p) => {
    const start = p.int("start_time", 0, 40058);
    const end = p.int("end_time", 0, 40058);
    if (end < start || end - start > 31 * 86_400) throw new ApiError(40058, "time range over one month");
    const creator = p.optStr("creator");
    const filterType = p.int("filter_type", 2);
    const moments = [...ctx.corp.moments.values()].filter(
      (m) =>
        m.createTime >= start &&
        m.createTime <= end &&
        (filterType === 2 || m.createType === filterType) &&
        (!creator || m.creator === creator || m.published[creator] !== undefined),
    );
    const { page, next } = pageArray(moments, p.optStr("cursor"), p.limit("limit", 100, 100));
    return {
      moment_list: page.map((m) => {
        const view: Record<string, unknown> = {
          moment_id: m.momentId,
          create_time: String(m.createTime),
          create_type: m.createType,
          visible_type: m.tagList.length > 0 ? 0 : 1,
        };
        if (m.creator) view.creator = m.creator;
        if (m.text) view.text = { content: m.text };
        const type = String((m.attachments[0] as { msgtype?: unknown } | undefined)?.msgtype ?? "");
        if (type === "image")
          view.image = m.attachments.map((a) => ({
            media_id: (a as { image: { media_id: string } }).image.media_id,
          }));
        if (type === "video")
          view.video = {
            media_id: (m.attachments[0] as { video: { media_id: string } }).video.media_id,
            thumb_media_id: "",
          };
        if (type === "link") {
          const link = (m.attachments[0] as { link: { title?: string; url: string } }).link;
          view.link = { title: link.title ?? "", url: link.url };
        }
        return view;
      }),
      next_cursor: next,
    };
  }),

  post("externalcontact/get_moment_task", (ctx, p) => {
    const m = momentOf(ctx, p);
    const rows = m.senders.map((userid) => ({ userid, publish_status: m.published[userid] ? 1 : 0 }));
    const { page, next } = pageArray(rows, p.optStr("cursor"), p.limit("limit", 500, 1000));
    return { task_list: page, next_cursor: next };
  }),

  post("externalcontact/get_moment_customer_list", (ctx, p) => {
    const m = momentOf(ctx, p);
    const userid = p.str("userid", 40003);
    if (!m.senders.includes(userid)) throw new ApiError(41061);
    const rows = audience(ctx, m, userid).map((external_userid) => ({ userid, external_userid }));
    const { page, next } = pageArray(rows, p.optStr("cursor"), p.limit("limit", 500, 1000));
    return { customer_list: page, next_cursor: next };
  }),

  post("externalcontact/get_moment_send_result", (ctx, p) => {
    const m = momentOf(ctx, p);
    const userid = p.str("userid", 40003);
    if (!m.senders.includes(userid)) throw new ApiError(41061);
    if (!m.published[userid]) throw new ApiError(41062);
    const rows = audience(ctx, m, userid).map((external_userid) => ({ external_userid }));
    const { page, next } = pageArray(rows, p.optStr("cursor"), p.limit("limit", 3000, 5000));
    return { customer_list: page, next_cursor: next };
  }),

  post("externalcontact/get_moment_comments", (ctx, p) => {
    const m = momentOf(ctx, p);
    const userid = p.str("userid", 40003);
    if (!m.senders.includes(userid)) throw new ApiError(41061);
    const mine = m.comments.filter((c) => c.userid === userid);
    const view = (c: (typeof mine)[number]) =>
      c.externalUserId
        ? { external_userid: c.externalUserId, create_time: c.at }
        : { userid: c.userid, create_time: c.at };
    return {
      comment_list: mine.filter((c) => !c.like).map(view),
      like_list: mine.filter((c) => c.like).map(view),
    };
  }),
];
