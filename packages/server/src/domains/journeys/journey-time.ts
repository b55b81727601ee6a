// Pure time maths for journeys and SOPs: when a step of a "T+" line falls due, when a cyclic plan next fires, and
// how a due time moves out of quiet hours and into a customer's active window. Every function takes the instants
// it needs and the corp's UTC offset in minutes (time zones without daylight saving, as WeCom corps use), and
// returns an instant; nothing reads a clock.
import { type DailyRange, localMidnight, quietHoursEnd, windowOpens } from "../send-gate/periods.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** When a step happens relative to the customer's enrolment (T+0 = the local day they joined). */
export type StepTiming = { kind: "day"; day: number; minute: number } | { kind: "hours"; hours: number };

/** A repeating SOP or campaign: every day, some weekdays (1 = Monday … 7 = Sunday) or a day of the month. */
export type Cycle =
  | { kind: "daily"; minute: number }
  | { kind: "weekly"; weekdays: number[]; minute: number }
  /** Day 29–31 falls on the month's last day in shorter months. */
  | { kind: "monthly"; day: number; minute: number };

/**
 * When a step falls due: "day N at HH:MM" is local midnight of the enrolment day plus N days at that time, or
 * the enrolment itself when that moment had already passed (a T+0 step at 10:00 for a customer who joined at
 * 15:00 goes at once, not a day late); "N hours after" is exact.
 */
export function stepDueAt(enrolledAt: Date, step: StepTiming, offsetMinutes: number): Date {
  if (step.kind === "hours") return new Date(enrolledAt.getTime() + step.hours * HOUR);
  const at = localMidnight(enrolledAt, offsetMinutes) + step.day * DAY + step.minute * MINUTE;
  return new Date(Math.max(at, enrolledAt.getTime()));
}

const weekdayOf = (localMidnightUtc: number, offsetMinutes: number) =>
  ((new Date(localMidnightUtc + offsetMinutes * MINUTE).getUTCDay() + 6) % 7) + 1;

function monthlyAt(year: number, month: number, day: number, minute: number, offsetMinutes: number) {
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(day, last)) + minute * MINUTE - offsetMinutes * MINUTE;
}

/** The first firing of the cycle strictly after `after`. */
export function nextCycleAt(after: Date, cycle: Cycle, offsetMinutes: number): Date {
  const t = after.getTime();
  if (cycle.kind === "monthly") {
    const local = new Date(t + offsetMinutes * MINUTE);
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth();
    const thisMonth = monthlyAt(y, m, cycle.day, cycle.minute, offsetMinutes);
    return new Date(thisMonth > t ? thisMonth : monthlyAt(y, m + 1, cycle.day, cycle.minute, offsetMinutes));
  }
  const midnight = localMidnight(after, offsetMinutes);
  // Today and the next seven days always hold a firing of a daily or weekly cycle with at least one weekday.
  for (let d = 0; d <= 7; d++) {
    const day = midnight + d * DAY;
    const at = day + cycle.minute * MINUTE;
    if (at <= t) continue;
    if (cycle.kind === "daily" || cycle.weekdays.includes(weekdayOf(day, offsetMinutes))) return new Date(at);
  }
  throw new Error("a weekly cycle needs at least one weekday (1–7)");
}

/**
 * Where a due message actually goes: out of the corp's quiet hours, then into the customer's active window when
 * one is known. When the window opens inside quiet hours, the message goes as quiet hours end (still inside a
 * window that outlasts them; a window wholly inside quiet hours loses to them).
 */
export function deliveryTime(
  due: Date,
  offsetMinutes: number,
  quiet: DailyRange | null,
  window: DailyRange | null,
): Date {
  const outOfQuiet = (t: Date) => (quiet ? (quietHoursEnd(t, quiet, offsetMinutes) ?? t) : t);
  const t = outOfQuiet(due);
  const opens = window ? windowOpens(t, window, offsetMinutes) : null;
  return opens ? outOfQuiet(opens) : t;
}
