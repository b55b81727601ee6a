// Between the line editor's form values and the API's steps, and how a step's timing reads ("T+3 10:00").
import type { JourneyStep } from "../../../api/index.ts";

export interface StepValues {
  timing: { kind: "day" | "hours"; day?: number; at?: string; hours?: number };
  content: { text?: string };
}

export const NEW_STEP: StepValues = { timing: { kind: "day", day: 0, at: "20:00" }, content: { text: "" } };

export function toSteps(values: StepValues[] | undefined): JourneyStep[] {
  return (values ?? []).map((v) => ({
    timing:
      v.timing.kind === "hours"
        ? { kind: "hours", hours: v.timing.hours ?? 0 }
        : { kind: "day", day: v.timing.day ?? 0, at: v.timing.at ?? "" },
    content: { text: v.content.text ?? "" },
  }));
}

export function toValues(steps: JourneyStep[]): StepValues[] {
  return steps.map((s) => ({
    timing: s.timing.kind === "hours" ? { kind: "hours", hours: s.timing.hours } : { ...s.timing },
    content: { text: s.content.text ?? "" },
  }));
}

/** "T+3 10:00" or "+36 h" (the same in both languages). */
export function timingLabel(step: JourneyStep): string {
  return step.timing.kind === "day" ? `T+${step.timing.day} ${step.timing.at}` : `+${step.timing.hours} h`;
}
