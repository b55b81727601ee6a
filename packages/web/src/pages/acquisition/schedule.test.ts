// The console's schedule rules agree with the API's: overlapping ranges on one weekday are caught.
import { describe, expect, it } from "vitest";
import { overlaps, TIME_OPTIONS } from "./schedule.ts";

describe("schedule", () => {
  it("finds overlapping ranges on the same weekday only", () => {
    expect(
      overlaps([
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 2, start: "10:00", end: "11:00" },
        { weekday: 1, start: "11:30", end: "13:00" },
        { weekday: 1, start: "12:00", end: "14:00" },
      ]),
    ).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(
      overlaps([
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 1, start: "12:00", end: "13:00" },
      ]),
    ).toEqual([]);
  });

  it("offers half hours through 24:00", () => {
    expect(TIME_OPTIONS[0]).toBe("00:00");
    expect(TIME_OPTIONS.at(-1)).toBe("24:00");
    expect(TIME_OPTIONS).toContain("09:30");
  });
});
