// How a SOP calendar entry reads in the console ("每周一 09:00", "加好友后第 3 天 10:00"), and the entry a form
// row becomes.
import type { SopSchedule } from "../../../api/index.ts";

type T = (key: string, o?: Record<string, unknown>) => string;

export function describeSchedule(s: SopSchedule, t: T): string {
  switch (s.kind) {
    case "date":
      return t("sops.describe.date", { date: s.date, at: s.at });
    case "daily":
      return t("sops.describe.daily", { at: s.at });
    case "weekly":
      return t("sops.describe.weekly", {
        days: [...s.weekdays]
          .sort((a, b) => a - b)
          .map((d) => t(`sops.weekdays.${d}`))
          .join(t("sops.describe.separator")),
        at: s.at,
      });
    case "monthly":
      return t("sops.describe.monthly", { day: s.day, at: s.at });
    case "after_join":
      return t("sops.describe.afterJoin", { day: s.day, at: s.at });
  }
}

/** A form row (all fields optional while typing) as the API's schedule; fields of other kinds dropped. */
export function toSchedule(row: {
  kind?: SopSchedule["kind"];
  date?: string;
  at?: string;
  weekdays?: number[];
  day?: number | null;
}): SopSchedule {
  const at = row.at ?? "";
  switch (row.kind) {
    case "date":
      return { kind: "date", date: row.date ?? "", at };
    case "weekly":
      return { kind: "weekly", weekdays: row.weekdays ?? [], at };
    case "monthly":
      return { kind: "monthly", day: row.day ?? 1, at };
    case "after_join":
      return { kind: "after_join", day: row.day ?? 0, at };
    default:
      return { kind: "daily", at };
  }
}
