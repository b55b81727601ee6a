// The 千店千群 report: per store, its groups and their members, customers assigned, and per-day adds through the
// store's staff QR and joins through its group QR; and the same as CSV for Excel.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { localTime } from "../live-codes/routing.ts";
import * as repo from "./stores.repository.ts";
import { type ReportRow, type ReportView, reportQuery } from "./stores.schemas.ts";

const DAY_MS = 86_400_000;

function dayRange(fromDay: string, toDay: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${fromDay}T00:00:00Z`); t <= Date.parse(`${toDay}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const byStoreDay = (rows: { store_id: string; day: string; n: string }[]) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(`${r.store_id}|${r.day}`, Number(r.n));
  return m;
};

export async function storeReport(ctx: Ctx, corpId: string, query: unknown = {}): Promise<ReportView> {
  const q = reportQuery.parse(query);
  const today = localTime(ctx.clock.now(), 480).day;
  const to = q.to ?? today;
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  if (from > to) {
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/from", message: "from must not be after to" },
    ]);
  }
  const days = dayRange(from, to);
  if (days.length > 366) {
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/from", message: "a report covers at most 366 days" },
    ]);
  }
  const stores = await repo.listStores(ctx.db, corpId, { city: q.city });
  const ids = stores.map((s) => String(s.id));
  const dayCol = sql<string>`to_char(day, 'YYYY-MM-DD')`;
  const [staff, groups, customers, adds, joins, visits, externalMembers] = await Promise.all([
    repo.staffOf(ctx.db, corpId, ids),
    repo.groupsOf(ctx.db, corpId, ids),
    repo.customerCounts(ctx.db, corpId, ids),
    ids.length === 0
      ? []
      : ctx.db
          .selectFrom("store_code_adds")
          .select(["store_id", dayCol.as("day"), sql<string>`count(*)`.as("n")])
          .where("corp_id", "=", corpId)
          .where("store_id", "in", ids)
          .where("day", ">=", from)
          .where("day", "<=", to)
          .groupBy(["store_id", "day"])
          .execute(),
    ids.length === 0
      ? []
      : ctx.db
          .selectFrom("store_group_joins")
          .select(["store_id", dayCol.as("day"), sql<string>`count(*)`.as("n")])
          .where("corp_id", "=", corpId)
          .where("store_id", "in", ids)
          .where("day", ">=", from)
          .where("day", "<=", to)
          .groupBy(["store_id", "day"])
          .execute(),
    ids.length === 0
      ? []
      : ctx.db
          .selectFrom("store_code_visits")
          .select(["store_id", sql<string>`count(*)`.as("n")])
          .where("corp_id", "=", corpId)
          .where("store_id", "in", ids)
          .where("day", ">=", from)
          .where("day", "<=", to)
          .groupBy("store_id")
          .execute(),
    ids.length === 0
      ? []
      : ctx.db
          .selectFrom("customer_group_members as m")
          .innerJoin("store_groups as g", (j) =>
            j.onRef("g.corp_id", "=", "m.corp_id").onRef("g.chat_id", "=", "m.chat_id"),
          )
          .select(["m.chat_id", sql<string>`count(distinct m.member_id)`.as("n")])
          .where("m.corp_id", "=", corpId)
          .where("g.store_id", "in", ids)
          .where("m.type", "=", 2)
          .groupBy("m.chat_id")
          .execute(),
  ]);
  const addMap = byStoreDay(adds.map((r) => ({ ...r, store_id: String(r.store_id) })));
  const joinMap = byStoreDay(joins.map((r) => ({ ...r, store_id: String(r.store_id) })));
  const visitMap = new Map(visits.map((v) => [String(v.store_id), Number(v.n)]));
  const customersIn = new Map(externalMembers.map((r) => [r.chat_id, Number(r.n)]));

  const rows: ReportRow[] = stores.map((s) => {
    const id = String(s.id);
    const storeGroups = groups
      .filter((g) => String(g.store_id) === id)
      .map((g) => ({
        chatId: g.chat_id,
        name: g.name ?? null,
        members: g.member_count ?? 0,
        customers: customersIn.get(g.chat_id) ?? 0,
      }));
    const perDay = days.map((day) => ({
      day,
      adds: addMap.get(`${id}|${day}`) ?? 0,
      joins: joinMap.get(`${id}|${day}`) ?? 0,
    }));
    return {
      storeId: id,
      name: s.name,
      city: s.city,
      district: s.district,
      status: s.status,
      staff: staff.filter((x) => String(x.store_id) === id).length,
      groups: storeGroups,
      groupMembers: storeGroups.reduce((n, g) => n + g.members, 0),
      customersAssigned: customers.get(id) ?? 0,
      adds: perDay.reduce((n, d) => n + d.adds, 0),
      joins: perDay.reduce((n, d) => n + d.joins, 0),
      visits: visitMap.get(id) ?? 0,
      days: perDay,
    };
  });
  const sum = (f: (r: ReportRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    from,
    to,
    stores: rows,
    totals: {
      stores: rows.length,
      groups: sum((r) => r.groups.length),
      groupMembers: sum((r) => r.groupMembers),
      customersAssigned: sum((r) => r.customersAssigned),
      adds: sum((r) => r.adds),
      joins: sum((r) => r.joins),
    },
  };
}

const HEADERS = {
  "zh-CN": [
    "门店",
    "城市",
    "区县",
    "状态",
    "员工数",
    "群数",
    "群成员",
    "群内客户",
    "归属客户",
    "加好友",
    "进群",
    "落地页访问",
    "门店群",
  ],
  en: [
    "Store",
    "City",
    "District",
    "Status",
    "Staff",
    "Groups",
    "Group members",
    "Customers in groups",
    "Customers assigned",
    "Adds",
    "Joins",
    "Landing visits",
    "Store groups",
  ],
} as const;

function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  // A leading =, +, - or @ would be a formula in Excel.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV (UTF-8 with BOM for Excel): one row per store, its groups as "name (members)". */
export function reportCsv(report: ReportView, lang: "zh-CN" | "en"): string {
  const status = (s: string) => (lang === "zh-CN" ? (s === "open" ? "营业" : "停业") : s);
  const lines = [HEADERS[lang].map(csvCell).join(",")];
  for (const r of report.stores) {
    lines.push(
      [
        r.name,
        r.city,
        r.district,
        status(r.status),
        r.staff,
        r.groups.length,
        r.groupMembers,
        r.groups.reduce((n, g) => n + g.customers, 0),
        r.customersAssigned,
        r.adds,
        r.joins,
        r.visits,
        r.groups.map((g) => `${g.name ?? g.chatId} (${g.members})`).join("; "),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
