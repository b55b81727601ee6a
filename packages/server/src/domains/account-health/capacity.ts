// Capacity: how many new friends the team can absorb per day. Each able account (active, customer contact) has
// a safe daily cap by health (health.ts); a restricted account absorbs nothing until its cool-down ends. Summed
// per store (store_staff) and for the corp; with how many adds each account has left today, and how many days a
// list of N leads takes. Other domains (bulk adds, call plans) call dailyCapacity and daysForLeads.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { type AddRateSettings, loadAddRateSettings } from "./add-rate.settings.ts";
import { ageInDays, dailyCap, isNewAccount } from "./health.ts";
import { addDays, dayBounds, localDay } from "./local-day.ts";
import { pastRestrictionCounts, type RestrictionNow, restrictionsInForce } from "./restrictions.ts";

export interface MemberCapacity {
  userid: string;
  name: string;
  storeIds: string[];
  createdOn: string | null;
  /** Days old on the local day; null when the creation date is unknown (treated as new). */
  ageDays: number | null;
  isNew: boolean;
  corpVerified: boolean;
  personalVerified: boolean;
  pastRestrictions90d: number;
  /** The safe daily cap by health, whether or not the account is restricted now. */
  healthCap: number;
  /** What the account may add per day now: its health cap, or 0 while restricted. */
  cap: number;
  /** Adds counted against today's cap: bulk-add tasks for today and other new friends today. */
  usedToday: number;
  remainingToday: number;
  restricted: RestrictionNow | null;
}

export interface StoreCapacity {
  storeId: string;
  name: string;
  accounts: number;
  restricted: number;
  dailyCapacity: number;
  remainingToday: number;
}

export interface CapacityTotals {
  accounts: number;
  restricted: number;
  /** Sum of the caps of the accounts not restricted now. */
  dailyCapacity: number;
  remainingToday: number;
}

export interface Capacity {
  corpId: string;
  /** The corp-local day `at` falls on. */
  day: string;
  at: string;
  tzOffsetMinutes: number;
  settings: AddRateSettings;
  members: MemberCapacity[];
  stores: StoreCapacity[];
  total: CapacityTotals;
}

/** Accounts that can take friends: active, in the customer-contact range, still in the directory. */
async function ableMembers(db: Db, corpId: string) {
  return db
    .selectFrom("members as m")
    .leftJoin("account_profiles as p", (j) =>
      j.onRef("p.corp_id", "=", "m.corp_id").onRef("p.userid", "=", "m.userid"),
    )
    .select(["m.userid", "m.name", "p.created_on", "p.corp_verified", "p.personal_verified"])
    .where("m.corp_id", "=", corpId)
    .where("m.status", "=", 1)
    .where("m.removed", "=", false)
    .where("m.customer_contact", "=", true)
    .orderBy("m.userid")
    .execute();
}

/** Per userid: bulk-add tasks for the day plus new friends that day that no bulk-add task accounts for. */
export async function usedOnDay(db: Db, corpId: string, day: string, start: Date, end: Date) {
  const rows = await sql<{ userid: string; n: string }>`
    select userid, count(*)::text as n from (
      select t.userid from bulk_add_tasks t where t.corp_id = ${corpId} and t.day = ${day}
      union all
      select fr.userid from follow_relations fr
       where fr.corp_id = ${corpId} and fr.added_at >= ${start} and fr.added_at < ${end}
         and not exists (select 1 from bulk_add_tasks t join bulk_add_leads l on l.id = t.lead_id
                          where t.corp_id = fr.corp_id and t.userid = fr.userid and t.status = 'accepted'
                            and l.external_userid = fr.external_userid)
    ) u group by userid`.execute(db);
  return new Map(rows.rows.map((r) => [r.userid, Number(r.n)]));
}

