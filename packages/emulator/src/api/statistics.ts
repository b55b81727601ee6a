// Contract §4.9 — get_user_behavior_data (daily rows aggregated across the given members, ≤30-day span,
// last 180 days) and the customer-group statistics by owner and by day.
import { ApiError } from "../errors.ts";
import { DAY, dayStart } from "../world/time.ts";
import type { GroupChat } from "../world/types.ts";
import type { Params } from "./params.ts";
import { type ApiContext, post, type Route } from "./route.ts";

function readRange(ctx: ApiContext, p: Params, startName: string, endName: string) {
  const start = dayStart(p.int(startName, 0, 40058));
  const end = dayStart(p.int(endName, start));
  if (end < start || end - start > 30 * DAY) throw new ApiError(40058, "time span over 30 days");
  if (start < dayStart(ctx.now) - 180 * DAY) throw new ApiError(40058, "only the last 180 days");
  return { start, end };
}

function membersOfParties(ctx: ApiContext, parties: number[]): string[] {
  const under = (dept: number) => {
    for (let id: number | undefined = dept, hops = 0; id && hops < 64; hops++) {
      if (parties.includes(id)) return true;
      id = ctx.corp.departments.get(id)?.parentId;
    }
    return false;
  };
  return [...ctx.corp.members.values()].filter((m) => m.department.some(under)).map((m) => m.userid);
}

function groupData(chats: GroupChat[], from: number, to: number) {
  const live = chats.filter((g) => g.createTime < to + DAY);
  let newMembers = 0;
  let members = 0;
  for (const g of live) {
    for (const m of g.members) {
      if (m.joinTime < to + DAY) members++;
      if (m.joinTime >= from && m.joinTime < to + DAY) newMembers++;
    }
  }
  return {
    new_chat_cnt: live.filter((g) => g.createTime >= from).length,
    chat_total: live.length,
    chat_has_msg: 0,
    new_member_cnt: newMembers,
    member_total: members,
    member_has_msg: 0,
    msg_total: 0,
    migrate_trainee_chat_cnt: 0,
  };
}

function ownerFilter(ctx: ApiContext, p: Params): string[] {
  const owners = p.obj("owner_filter")?.strArray("userid_list", 100) ?? [];
  if (owners.length === 0) {
    const visible = [...ctx.corp.members.values()].filter((m) => ctx.world.visible(ctx.corp, ctx.app, m));
    if (visible.length > 1000) throw new ApiError(81017);
    return visible.map((m) => m.userid);
  }
  return owners;
}

export const statisticsRoutes: Route[] = [
  post("externalcontact/get_user_behavior_data", (ctx, p) => {
    const userids = p.strArray("userid", 100);
    const parties = p.intArray("partyid");
    if (parties.length > 100) throw new ApiError(40058, "partyid exceed limit");
    if (userids.length === 0 && parties.length === 0)
      throw new ApiError(40058, "userid or partyid is required");
    const { start, end } = readRange(ctx, p, "start_time", "end_time");
    const who = [...new Set([...userids, ...membersOfParties(ctx, parties)])];
    if (who.every((u) => !ctx.corp.members.has(u))) throw new ApiError(81013);
    const behavior_data: Record<string, number>[] = [];
    for (let day = start; day <= end; day += DAY) {
      const sum = {
        new_apply_cnt: 0,
        new_contact_cnt: 0,
        chat_cnt: 0,
        message_cnt: 0,
        replied: 0,
        minutes: 0,
        negative_feedback_cnt: 0,
      };
      for (const u of who) {
        const s = ctx.corp.stats.get(`${u}|${day}`);
        if (!s) continue;
        sum.new_apply_cnt += s.new_apply_cnt;
        sum.new_contact_cnt += s.new_contact_cnt;
        sum.chat_cnt += s.chat_cnt;
        sum.message_cnt += s.message_cnt;
        sum.replied += s.replied_chats;
        sum.minutes += s.reply_minutes;
        sum.negative_feedback_cnt += s.negative_feedback_cnt;
      }
      const row: Record<string, number> = {
        stat_time: day,
        new_apply_cnt: sum.new_apply_cnt,
        new_contact_cnt: sum.new_contact_cnt,
        chat_cnt: sum.chat_cnt,
        message_cnt: sum.message_cnt,
        negative_feedback_cnt: sum.negative_feedback_cnt,
      };
      if (sum.chat_cnt > 0) {
        row.reply_percentage =
          Math.round((Math.min(sum.replied, sum.chat_cnt) / sum.chat_cnt) * 10_000) / 100;
        row.avg_reply_time = sum.replied > 0 ? Math.round(sum.minutes / sum.replied) : 0;
      }
      behavior_data.push(row);
    }
    return { behavior_data };
  }),

  post("externalcontact/groupchat/statistic", (ctx, p) => {
    const { start, end } = readRange(ctx, p, "day_begin_time", "day_end_time");
    const owners = ownerFilter(ctx, p);
    const orderBy = p.int("order_by", 1);
    const asc = p.int("order_asc", 0) === 1;
    const offset = p.int("offset", 0);
    const limit = p.limit("limit", 500, 1000);
    const chats = [...ctx.corp.groups.values()].filter((g) => !g.dismissed);
    const key =
      ["new_chat_cnt", "chat_total", "new_member_cnt", "member_total"][orderBy - 1] ?? "new_chat_cnt";
    const items = owners
      .map((owner) => ({
        owner,
        data: groupData(
          chats.filter((g) => g.owner === owner),
          start,
          end,
        ),
      }))
      .filter((i) => i.data.chat_total > 0)
      .sort((a, b) => {
        const d = (a.data as Record<string, number>)[key]! - (b.data as Record<string, number>)[key]!;
        return asc ? d : -d;
      });
    const page = items.slice(offset, offset + limit);
    return { total: items.length, next_offset: offset + page.length, items: page };
  }),

  post("externalcontact/groupchat/statistic_group_by_day", (ctx, p) => {
    const { start, end } = readRange(ctx, p, "day_begin_time", "day_end_time");
    const owners = new Set(ownerFilter(ctx, p));
    const chats = [...ctx.corp.groups.values()].filter((g) => !g.dismissed && owners.has(g.owner));
    const items: Record<string, unknown>[] = [];
    for (let day = start; day <= end; day += DAY)
      items.push({ stat_time: day, data: groupData(chats, day, day) });
    return { items };
  }),
];
