// Pure routing of a live code: which staff are on schedule and under their daily cap, which of them the
// strategy offers next (rotation, least-load, weighted), and when the answer can next change.
// WeCom itself picks among a contact way's `user` list, so Siyu narrows that list to what the strategy offers.
import type { ScheduleRange } from "./live-codes.tables.ts";

export type Strategy = "rotation" | "least_load" | "weighted";

export interface StaffEntry {
  userid: string;
  role: "primary" | "backup";
  /** Order in the pool (rotation follows it). */
  position: number;
  weight: number;
  /** Overrides the code's cap; null = the code's cap (or none). */
  dailyCap: number | null;
  /** Empty = always online. */
  schedule: ScheduleRange[];
}

export interface LocalTime {
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
  /** Local date, YYYY-MM-DD. */
  day: string;
}

/** Local calendar time at a fixed UTC offset (China has no daylight saving time). */
export function localTime(nowMs: number, tzOffsetMinutes: number): LocalTime {
  const d = new Date(nowMs + tzOffsetMinutes * 60_000);
  const dow = d.getUTCDay();
  return {
    weekday: dow === 0 ? 7 : dow,
    minute: d.getUTCHours() * 60 + d.getUTCMinutes(),
    day: d.toISOString().slice(0, 10),
  };
}

export function parseHm(hm: string): number {
  const [h, m] = hm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function isOnline(schedule: ScheduleRange[], t: LocalTime): boolean {
  if (schedule.length === 0) return true;
  return schedule.some(
    (r) => r.weekday === t.weekday && parseHm(r.start) <= t.minute && t.minute < parseHm(r.end),
  );
}

/** The index pairs of ranges on the same weekday that overlap (touching ends do not overlap). */
export function overlappingRanges(schedule: ScheduleRange[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < schedule.length; i++) {
    for (let j = i + 1; j < schedule.length; j++) {
      const a = schedule[i]!;
      const b = schedule[j]!;
      if (a.weekday !== b.weekday) continue;
      if (parseHm(a.start) < parseHm(b.end) && parseHm(b.start) < parseHm(a.end)) out.push([i, j]);
    }
  }
  return out;
}

export type RoutingMode = "primary" | "backup" | "overflow";

export interface RoutingInput {
  strategy: Strategy;
  codeDailyCap: number | null;
  staff: StaffEntry[];
  /** Adds through this code today, per userid. */
  addsToday: ReadonlyMap<string, number>;
  /** Who took the code's last add (rotation continues after them). */
  lastAssigned: string | null;
  now: LocalTime;
}

export interface Routing {
  mode: RoutingMode;
  /** Staff on schedule and under cap, in the tier that is used. */
  eligible: string[];
  /** The contact way's `user` list: the strategy's pick among `eligible`; never empty while staff exist. */
  offered: string[];
}

function capOf(s: StaffEntry, codeCap: number | null): number {
  return s.dailyCap ?? codeCap ?? Number.POSITIVE_INFINITY;
}

function available(input: RoutingInput, role: StaffEntry["role"]): StaffEntry[] {
  return input.staff
    .filter((s) => s.role === role)
    .filter((s) => isOnline(s.schedule, input.now))
    .filter((s) => (input.addsToday.get(s.userid) ?? 0) < capOf(s, input.codeDailyCap))
    .sort((a, b) => a.position - b.position);
}

/** The strategy's pick among the available staff (all ties are offered; WeCom picks among them). */
export function pick(
  strategy: Strategy,
  pool: StaffEntry[],
  addsToday: ReadonlyMap<string, number>,
  lastAssigned: string | null,
  allInOrder: StaffEntry[],
): StaffEntry[] {
  if (pool.length <= 1) return pool;
  const load = (s: StaffEntry) => addsToday.get(s.userid) ?? 0;
  if (strategy === "rotation") {
    const order = [...allInOrder].sort((a, b) => a.position - b.position);
    const start = lastAssigned ? order.findIndex((s) => s.userid === lastAssigned) : -1;
    for (let k = 1; k <= order.length; k++) {
      const candidate = order[(start + k + order.length) % order.length]!;
      const hit = pool.find((s) => s.userid === candidate.userid);
      if (hit) return [hit];
    }
    return [pool[0]!];
  }
  const score =
    strategy === "least_load"
      ? (s: StaffEntry) => load(s)
      : // weighted: the next add goes where (load + 1) / weight is smallest, so loads follow the weights
        (s: StaffEntry) => (load(s) + 1) / Math.max(1, s.weight);
  const best = Math.min(...pool.map(score));
  return pool.filter((s) => score(s) === best);
}

export function route(input: RoutingInput): Routing {
  const primaries = available(input, "primary");
  const allPrimaries = input.staff.filter((s) => s.role === "primary");
  if (primaries.length > 0) {
    const offered = pick(input.strategy, primaries, input.addsToday, input.lastAssigned, allPrimaries);
    return {
      mode: "primary",
      eligible: primaries.map((s) => s.userid),
      offered: offered.map((s) => s.userid),
    };
  }
  const backups = available(input, "backup");
  const allBackups = input.staff.filter((s) => s.role === "backup");
  if (backups.length > 0) {
    const offered = pick(input.strategy, backups, input.addsToday, input.lastAssigned, allBackups);
    return { mode: "backup", eligible: backups.map((s) => s.userid), offered: offered.map((s) => s.userid) };
  }
  // Everyone is capped or off: the QR must keep working, so the backups (or, without any, the pool) take it.
  const fallback = allBackups.length > 0 ? allBackups : allPrimaries;
  return {
    mode: "overflow",
    eligible: [],
    offered: [...fallback].sort((a, b) => a.position - b.position).map((s) => s.userid),
  };
}

/**
 * The next instant at which the routing may change by time alone: a schedule range starting or ending later
 * today, or local midnight (daily caps reset).
 */
export function nextBoundary(staff: StaffEntry[], nowMs: number, tzOffsetMinutes: number): number {
  const t = localTime(nowMs, tzOffsetMinutes);
  const midnightLocal = nowMs - (t.minute * 60_000 + (nowMs % 60_000)) + 24 * 3600_000;
  let next = midnightLocal;
  for (const s of staff) {
    for (const r of s.schedule) {
      if (r.weekday !== t.weekday) continue;
      for (const m of [parseHm(r.start), parseHm(r.end)]) {
        if (m > t.minute) next = Math.min(next, nowMs - ((nowMs % 60_000) + t.minute * 60_000) + m * 60_000);
      }
    }
  }
  return next;
}
