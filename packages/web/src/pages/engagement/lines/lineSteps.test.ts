import { describe, expect, it } from "vitest";
import { timingLabel, toSteps, toValues } from "./lineSteps.ts";

describe("line steps in the editor", () => {
  it("turns form rows into API steps and back", () => {
    const steps = toSteps([
      { timing: { kind: "day", day: 3, at: "10:00" }, content: { text: "品牌故事" } },
      { timing: { kind: "hours", hours: 36, day: 9, at: "09:00" }, content: { text: "提醒" } },
    ]);
    expect(steps).toEqual([
      { timing: { kind: "day", day: 3, at: "10:00" }, content: { text: "品牌故事" } },
      { timing: { kind: "hours", hours: 36 }, content: { text: "提醒" } },
    ]);
    expect(toSteps(toValues(steps))).toEqual(steps);
  });

  it("sends an empty time as it is, for the server to refuse on its field", () => {
    expect(toSteps([{ timing: { kind: "day" }, content: {} }])).toEqual([
      { timing: { kind: "day", day: 0, at: "" }, content: { text: "" } },
    ]);
  });

  it("reads T+N at a time, or hours after joining", () => {
    expect(timingLabel({ timing: { kind: "day", day: 7, at: "19:30" }, content: {} })).toBe("T+7 19:30");
    expect(timingLabel({ timing: { kind: "hours", hours: 2 }, content: {} })).toBe("+2 h");
  });
});
