// Day ranges for per-day charts: every day of the range once, with zeros where nothing happened.
import { describe, expect, it } from "vitest";
import { daysBefore, fillDays } from "./days.ts";

describe("days", () => {
  it("counts back across month and year ends", () => {
    expect(daysBefore("2027-01-02", 6)).toBe("2026-12-27");
    expect(daysBefore("2026-03-01", 1)).toBe("2026-02-28");
  });

  it("fills a range with zeros around the days that have numbers", () => {
    const filled = fillDays("2026-11-20", "2026-11-23", [{ day: "2026-11-22", joins: 3 }], { joins: 0 });
    expect(filled).toEqual([
      { day: "2026-11-20", joins: 0 },
      { day: "2026-11-21", joins: 0 },
      { day: "2026-11-22", joins: 3 },
      { day: "2026-11-23", joins: 0 },
    ]);
    expect(fillDays<{ day: string; joins: number }>("2026-11-23", "2026-11-20", [], { joins: 0 })).toEqual(
      [],
    );
  });
});
