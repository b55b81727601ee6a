// Calendar days as YYYY-MM-DD strings (no time zone: the server has already said which day is which).

/** The day `n` days before `day`. */
export function daysBefore(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - n);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive), with the given rows and zeros elsewhere. */
export function fillDays<T extends { day: string }>(
  from: string,
  to: string,
  rows: T[],
  zero: Omit<T, "day">,
): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: T[] = [];
  const date = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (date <= end && out.length < 1000) {
    const day = date.toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? ({ ...zero, day } as T));
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return out;
}
