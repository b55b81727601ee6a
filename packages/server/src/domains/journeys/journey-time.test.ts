import { describe, expect, it } from "vitest";
import { parseHhMm } from "../send-gate/periods.ts";
import { type Cycle, deliveryTime, nextCycleAt, type StepTiming, stepDueAt } from "./journey-time.ts";

const at = (iso: string) => new Date(iso);
const day = (n: number, hhmm: string): StepTiming => ({ kind: "day", day: n, minute: parseHhMm(hhmm) });

describe("when a T+ step falls due", () => {
  it.each([
    // enrolled at, step, offset, due
    ["2026-11-22T02:00:00Z", day(0, "20:00"), 480, "2026-11-22T12:00:00Z"], // joined 10:00 +08, T+0 20:00
    ["2026-11-22T07:00:00Z", day(0, "10:00"), 480, "2026-11-22T07:00:00Z"], // T+0 10:00 already past: at once
    ["2026-11-22T02:00:00Z", day(3, "10:00"), 480, "2026-11-25T02:00:00Z"],
    // Joined 00:30 on 1 Dec in China (still 30 Nov in UTC): T+3 is 4 Dec.
    ["2026-11-30T16:30:00Z", day(3, "09:00"), 480, "2026-12-04T01:00:00Z"],
    // Across a month end and a year end.
    ["2026-01-29T04:00:00Z", day(7, "19:30"), 480, "2026-02-05T11:30:00Z"],
    ["2026-12-28T04:00:00Z", day(7, "19:30"), 480, "2027-01-04T11:30:00Z"],
    // A leap day is one of the days counted.
    ["2028-02-27T04:00:00Z", day(3, "12:00"), 480, "2028-03-01T04:00:00Z"],
    // Other DST-free offsets: UTC−3 and Kathmandu's +05:45.
    ["2026-11-22T23:00:00Z", day(1, "09:00"), -180, "2026-11-23T12:00:00Z"], // 20:00 local on the 22nd
    ["2026-11-22T18:00:00Z", day(1, "09:00"), 345, "2026-11-23T03:15:00Z"], // 23:45 local on the 22nd → 09:00 on the 23rd
    ["2026-11-22T02:00:00Z", { kind: "hours", hours: 36 } as StepTiming, 480, "2026-11-23T14:00:00Z"],
  ] as const)("enrolled %s, %j, offset %i → %s", (enrolled, step, offset, due) => {
    expect(stepDueAt(at(enrolled), step, offset)).toEqual(at(due));
  });
});

describe("when a cyclic plan next fires", () => {
  const monthly = (d: number, hhmm: string): Cycle => ({ kind: "monthly", day: d, minute: parseHhMm(hhmm) });
  const mondays: Cycle = { kind: "weekly", weekdays: [1], minute: parseHhMm("09:00") };
  it.each([
    // after, cycle, offset, next
    [
      "2026-11-22T00:00:00Z",
      { kind: "daily", minute: parseHhMm("09:00") } as Cycle,
      480,
      "2026-11-22T01:00:00Z",
    ],
    [
      "2026-11-22T01:00:00Z",
      { kind: "daily", minute: parseHhMm("09:00") } as Cycle,
      480,
      "2026-11-23T01:00:00Z",
    ],
    // Sunday 22 Nov 2026 → Monday 23 Nov 09:00 +08.
    ["2026-11-22T05:00:00Z", mondays, 480, "2026-11-23T01:00:00Z"],
    // Monday 09:00 exactly has fired: the next Monday.
    ["2026-11-23T01:00:00Z", mondays, 480, "2026-11-30T01:00:00Z"],
    // Monday 00:30 in China is Sunday in UTC: still that Monday.
    ["2026-11-22T16:30:00Z", mondays, 480, "2026-11-23T01:00:00Z"],
    [
      "2026-11-23T02:00:00Z",
      { kind: "weekly", weekdays: [3, 5], minute: parseHhMm("20:00") } as Cycle,
      480,
      "2026-11-25T12:00:00Z",
    ],
    // The 31st in a 30-day month, in February, and in a leap February.
    ["2026-11-01T00:00:00Z", monthly(31, "10:00"), 480, "2026-11-30T02:00:00Z"],
    ["2026-02-01T00:00:00Z", monthly(31, "10:00"), 480, "2026-02-28T02:00:00Z"],
    ["2028-02-01T00:00:00Z", monthly(30, "10:00"), 480, "2028-02-29T02:00:00Z"],
    // Past this month's firing: next month's, across the year end.
    ["2026-12-31T03:00:00Z", monthly(31, "10:00"), 480, "2027-01-31T02:00:00Z"],
    ["2026-01-31T02:00:00Z", monthly(31, "10:00"), 480, "2026-02-28T02:00:00Z"],
  ] as const)("after %s, %j, offset %i → %s", (after, cycle, offset, next) => {
    expect(nextCycleAt(at(after), cycle, offset)).toEqual(at(next));
  });

  it("refuses a weekly cycle without weekdays", () => {
    expect(() =>
      nextCycleAt(at("2026-11-22T00:00:00Z"), { kind: "weekly", weekdays: [], minute: 0 }, 480),
    ).toThrow(/weekday/);
  });
});

describe("where a due message goes: quiet hours and active windows", () => {
  const night = { startMinute: parseHhMm("22:00"), endMinute: parseHhMm("08:00") };
  const evening = { startMinute: parseHhMm("19:00"), endMinute: parseHhMm("22:00") };
  const earlyMorning = { startMinute: parseHhMm("06:00"), endMinute: parseHhMm("07:00") };
  const lateNight = { startMinute: parseHhMm("23:00"), endMinute: parseHhMm("09:00") };
  it.each([
    // due, quiet, window, delivery (all +08)
    ["2026-11-22T02:00:00Z", night, null, "2026-11-22T02:00:00Z"], // 10:00: free
    ["2026-11-22T15:30:00Z", night, null, "2026-11-23T00:00:00Z"], // 23:30 → 08:00 next day
    ["2026-11-22T23:59:00Z", night, null, "2026-11-23T00:00:00Z"], // 07:59 after midnight → 08:00
    ["2026-11-22T02:00:00Z", night, evening, "2026-11-22T11:00:00Z"], // 10:00 → window at 19:00
    ["2026-11-22T12:00:00Z", night, evening, "2026-11-22T12:00:00Z"], // 20:00: inside the window
    ["2026-11-22T15:00:00Z", night, evening, "2026-11-23T11:00:00Z"], // 23:00 → 08:00 → 19:00
    // A window that opens inside quiet hours is used once they end (09:00 → 23:00, quiet until 08:00).
    ["2026-11-22T02:00:00Z", night, lateNight, "2026-11-23T00:00:00Z"],
    // A window wholly inside quiet hours loses: the message goes when quiet hours end.
    ["2026-11-22T02:00:00Z", night, earlyMorning, "2026-11-23T00:00:00Z"],
    ["2026-11-22T02:00:00Z", null, evening, "2026-11-22T11:00:00Z"],
  ] as const)("due %s, quiet %j, window %j → %s", (due, quiet, window, delivery) => {
    expect(deliveryTime(at(due), 480, quiet, window)).toEqual(at(delivery));
  });
});
