import { describe, expect, it } from "vitest";
import { stepDueAt } from "../journeys/journey-time.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import { dateAt, firingAfter, joinWindow, nextFiring } from "./sop-time.ts";
import type { SopSchedule } from "./sops.schemas.ts";

const at = (iso: string) => new Date(iso);

describe("when a SOP entry next fires", () => {
  it.each([
    // after, schedule, offset, next
    ["2026-11-01T00:00:00Z", { kind: "date", date: "2026-11-11", at: "10:00" }, 480, "2026-11-11T02:00:00Z"],
    ["2026-11-11T02:00:00Z", { kind: "date", date: "2026-11-11", at: "10:00" }, 480, null], // already fired
    // Sunday 22 Nov 12:00 in China → Monday 09:00.
    ["2026-11-22T04:00:00Z", { kind: "weekly", weekdays: [1], at: "09:00" }, 480, "2026-11-23T01:00:00Z"],
    // Monday 09:00 exactly → the next Monday.
    ["2026-11-23T01:00:00Z", { kind: "weekly", weekdays: [1], at: "09:00" }, 480, "2026-11-30T01:00:00Z"],
    // Monthly on the 31st: November's last day, then 31 December, then February's 28th.
    ["2026-11-15T00:00:00Z", { kind: "monthly", day: 31, at: "20:00" }, 480, "2026-11-30T12:00:00Z"],
    ["2026-11-30T12:00:00Z", { kind: "monthly", day: 31, at: "20:00" }, 480, "2026-12-31T12:00:00Z"],
    ["2027-02-01T00:00:00Z", { kind: "monthly", day: 31, at: "20:00" }, 480, "2027-02-28T12:00:00Z"],
    ["2026-11-22T04:00:00Z", { kind: "daily", at: "08:00" }, 480, "2026-11-23T00:00:00Z"],
    ["2026-11-22T04:00:00Z", { kind: "after_join", day: 3, at: "10:00" }, 480, "2026-11-23T02:00:00Z"],
    // UTC−3: 10:00 local is 13:00 UTC.
    ["2026-11-22T04:00:00Z", { kind: "date", date: "2026-11-22", at: "10:00" }, -180, "2026-11-22T13:00:00Z"],
  ] as const)("after %s, %j, offset %i → %s", (after, s, offset, next) => {
    expect(nextFiring(s as SopSchedule, at(after), offset)).toEqual(next ? at(next) : null);
  });

  it("skips cycle firings missed while nothing ran, but catches up joiner entries day by day", () => {
    const weekly: SopSchedule = { kind: "weekly", weekdays: [1], at: "09:00" };
    // Fired three weeks late (Monday 14 Dec 12:00): the next is 21 Dec, not 30 Nov.
    expect(firingAfter(weekly, at("2026-11-23T01:00:00Z"), at("2026-12-14T04:00:00Z"), 480)).toEqual(
      at("2026-12-21T01:00:00Z"),
    );
    const joiners: SopSchedule = { kind: "after_join", day: 1, at: "10:00" };
    expect(firingAfter(joiners, at("2026-11-23T02:00:00Z"), at("2026-12-14T04:00:00Z"), 480)).toEqual(
      at("2026-11-24T02:00:00Z"),
    );
    expect(
      firingAfter(
        { kind: "date", date: "2026-11-11", at: "10:00" },
        at("2026-11-11T02:00:00Z"),
        at("2026-11-11T02:00:00Z"),
        480,
      ),
    ).toBeNull();
  });
});

describe("which joiners a day-N firing covers", () => {
  // A firing covers exactly the customers whose journeys-style day-N moment fell since the previous firing.
  it.each([0, 1, 3, 30])("day %i: the window matches stepDueAt", (day) => {
    const minute = parseHhMm("10:00");
    const due = dateAt("2026-11-25", "10:00", 480);
    const prev = new Date(due.getTime() - 86_400_000);
    const { from, to } = joinWindow(day, due, 480);
    for (let t = due.getTime() - (day + 2) * 86_400_000; t <= due.getTime() + 86_400_000; t += 15 * 60_000) {
      const joined = new Date(t);
      const moment = stepDueAt(joined, { kind: "day", day, minute }, 480);
      const covered = joined >= from && joined < to;
      expect(covered, joined.toISOString()).toBe(moment > prev && moment <= due && joined <= due);
    }
  });
});
