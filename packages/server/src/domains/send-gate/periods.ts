// Pure time maths for the send gate: quota periods, quiet hours and customers' active windows. Every function
// takes `now` and a UTC offset in minutes (the corp's, or WeCom's UTC+8 for quotas) and returns instants.
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

/** WeCom counts the mass-message receive quota in China time, whatever the corp's own time zone. */
export const WECOM_QUOTA_OFFSET_MINUTES = 480;

export type QuotaPolicy = "day1" | "week7" | "days_in_month";

/** Minutes since local midnight. */
export function minuteOfDay(now: Date, offsetMinutes: number): number {
  const local = now.getTime() + offsetMinutes * MINUTE;
  return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
}

/** The instant of local midnight starting the local day that contains `now`. */
export function localMidnight(now: Date, offsetMinutes: number): number {
  const local = now.getTime() + offsetMinutes * MINUTE;
  return Math.floor(local / DAY) * DAY - offsetMinutes * MINUTE;
}

/** The quota period containing `now`: [start, end) and how many messages a recipient may receive in it. */
export function quotaPeriod(
  policy: QuotaPolicy,
  now: Date,
  offsetMinutes = WECOM_QUOTA_OFFSET_MINUTES,
): { start: Date; end: Date; limit: number } {
  const midnight = localMidnight(now, offsetMinutes);
  if (policy === "day1") return { start: new Date(midnight), end: new Date(midnight + DAY), limit: 1 };
  if (policy === "week7") {
    const weekday = (new Date(midnight + offsetMinutes * MINUTE).getUTCDay() + 6) % 7; // Monday = 0
    const start = midnight - weekday * DAY;
    return { start: new Date(start), end: new Date(start + 7 * DAY), limit: 7 };
  }
  const local = new Date(now.getTime() + offsetMinutes * MINUTE);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const start = Date.UTC(y, m, 1) - offsetMinutes * MINUTE;
  const end = Date.UTC(y, m + 1, 1) - offsetMinutes * MINUTE;
  return { start: new Date(start), end: new Date(end), limit: new Date(Date.UTC(y, m + 1, 0)).getUTCDate() };
}

/** A daily time range in local minutes; start > end spans midnight; start = end is empty. */
export interface DailyRange {
  startMinute: number;
  endMinute: number;
}

export function inRange(minute: number, r: DailyRange): boolean {
  if (r.startMinute === r.endMinute) return false;
  return r.startMinute < r.endMinute
    ? minute >= r.startMinute && minute < r.endMinute
    : minute >= r.startMinute || minute < r.endMinute;
}

/** The next instant strictly after `now` (or now itself) at which the local clock shows `minute`. */
export function nextAtMinute(now: Date, minute: number, offsetMinutes: number): Date {
  const midnight = localMidnight(now, offsetMinutes);
  let t = midnight + minute * MINUTE;
  if (t < now.getTime()) t += DAY;
  return new Date(t);
}

/** When the quiet hours around `now` end, or null when `now` is not in them. */
export function quietHoursEnd(now: Date, quiet: DailyRange, offsetMinutes: number): Date | null {
  if (!inRange(minuteOfDay(now, offsetMinutes), quiet)) return null;
  return nextAtMinute(now, quiet.endMinute, offsetMinutes);
}

/** When the customer's active window next opens, or null when `now` is inside it. */
export function windowOpens(now: Date, window: DailyRange, offsetMinutes: number): Date | null {
  if (window.startMinute === window.endMinute) return null;
  if (inRange(minuteOfDay(now, offsetMinutes), window)) return null;
  return nextAtMinute(now, window.startMinute, offsetMinutes);
}

/** "HH:MM" → minutes since midnight; throws on anything else. */
export function parseHhMm(s: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (!m) throw new Error(`not a time of day (HH:MM): ${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}
