// How often the moments worker looks at a published moment again: every 10 minutes on its first day, hourly for
// its first week, every 6 hours after that, and not at all after 30 days.
import { expect, it } from "vitest";
import { nextPollAt } from "../src/domains/moments/moments.worker.ts";

const published = new Date("2026-11-01T02:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const after = (ms: number) => new Date(published.getTime() + ms);

it.each([
  ["just published", 0, 10 * MIN],
  ["23 hours old", 23 * HOUR, 10 * MIN],
  ["a day old", DAY, HOUR],
  ["six days old", 6 * DAY, HOUR],
  ["a week old", 7 * DAY, 6 * HOUR],
  ["29 days old", 29 * DAY, 6 * HOUR],
])("a moment %s is looked at again after the right interval", (_name, age, interval) => {
  expect(nextPollAt(published, after(age))?.getTime()).toBe(published.getTime() + age + interval);
});

it("stops following a moment after 30 days", () => {
  expect(nextPollAt(published, after(30 * DAY - 5 * HOUR))).toBeNull();
  expect(nextPollAt(published, after(31 * DAY))).toBeNull();
  expect(nextPollAt(published, after(30 * DAY - 7 * HOUR))).not.toBeNull();
});
