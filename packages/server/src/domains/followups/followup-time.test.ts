// Cases for the follow-up time maths: when rounds fall due (corp time, day 0 already past → at once) and when
// the SLA clock starts with corp-wide working hours (inside → at once; evening, night past midnight → next opening).
import { describe, expect, it } from "vitest";
import { roundDueAt } from "./plan-time.ts";
import { clockStart } from "./sla.intake.ts";

const china = (iso: string) => new Date(`${iso}+08:00`);
const round = (day: number, at: string) => ({ name: "r", day, at, script: "s" });

describe("roundDueAt", () => {
  it.each([
    ["2026-11-22T08:00:00", 0, "10:00", "2026-11-22T10:00:00"],
    ["2026-11-22T12:00:00", 0, "10:00", "2026-11-22T12:00:00"],
    ["2026-11-22T12:00:00", 2, "10:00", "2026-11-24T10:00:00"],
    ["2026-11-22T23:30:00", 1, "09:00", "2026-11-23T09:00:00"],
    ["2026-11-30T15:00:00", 14, "10:00", "2026-12-14T10:00:00"],
    ["2026-02-27T15:00:00", 2, "10:00", "2026-03-01T10:00:00"],
  ])("started %s, day %i at %s → %s", (start, day, at, due) => {
    expect(roundDueAt(china(start), round(day, at), 480).toISOString()).toBe(china(due).toISOString());
  });
});

describe("clockStart", () => {
  const hours = { start: "09:00", end: "21:00" };
  it.each([
    ["2026-11-22T10:00:00", "2026-11-22T10:00:00"],
    ["2026-11-22T09:00:00", "2026-11-22T09:00:00"],
    ["2026-11-22T21:30:00", "2026-11-23T09:00:00"],
    ["2026-11-23T02:00:00", "2026-11-23T09:00:00"],
  ])("a message at %s starts the clock at %s", (sent, starts) => {
    expect(clockStart(china(sent), hours, 480).toISOString()).toBe(china(starts).toISOString());
  });
  it("runs at once without working hours", () => {
    expect(clockStart(china("2026-11-23T02:00:00"), null, 480).toISOString()).toBe(
      china("2026-11-23T02:00:00").toISOString(),
    );
  });
});
