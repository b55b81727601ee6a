// Message lines ("T+" journeys): steps at day N after joining (T+N) at a time of day, or N hours after; each
// customer follows the version they were enrolled on.
export type StepTiming = { kind: "day"; day: number; at: string } | { kind: "hours"; hours: number };

export interface JourneyStep {
  timing: StepTiming;
  content: { text?: string; attachments?: Record<string, unknown>[] };
}

export interface JourneyInput {
  name: string;
  steps: JourneyStep[];
  exitOnOrder: boolean;
}

export interface Journey {
  id: string;
  name: string;
  status: "active" | "paused";
  version: number;
  exitOnOrder: boolean;
  steps: JourneyStep[];
  enrollments: { active: number; done: number; exited: number; atStep: number[] };
  createdAt: string;
}

export interface EnrollResult {
  enrolled: number;
  already: number;
  unknown: string[];
}
