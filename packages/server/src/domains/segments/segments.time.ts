// Instants in the segment language, resolved to whole microseconds since the epoch (PostgreSQL's resolution), so the
// engine and the SQL oracle compare exactly the same numbers.

const FRACTION = /^(.*T\d{2}:\d{2}:\d{2})\.(\d+)(.*)$/;

/**
 * An ISO 8601 instant (with an offset, e.g. "2026-11-01T00:00:00+08:00") in microseconds since the epoch. Fraction
 * digits past the sixth are dropped. Throws RangeError when the text is not an instant.
 */
export function instantMicros(iso: string): number {
  const m = FRACTION.exec(iso);
  let ms: number;
  let extra = 0;
  if (m) {
    const digits = m[2] ?? "";
    ms = Date.parse(`${m[1]}.${digits.slice(0, 3).padEnd(3, "0")}${m[3]}`);
    extra = Number(digits.slice(3, 6).padEnd(3, "0"));
  } else {
    ms = Date.parse(iso);
  }
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return ms * 1000 + extra;
}

/** The earliest order time (µs) that still counts for "last order within `days` days" at `nowMicros`. */
export function lastOrderThresholdMicros(nowMicros: number, days: number): number {
  return nowMicros - Math.round(days * 86_400_000_000);
}
