// Routing of live codes as pure functions: schedules, caps, backups, the three strategies and the next
// boundary, with the clock passed in.
import { describe, expect, it } from "vitest";
import {
  isOnline,
  localTime,
  nextBoundary,
  overlappingRanges,
  type RoutingInput,
  route,
  type StaffEntry,
} from "../src/domains/live-codes/routing.ts";

// Monday 2026-11-23 10:30 in Shanghai (UTC+8) = 02:30 UTC.
const MONDAY_1030 = Date.UTC(2026, 10, 23, 2, 30);
const TZ = 480;

const staff = (userid: string, extra: Partial<StaffEntry> = {}): StaffEntry => ({
  userid,
  role: "primary",
  position: 0,
  weight: 1,
  dailyCap: null,
  schedule: [],
  ...extra,
});

function input(over: Partial<RoutingInput>): RoutingInput {
  return {
    strategy: "rotation",
    codeDailyCap: 2,
    staff: [staff("a", { position: 0 }), staff("b", { position: 1 }), staff("c", { position: 2 })],
    addsToday: new Map(),
    lastAssigned: null,
    now: localTime(MONDAY_1030, TZ),
    ...over,
  };
}

/** Plays n adds: each goes to the first offered user (WeCom picks among the offered ones). */
function play(base: RoutingInput, n: number): string[] {
  const adds = new Map<string, number>();
  let last: string | null = null;
  const taken: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = route({ ...base, addsToday: adds, lastAssigned: last });
    const who = r.offered[0]!;
    taken.push(who);
    adds.set(who, (adds.get(who) ?? 0) + 1);
    last = who;
  }
  return taken;
}

describe("local time", () => {
  it("reads weekday, minute and day in the code's time zone", () => {
    expect(localTime(MONDAY_1030, TZ)).toEqual({ weekday: 1, minute: 630, day: "2026-11-23" });
    // 23:30 UTC on Sunday is already Monday 07:30 in Shanghai.
    expect(localTime(Date.UTC(2026, 10, 22, 23, 30), TZ)).toEqual({
      weekday: 1,
      minute: 450,
      day: "2026-11-23",
    });
  });
});

describe("schedules", () => {
  it("is online inside a range and off outside it or on another weekday", () => {
    const s = [{ weekday: 1, start: "09:00", end: "12:00" }];
    expect(isOnline(s, localTime(MONDAY_1030, TZ))).toBe(true);
    expect(isOnline(s, localTime(MONDAY_1030 + 2 * 3600_000, TZ))).toBe(false);
    expect(isOnline(s, localTime(MONDAY_1030 + 86_400_000, TZ))).toBe(false);
    expect(isOnline([], localTime(MONDAY_1030, TZ))).toBe(true);
  });

  it("finds overlapping ranges on the same weekday only; touching ranges do not overlap", () => {
    expect(
      overlappingRanges([
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 1, start: "12:00", end: "18:00" },
        { weekday: 2, start: "10:00", end: "11:00" },
        { weekday: 1, start: "11:00", end: "13:00" },
      ]),
    ).toEqual([
      [0, 3],
      [1, 3],
    ]);
  });

  it("knows the next boundary: a range edge later today, else local midnight", () => {
    const s = [staff("a", { schedule: [{ weekday: 1, start: "09:00", end: "12:00" }] })];
    expect(new Date(nextBoundary(s, MONDAY_1030, TZ)).toISOString()).toBe("2026-11-23T04:00:00.000Z");
    expect(new Date(nextBoundary([staff("a")], MONDAY_1030, TZ)).toISOString()).toBe(
      "2026-11-23T16:00:00.000Z",
    );
  });
});

describe("strategies", () => {
  it("rotation takes the pool in turn and stops at each cap; then the backup takes over", () => {
    const base = input({ staff: [...input({}).staff, staff("z", { role: "backup", position: 3 })] });
    expect(play(base, 7)).toEqual(["a", "b", "c", "a", "b", "c", "z"]);
    const full = route({
      ...base,
      addsToday: new Map([
        ["a", 2],
        ["b", 2],
        ["c", 2],
      ]),
    });
    expect(full).toMatchObject({ mode: "backup", offered: ["z"] });
  });

  it("least-load offers everyone with the fewest adds today", () => {
    const r = route(
      input({
        strategy: "least_load",
        addsToday: new Map([
          ["a", 1],
          ["b", 0],
          ["c", 0],
        ]),
      }),
    );
    expect(r.offered).toEqual(["b", "c"]);
    expect(play(input({ strategy: "least_load", codeDailyCap: null }), 9).sort()).toEqual([
      "a",
      "a",
      "a",
      "b",
      "b",
      "b",
      "c",
      "c",
      "c",
    ]);
  });

  it("weighted spreads adds in proportion to the weights", () => {
    const base = input({
      strategy: "weighted",
      codeDailyCap: null,
      staff: [staff("a", { weight: 3 }), staff("b", { position: 1, weight: 1 })],
    });
    const taken = play(base, 8);
    expect(taken.filter((u) => u === "a")).toHaveLength(6);
    expect(taken.filter((u) => u === "b")).toHaveLength(2);
  });

  it("a staff member's own cap overrides the code's", () => {
    const base = input({ staff: [staff("a", { dailyCap: 1 }), staff("b", { position: 1, dailyCap: 3 })] });
    expect(play(base, 4)).toEqual(["a", "b", "b", "b"]);
  });

  it("staff off schedule are skipped; when everyone is off or capped the backups (then the pool) take customers", () => {
    const off = [{ weekday: 2, start: "09:00", end: "18:00" }];
    const r = route(input({ staff: [staff("a", { schedule: off }), staff("b", { position: 1 })] }));
    expect(r).toMatchObject({ mode: "primary", eligible: ["b"], offered: ["b"] });

    const allOff = route(
      input({
        staff: [staff("a", { schedule: off }), staff("z", { role: "backup", position: 1, schedule: off })],
      }),
    );
    expect(allOff).toMatchObject({ mode: "overflow", eligible: [], offered: ["z"] });

    const noBackup = route(input({ staff: [staff("a", { schedule: off })] }));
    expect(noBackup).toMatchObject({ mode: "overflow", offered: ["a"] });
  });
});
