// Pure spreading of one member's add tasks over the working hours of a day: never more than `perHour` due in one
// clock hour (a new account's threshold − 1), counting the tasks already due in each hour; hours already over
// are skipped.

export interface SlotInput {
  /** Local day start (midnight) as epoch ms. */
  dayStartMs: number;
  /** Now, epoch ms: no task is due before it. */
  nowMs: number;
  workStartHour: number;
  workEndHour: number;
  /** Max tasks due in one clock hour; Infinity for an account without the threshold. */
  perHour: number;
  /** Tasks already due in each local hour today (0–23). */
  already: ReadonlyMap<number, number>;
  /** Tasks wanted. */
  count: number;
}

/** Due times for up to `count` tasks, spread round-robin over the hours left today. */
export function spreadDueTimes(s: SlotInput): Date[] {
  const hours: number[] = [];
  for (let h = s.workStartHour; h < s.workEndHour; h++) {
    const end = s.dayStartMs + (h + 1) * 3_600_000;
    if (end > s.nowMs) hours.push(h);
  }
  if (hours.length === 0 || s.count <= 0) return [];
  const room = new Map(hours.map((h) => [h, Math.max(0, s.perHour - (s.already.get(h) ?? 0))]));
  const placed = new Map<number, number>();
  let left = s.count;
  // Round-robin so a day's tasks spread evenly instead of piling into the first hours.
  while (left > 0) {
    let progress = false;
    for (const h of hours) {
      if (left === 0) break;
      if ((room.get(h) ?? 0) <= 0) continue;
      room.set(h, (room.get(h) ?? 0) - 1);
      placed.set(h, (placed.get(h) ?? 0) + 1);
      left--;
      progress = true;
    }
    if (!progress) break;
  }
  const out: Date[] = [];
  for (const h of hours) {
    const n = placed.get(h) ?? 0;
    const from = Math.max(s.dayStartMs + h * 3_600_000, s.nowMs);
    const span = s.dayStartMs + (h + 1) * 3_600_000 - from;
    for (let i = 0; i < n; i++) out.push(new Date(from + Math.floor((i * span) / n)));
  }
  return out;
}
