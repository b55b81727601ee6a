import { describe, expect, it } from "vitest";
import { describeSchedule, toSchedule } from "./schedule.ts";

const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ""}`;

describe("SOP schedules in the console", () => {
  it("keeps only the fields of the chosen kind", () => {
    expect(toSchedule({ kind: "weekly", weekdays: [1, 3], at: "09:00", day: 5, date: "2026-11-11" })).toEqual(
      {
        kind: "weekly",
        weekdays: [1, 3],
        at: "09:00",
      },
    );
    expect(toSchedule({ kind: "after_join", day: 3, at: "10:00" })).toEqual({
      kind: "after_join",
      day: 3,
      at: "10:00",
    });
    expect(toSchedule({ kind: "date", date: "2026-11-11", at: "10:00", weekdays: [1] })).toEqual({
      kind: "date",
      date: "2026-11-11",
      at: "10:00",
    });
  });

  it("lists weekdays in order", () => {
    expect(describeSchedule({ kind: "weekly", weekdays: [5, 1], at: "09:00" }, t)).toBe(
      'sops.describe.weekly{"days":"sops.weekdays.1sops.describe.separatorsops.weekdays.5","at":"09:00"}',
    );
  });
});
