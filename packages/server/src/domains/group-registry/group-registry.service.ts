// The group registry's read side: one group with its owner, admins, members (join scene, invitor, join time) and
// per-day joins/leaves; and per-owner statistics over the live groups (dismissed groups leave the statistics).
import { sql } from "kysely";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Principal } from "../auth/auth.service.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";

const day = z.iso.date("a day is YYYY-MM-DD");
export const statsQuery = z
  .object({ from: day.optional(), to: day.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "to is before from" });

const STATUS = ["normal", "owner_resigned", "inheriting", "inherited"] as const;

const dayOf = (tz: number) =>
  sql<string>`to_char((e.at at time zone 'UTC') + make_interval(mins => ${tz}), 'YYYY-MM-DD')`;

function defaultRange(now: Date, tz: number, q: { from?: string | undefined; to?: string | undefined }) {
  const today = new Date(now.getTime() + tz * 60_000).toISOString().slice(0, 10);
  const monthAgo = new Date(now.getTime() + tz * 60_000 - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from: q.from ?? monthAgo, to: q.to ?? today };
}

export async function groupDetail(
  ctx: Ctx,
  corpId: string,
  chatId: string,
  principal: Principal,
  query: unknown,
) {
  const q = statsQuery.parse(query);
  const scope = await scopeOf(ctx, principal, corpId);
  const g = await ctx.db
    .selectFrom("customer_groups as g")
    .leftJoin("members as m", (j) => j.onRef("m.corp_id", "=", "g.corp_id").onRef("m.userid", "=", "g.owner"))
    .selectAll("g")
    .select("m.name as owner_name")
    .where("g.corp_id", "=", corpId)
    .where("g.chat_id", "=", chatId)
    .executeTakeFirst();
  if (!g || (scope.kind === "member" && (scope.userid === null || g.owner !== scope.userid)))
    throw new AppError("GROUP_NOT_FOUND", `no group ${chatId} in corp ${corpId}`);
  const members = await ctx.db
    .selectFrom("customer_group_members as gm")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "gm.corp_id").onRef("c.external_userid", "=", "gm.member_id"),
    )
    .leftJoin("members as s", (j) =>
      j.onRef("s.corp_id", "=", "gm.corp_id").onRef("s.userid", "=", "gm.member_id"),
    )
    .select([
      "gm.member_id",
      "gm.type",
      "gm.name",
      "c.name as customer_name",
      "s.name as staff_name",
      "gm.join_time",
      "gm.join_scene",
      "gm.invitor",
      "gm.group_nickname",
    ])
    .where("gm.corp_id", "=", corpId)
    .where("gm.chat_id", "=", chatId)
    .orderBy("gm.join_time", "desc")
    .orderBy("gm.member_id")
    .execute();
  const tz = await corpUtcOffset(ctx.db, corpId);
  const range = defaultRange(nowDate(ctx.clock), tz, q);
  const days = await ctx.db
    .selectFrom("group_member_events as e")
    .select([
      dayOf(tz).as("day"),
      sql<number>`count(*) filter (where e.kind = 'join')::int`.as("joins"),
      sql<number>`count(*) filter (where e.kind = 'leave')::int`.as("leaves"),
    ])
    .where("e.corp_id", "=", corpId)
    .where("e.chat_id", "=", chatId)
    .where(dayOf(tz), ">=", range.from)
    .where(dayOf(tz), "<=", range.to)
    .groupBy("day")
    .orderBy("day")
    .execute();
  return {
    chatId: g.chat_id,
    name: g.name,
    owner: g.owner,
    ownerName: g.owner_name,
    notice: g.notice,
    admins: g.admins,
    status: STATUS[g.status] ?? "normal",
    dismissed: g.dismissed_at !== null,
    dismissedAt: g.dismissed_at?.toISOString() ?? null,
    createdAt: g.created_at?.toISOString() ?? null,
    memberVersion: g.member_version,
    stale: g.needs_refresh,
    memberCount: members.length,
    customers: members.filter((m) => m.type === 2).length,
    staff: members.filter((m) => m.type === 1).length,
    members: members.map((m) => ({
      memberId: m.member_id,
      type: m.type === 1 ? ("staff" as const) : ("customer" as const),
      name: m.customer_name ?? m.staff_name ?? m.name,
      joinedAt: m.join_time?.toISOString() ?? null,
      joinScene: m.join_scene,
      invitor: m.invitor,
      groupNickname: m.group_nickname,
    })),
    range,
    days,
  };
}

