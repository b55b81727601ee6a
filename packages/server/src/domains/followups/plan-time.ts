// When a plan's rounds fall due: round "day N at HH:MM" counts from the local day its branch started (the plan's
// start, or the "no" that switched to the fallback branch), in the corp's UTC offset; a time already passed on
// day 0 means at once. Pure.
import { stepDueAt } from "../journeys/journey-time.ts";
import { parseHhMm } from "../send-gate/periods.ts";
import type { RoundInput } from "./followups.schemas.ts";

export function roundDueAt(branchStartedAt: Date, round: RoundInput, offsetMinutes: number): Date {
  return stepDueAt(
    branchStartedAt,
    { kind: "day", day: round.day, minute: parseHhMm(round.at) },
    offsetMinutes,
  );
}

/** The next round's due time, or null when the branch has no round left. */
export function nextDue(
  branchStartedAt: Date,
  rounds: RoundInput[],
  index: number,
  offsetMinutes: number,
): Date | null {
  const r = rounds[index];
  return r ? roundDueAt(branchStartedAt, r, offsetMinutes) : null;
}
