// Calendar helpers in China time (UTC+8), which is how WeCom counts days for statistics and quotas.
const OFFSET = 8 * 3600;
export const DAY = 86_400;

/** Unix seconds of the local (UTC+8) midnight at or before `t`. */
export function dayStart(t: number): number {
  return Math.floor((t + OFFSET) / DAY) * DAY - OFFSET;
}

/** Start of the local calendar month containing `t`, and its number of days. */
export function monthOf(t: number): { start: number; days: number } {
  const d = new Date((t + OFFSET) * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const start = Date.UTC(y, m, 1) / 1000 - OFFSET;
  const days = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return { start, days };
}

/** Start of the local week (Monday) containing `t`. */
export function weekStart(t: number): number {
  const day = dayStart(t);
  const weekday = (new Date((day + OFFSET) * 1000).getUTCDay() + 6) % 7;
  return day - weekday * DAY;
}
