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

/** Where enrolments come from besides the API: a saved segment, its members once or continuously. */
export interface JourneySegmentSource {
  segmentId: string;
  mode: "once" | "continuous";
}

/** A line's exit/branch rules, cap and sources, replaced together (PUT …/settings). */
export interface JourneySettings {
  exitOnOrder: boolean;
  rules: Record<string, unknown>[];
  cap: { messages: number; days: number } | null;
  liveCodeIds: string[];
  segment: JourneySegmentSource | null;
}

export interface Journey extends JourneySettings {
  id: string;
  name: string;
  status: "active" | "paused";
  version: number;
  steps: JourneyStep[];
  enrollments: {
    active: number;
    done: number;
    exited: number;
    /** Customers waiting for each step. */
    atStep: number[];
    /** Messages planned (through the send gate) for each step. */
    plannedAtStep: number[];
    /** Steps skipped for a customer, per step. */
    skippedAtStep: number[];
  };
  createdAt: string;
}

export interface EnrollResult {
  enrolled: number;
  already: number;
  unknown: string[];
}
