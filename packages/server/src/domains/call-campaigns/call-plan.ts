// The dialling schedule (外呼计划): spreads a ranked call list over days, each day taking no more leads than
// the team can absorb (every member's safe daily cap; what is left today on the first day), and over the best
// call windows of each customer's category, evenly within a window. An unanswered call is dialled again after
// the redial delay (20 minutes by default), inside a call window. Pure: now, offset and capacity come in.
import { localMidnight, minuteOfDay, parseHhMm } from "../send-gate/periods.ts";
import type { CallSettings } from "./call-campaigns.settings.ts";
import type { ListedBuyer } from "./call-list.ts";
import { windowsOf } from "./call-list.ts";
import { capOnDay, type MemberCapacity } from "./capacity.ts";

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
/** A list that would take longer than this is cut; the rest is reported unscheduled. */
export const MAX_DAYS = 366;

export interface ScheduledCall {
  buyer: ListedBuyer;
  dayIndex: number;
  day: string;
  window: string;
  plannedAt: Date;
  redialAt: Date;
  userid: string;
}

export interface Schedule {
  calls: ScheduledCall[];
  unscheduled: ListedBuyer[];
  days: number;
  perDay: { day: string; calls: number; capacity: number }[];
}

type Win = { start: number; end: number; label: string };

const toWins = (ws: { start: string; end: string }[]): Win[] =>
  ws
    .map((w) => ({ start: parseHhMm(w.start), end: parseHhMm(w.end), label: `${w.start}-${w.end}` }))
    .sort((a, b) => a.start - b.start);

/** YYYY-MM-DD of the local day starting at this instant. */
export function dayLabel(midnight: number, offsetMinutes: number): string {
  return new Date(midnight + offsetMinutes * MINUTE).toISOString().slice(0, 10);
}

/** The local midnight instant of a YYYY-MM-DD day. */
export function dayStart(day: string, offsetMinutes: number): number {
  return Date.parse(`${day}T00:00:00Z`) - offsetMinutes * MINUTE;
}

/**
 * When to dial an unanswered number again: `redialMinutes` after the attempt, if that falls inside one of the
 * windows; otherwise when the next window opens (later today, else tomorrow's first).
 */
export function redialTime(
  at: Date,
  windows: { start: string; end: string }[],
  redialMinutes: number,
  offsetMinutes: number,
): Date {
  const t = new Date(at.getTime() + redialMinutes * MINUTE);
  const wins = toWins(windows);
  const minute = minuteOfDay(t, offsetMinutes);
  const midnight = localMidnight(t, offsetMinutes);
  if (wins.some((w) => minute >= w.start && minute < w.end)) return t;
  const later = wins.find((w) => w.start > minute);
  if (later) return new Date(midnight + later.start * MINUTE);
  return new Date(midnight + DAY + (wins[0]?.start ?? 0) * MINUTE);
}

export function buildSchedule(input: {
  buyers: ListedBuyer[];
  members: MemberCapacity[];
  startDay: string;
  now: Date;
  offsetMinutes: number;
  settings: CallSettings;
}): Schedule {
  const { members, now, offsetMinutes, settings } = input;
  const start = dayStart(input.startDay, offsetMinutes);
  const firstIsToday = start === localMidnight(now, offsetMinutes);
  const calls: ScheduledCall[] = [];
  const perDay: Schedule["perDay"] = [];
  let queue = input.buyers;
  let d = 0;
  for (; queue.length > 0 && d < MAX_DAYS; d++) {
    const midnight = start + d * DAY;
    const day = dayLabel(midnight, offsetMinutes);
    const left = members.map((m) =>
      d === 0 && firstIsToday ? (m.restricted ? 0 : Math.min(m.remaining, m.cap)) : capOnDay(m, midnight),
    );
    const capacity = left.reduce((s, n) => s + n, 0);
    let leftTotal = capacity;
    const groups = new Map<string, { win: Win; calls: { buyer: ListedBuyer; userid: string }[] }>();
    const next: ListedBuyer[] = [];
    for (const b of queue) {
      if (leftTotal === 0) {
        next.push(b);
        continue;
      }
      // Windows still ahead (the first day may already be under way).
      const wins = toWins(windowsOf(b.category, settings)).filter(
        (w) => midnight + w.end * MINUTE > now.getTime(),
      );
      if (wins.length === 0) {
        next.push(b);
        continue;
      }
      let best = wins[0] as Win;
      for (const w of wins)
        if ((groups.get(w.label)?.calls.length ?? 0) < (groups.get(best.label)?.calls.length ?? 0)) best = w;
      let mi = 0;
      for (let i = 1; i < left.length; i++) if ((left[i] ?? 0) > (left[mi] ?? 0)) mi = i;
      left[mi] = (left[mi] ?? 0) - 1;
      leftTotal--;
      const g = groups.get(best.label) ?? { win: best, calls: [] };
      g.calls.push({ buyer: b, userid: (members[mi] as MemberCapacity).userid });
      groups.set(best.label, g);
    }
    let scheduled = 0;
    for (const { win, calls: gc } of groups.values()) {
      const from = Math.max(midnight + win.start * MINUTE, Math.ceil(now.getTime() / MINUTE) * MINUTE);
      const span = midnight + win.end * MINUTE - from;
      gc.forEach((c, i) => {
        const plannedAt = new Date(from + Math.floor((i * span) / gc.length / MINUTE) * MINUTE);
        calls.push({
          buyer: c.buyer,
          dayIndex: d,
          day,
          window: win.label,
          plannedAt,
          redialAt: redialTime(
            plannedAt,
            windowsOf(c.buyer.category, settings),
            settings.redialMinutes,
            offsetMinutes,
          ),
          userid: c.userid,
        });
      });
      scheduled += gc.length;
    }
    perDay.push({ day, calls: scheduled, capacity });
    queue = next;
    // Nobody will ever take anyone again (banned, or no cap): stop rather than walk a year of empty days.
    if (members.every((m) => capOnDay(m, midnight + 400 * DAY) === 0)) break;
  }
  return { calls, unscheduled: queue, days: perDay.filter((p) => p.calls > 0).length, perDay };
}