/** Per owner and per day over the groups that still exist; a dismissed group's members and moves drop out. */
export async function groupStats(ctx: Ctx, corpId: string, principal: Principal, query: unknown) {
  const q = statsQuery.parse(query);
  const scope = await scopeOf(ctx, principal, corpId);
  const tz = await corpUtcOffset(ctx.db, corpId);
  const range = defaultRange(nowDate(ctx.clock), tz, q);
  const ownerOnly = scope.kind === "member" ? (scope.userid ?? "\u0000") : undefined;
  let owners = ctx.db
    .selectFrom("customer_groups as g")
    .leftJoin("members as m", (j) => j.onRef("m.corp_id", "=", "g.corp_id").onRef("m.userid", "=", "g.owner"))
    .select([
      "g.owner",
      "m.name as owner_name",
      sql<number>`count(*)::int`.as("groups"),
      sql<number>`coalesce(sum(g.member_count), 0)::int`.as("members"),
      sql<number>`coalesce(sum((select count(*) from customer_group_members x where x.corp_id = g.corp_id and x.chat_id = g.chat_id and x.type = 2)), 0)::int`.as(
        "customers",
      ),
    ])
    .where("g.corp_id", "=", corpId)
    .where("g.dismissed_at", "is", null)
    .groupBy(["g.owner", "m.name"]);
  if (ownerOnly) owners = owners.where("g.owner", "=", ownerOnly);
  let moves = ctx.db
    .selectFrom("group_member_events as e")
    .innerJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "e.corp_id").onRef("g.chat_id", "=", "e.chat_id"),
    )
    .select([
      "g.owner",
      dayOf(tz).as("day"),
      sql<number>`count(*) filter (where e.kind = 'join')::int`.as("joins"),
      sql<number>`count(*) filter (where e.kind = 'leave')::int`.as("leaves"),
    ])
    .where("e.corp_id", "=", corpId)
    .where("g.dismissed_at", "is", null)
    .where(dayOf(tz), ">=", range.from)
    .where(dayOf(tz), "<=", range.to)
    .groupBy(["g.owner", "day"]);
  if (ownerOnly) moves = moves.where("g.owner", "=", ownerOnly);
  const [ownerRows, moveRows] = await Promise.all([owners.execute(), moves.execute()]);
  const byDay = new Map<string, { day: string; joins: number; leaves: number }>();
  const perOwner = new Map<string, { joins: number; leaves: number }>();
  for (const m of moveRows) {
    const d = byDay.get(m.day) ?? { day: m.day, joins: 0, leaves: 0 };
    d.joins += m.joins;
    d.leaves += m.leaves;
    byDay.set(m.day, d);
    const o = perOwner.get(m.owner ?? "") ?? { joins: 0, leaves: 0 };
    o.joins += m.joins;
    o.leaves += m.leaves;
    perOwner.set(m.owner ?? "", o);
  }
  const list = ownerRows
    .map((o) => ({
      owner: o.owner,
      ownerName: o.owner_name,
      groups: o.groups,
      members: o.members,
      customers: o.customers,
      joins: perOwner.get(o.owner ?? "")?.joins ?? 0,
      leaves: perOwner.get(o.owner ?? "")?.leaves ?? 0,
    }))
    .sort((a, b) => b.members - a.members || (a.owner ?? "").localeCompare(b.owner ?? ""));
  const sum = (k: "groups" | "members" | "customers" | "joins" | "leaves") =>
    list.reduce((n, o) => n + o[k], 0);
  return {
    range,
    totals: {
      groups: sum("groups"),
      members: sum("members"),
      customers: sum("customers"),
      joins: sum("joins"),
      leaves: sum("leaves"),
    },
    owners: list,
    days: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
