// When SOP calendar entries fire, built on the journeys' time maths (journey-time.ts): a dated entry fires once
// at its local date and time; cycles fire by nextCycleAt (month ends clamped); a "day N after joining" entry
// fires daily at its time and covers the customers whose day-N moment (stepDueAt) fell since the previous day's
// firing. All in the corp's UTC offset; nothing reads a clock.

import { type Cycle, nextCycleAt } from "../journeys/journey-time.ts";
import { localMidnight, parseHhMm } from "../send-gate/periods.ts";
import type { SopSchedule } from "./sops.schemas.ts";

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

/** The instant of a local date (YYYY-MM-DD) at HH:MM. */
export function dateAt(date: string, at: string, offsetMinutes: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (parseHhMm(at) - offsetMinutes) * MINUTE);
}

function cycleOf(s: Exclude<SopSchedule, { kind: "date" }>): Cycle {
  const minute = parseHhMm(s.at);
  if (s.kind === "weekly") return { kind: "weekly", weekdays: s.weekdays, minute };
  if (s.kind === "monthly") return { kind: "monthly", day: s.day, minute };
  return { kind: "daily", minute };
}

/** The first firing strictly after `after` (null: a date already past). */
export function nextFiring(s: SopSchedule, after: Date, offsetMinutes: number): Date | null {
  if (s.kind === "date") {
    const at = dateAt(s.date, s.at, offsetMinutes);
    return at > after ? at : null;
  }
  return nextCycleAt(after, cycleOf(s), offsetMinutes);
}

/**
 * The firing after the one due at `due`, run at `now`. Cycles skip firings missed while nothing ran (one late
 * task, not a backlog); "after joining" entries catch up day by day so no joiner is skipped.
 */
export function firingAfter(s: SopSchedule, due: Date, now: Date, offsetMinutes: number): Date | null {
  if (s.kind === "date") return null;
  if (s.kind === "after_join") return nextFiring(s, due, offsetMinutes);
  return nextFiring(s, now > due ? now : due, offsetMinutes);
}

/**
 * Which joiners a "day N after joining" firing at `due` covers: [from, to) of the member's added_at. Day N ≥ 1:
 * the local day N days before. Day 0: the day since the previous firing (a customer who joined after today's
 * time is covered tomorrow, as their T+0 moment had passed).
 */
export function joinWindow(day: number, due: Date, offsetMinutes: number): { from: Date; to: Date } {
  if (day === 0) return { from: new Date(due.getTime() - DAY + 1), to: new Date(due.getTime() + 1) };
  const start = localMidnight(due, offsetMinutes) - day * DAY;
  return { from: new Date(start), to: new Date(start + DAY) };
}
