// Weekly online schedules as the API takes them: weekday 1–7 with "HH:MM" ranges; the same overlap
// and order rules as the server, so the form can say so before saving.
import type { ScheduleRange } from "../../api/index.ts";

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** 00:00, 00:30 … 24:00. */
export const TIME_OPTIONS: string[] = Array.from({ length: 49 }, (_v, i) => {
  const minutes = i * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
});

export function minutesOf(hm: string): number {
  const [h, m] = hm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** For each range that overlaps an earlier one on the same weekday: [earlier index, its index]. */
export function overlaps(ranges: Partial<ScheduleRange>[]): [number, number][] {
  const out: [number, number][] = [];
  ranges.forEach((r, j) => {
    if (!r.weekday || !r.start || !r.end) return;
    for (let i = 0; i < j; i++) {
      const o = ranges[i];
      if (!o?.weekday || !o.start || !o.end || o.weekday !== r.weekday) continue;
      if (minutesOf(o.start) < minutesOf(r.end) && minutesOf(r.start) < minutesOf(o.end)) {
        out.push([i, j]);
        break;
      }
    }
  });
  return out;
}

/** Monday to Friday, 09:00–18:00: the preset most stores start from. */
export function workdays(): ScheduleRange[] {
  return [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" }));
}
