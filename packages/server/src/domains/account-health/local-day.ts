// Corp-local calendar days at a fixed UTC offset (China has no daylight saving time).

export interface LocalDay {
  /** YYYY-MM-DD in the corp's time. */
  day: string;
  /** The day's first instant. */
  start: Date;
  /** The next day's first instant. */
  end: Date;
}

export function localDay(at: Date, offsetMinutes: number): LocalDay {
  const day = new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
  return dayBounds(day, offsetMinutes);
}

export function dayBounds(day: string, offsetMinutes: number): LocalDay {
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000);
  return { day, start, end: new Date(start.getTime() + 86_400_000) };
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
