import { describe, expect, it } from "vitest";
import { nextAtMinute, parseHhMm, quietHoursEnd, quotaPeriod, windowOpens } from "./periods.ts";

const at = (iso: string) => new Date(iso);

describe("quota periods in China time", () => {
  it.each([
    // policy, now, start, end, limit
    ["day1", "2026-11-22T15:59:59Z", "2026-11-21T16:00:00Z", "2026-11-22T16:00:00Z", 1],
    ["day1", "2026-11-22T16:00:00Z", "2026-11-22T16:00:00Z", "2026-11-23T16:00:00Z", 1],
    // Sunday 23:30 +08 belongs to the week that began Monday 2026-11-16.
    ["week7", "2026-11-22T15:30:00Z", "2026-11-15T16:00:00Z", "2026-11-22T16:00:00Z", 7],
    ["week7", "2026-11-22T16:30:00Z", "2026-11-22T16:00:00Z", "2026-11-29T16:00:00Z", 7],
    ["days_in_month", "2026-02-28T15:00:00Z", "2026-01-31T16:00:00Z", "2026-02-28T16:00:00Z", 28],
    ["days_in_month", "2028-02-29T10:00:00Z", "2028-01-31T16:00:00Z", "2028-02-29T16:00:00Z", 29],
    // 1 Dec 00:30 in China is still 30 Nov in UTC: it counts in December.
    ["days_in_month", "2026-11-30T16:30:00Z", "2026-11-30T16:00:00Z", "2026-12-31T16:00:00Z", 31],
    ["days_in_month", "2026-12-31T16:00:00Z", "2026-12-31T16:00:00Z", "2027-01-31T16:00:00Z", 31],
  ] as const)("%s at %s → [%s, %s) limit %i", (policy, now, start, end, limit) => {
    expect(quotaPeriod(policy, at(now))).toEqual({ start: at(start), end: at(end), limit });
  });
});

describe("quiet hours", () => {
  const night = { startMinute: parseHhMm("22:00"), endMinute: parseHhMm("08:00") };
  const lunch = { startMinute: parseHhMm("12:00"), endMinute: parseHhMm("13:30") };
  it.each([
    // range, offset, now, end or null
    [night, 480, "2026-11-22T13:59:00Z", null], // 21:59 +08
    [night, 480, "2026-11-22T14:00:00Z", "2026-11-23T00:00:00Z"], // 22:00 +08 → 08:00 next day
    [night, 480, "2026-11-22T17:30:00Z", "2026-11-23T00:00:00Z"], // 01:30 +08, after midnight
    [night, 480, "2026-11-23T00:00:00Z", null], // 08:00 +08 exactly: over
    [night, 0, "2026-11-22T23:00:00Z", "2026-11-23T08:00:00Z"], // a UTC corp
    [night, -300, "2026-11-23T04:00:00Z", "2026-11-23T13:00:00Z"], // 23:00 in UTC−5
    [lunch, 480, "2026-11-22T04:15:00Z", "2026-11-22T05:30:00Z"], // 12:15 +08
    [{ startMinute: 600, endMinute: 600 }, 480, "2026-11-22T02:00:00Z", null], // empty range
  ])("%j at offset %i, %s → %s", (range, offset, now, end) => {
    expect(quietHoursEnd(at(now), range, offset)).toEqual(end === null ? null : at(end));
  });
});

describe("active windows", () => {
  const evening = { startMinute: parseHhMm("19:00"), endMinute: parseHhMm("22:00") };
  it.each([
    ["2026-11-22T11:00:00Z", null], // 19:00 +08: open
    ["2026-11-22T13:59:00Z", null], // 21:59 +08
    ["2026-11-22T14:00:00Z", "2026-11-23T11:00:00Z"], // 22:00: closed until tomorrow 19:00
    ["2026-11-22T02:00:00Z", "2026-11-22T11:00:00Z"], // 10:00: until tonight 19:00
  ])("at %s → %s", (now, opens) => {
    expect(windowOpens(at(now), evening, 480)).toEqual(opens === null ? null : at(opens));
  });

  it("finds the next local minute, today or tomorrow, at month and year ends", () => {
    expect(nextAtMinute(at("2026-12-31T15:59:00Z"), 0, 480)).toEqual(at("2026-12-31T16:00:00Z"));
    expect(nextAtMinute(at("2026-01-31T12:00:00Z"), 19 * 60, 480)).toEqual(at("2026-02-01T11:00:00Z"));
  });

  it("refuses a time that is not HH:MM", () => {
    expect(() => parseHhMm("24:00")).toThrow(/HH:MM/);
    expect(() => parseHhMm("7:30")).toThrow(/HH:MM/);
  });
});