/** The team's capacity on the corp-local day of `at`, per member, per store and in total. */
export async function dailyCapacity(db: Db, corpId: string, at: Date): Promise<Capacity> {
  const [settings, offset, members] = await Promise.all([
    loadAddRateSettings(db, corpId),
    corpUtcOffset(db, corpId),
    ableMembers(db, corpId),
  ]);
  const today = localDay(at, offset);
  const [restricted, past, used, staff, stores] = await Promise.all([
    restrictionsInForce(db, corpId, at),
    pastRestrictionCounts(db, corpId, at),
    usedOnDay(db, corpId, today.day, today.start, today.end),
    db.selectFrom("store_staff").select(["store_id", "userid"]).where("corp_id", "=", corpId).execute(),
    db.selectFrom("stores").select(["id", "name"]).where("corp_id", "=", corpId).orderBy("id").execute(),
  ]);
  const storesOf = new Map<string, string[]>();
  for (const s of staff) storesOf.set(s.userid, [...(storesOf.get(s.userid) ?? []), s.store_id]);

  const out: MemberCapacity[] = members.map((m) => {
    const ageDays = ageInDays(m.created_on, today.day);
    const facts = {
      ageDays,
      corpVerified: m.corp_verified ?? false,
      personalVerified: m.personal_verified ?? false,
      pastRestrictions90d: past.get(m.userid) ?? 0,
    };
    const healthCap = dailyCap(facts, settings);
    const r = restricted.get(m.userid) ?? null;
    const cap = r ? 0 : healthCap;
    const usedToday = used.get(m.userid) ?? 0;
    return {
      userid: m.userid,
      name: m.name,
      storeIds: storesOf.get(m.userid) ?? [],
      createdOn: m.created_on,
      isNew: isNewAccount(ageDays, settings),
      ...facts,
      healthCap,
      cap,
      usedToday,
      remainingToday: Math.max(0, cap - usedToday),
      restricted: r,
    };
  });

  const sum = (list: MemberCapacity[]): CapacityTotals => ({
    accounts: list.length,
    restricted: list.filter((m) => m.restricted).length,
    dailyCapacity: list.reduce((n, m) => n + m.cap, 0),
    remainingToday: list.reduce((n, m) => n + m.remainingToday, 0),
  });
  return {
    corpId,
    day: today.day,
    at: at.toISOString(),
    tzOffsetMinutes: offset,
    settings,
    members: out,
    stores: stores.map((s) => ({
      storeId: s.id,
      name: s.name,
      ...sum(out.filter((m) => m.storeIds.includes(s.id))),
    })),
    total: sum(out),
  };
}

export interface LeadsForecast {
  leads: number;
  /** Days (today counts as the first) until every lead has a slot; null when the team can take none. */
  days: number | null;
  /** Slots per day: today's remaining, then each later day's caps (restrictions ending count from that day). */
  perDay: number[];
}

const MAX_FORECAST_DAYS = 366;

/**
 * How many days `leads` new friends take at the team's safe caps (or one store's, with `storeId`): today's
 * remaining adds first, then the full caps of each later day, counting an account again from the local day its
 * cool-down has ended; a banned account never returns.
 */
export function daysForLeads(capacity: Capacity, leads: number, storeId?: string): LeadsForecast {
  const members = storeId ? capacity.members.filter((m) => m.storeIds.includes(storeId)) : capacity.members;
  const perDay: number[] = [];
  let left = leads;
  for (let k = 0; left > 0 && k < MAX_FORECAST_DAYS; k++) {
    const day = addDays(capacity.day, k);
    const start = dayBounds(day, capacity.tzOffsetMinutes).start;
    const slots =
      k === 0
        ? members.reduce((n, m) => n + m.remainingToday, 0)
        : members.reduce((n, m) => {
            const r = m.restricted;
            const back = !r || (r.until !== null && r.until <= start);
            return n + (back ? m.healthCap : 0);
          }, 0);
    perDay.push(slots);
    left -= slots;
  }
  return { leads, days: left > 0 ? null : perDay.length, perDay };
}
