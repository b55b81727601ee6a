// A corp's send-gate settings: stored as one JSON document per corp, validated by this schema, with defaults
// from the seeds (1 marketing message per customer per day, quiet nights, a weekly touch cap).
import { z } from "zod";
import type { Db } from "../../db/database.ts";

/** A time of day, "HH:MM" (00:00–23:59): the one schema every domain validates such times with. */
export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):([0-5]\d)$/, "a time of day as HH:MM, e.g. 21:30");
const hhmm = timeOfDay;

export const gateSettingsSchema = z
  .object({
    /** The corp's UTC offset in minutes (China: 480), for quiet hours and active windows. */
    tzOffsetMinutes: z.number().int().min(-720).max(840),
    quota: z.object({
      /** Per-recipient receive quota for marketing messages; WeCom counts it in China time. */
      policy: z.enum(["day1", "week7", "days_in_month"]),
      onHit: z.enum(["defer", "drop"]),
    }),
    /** At most `max` marketing touches per customer in any `days` days, across all automations. */
    touchCap: z
      .object({
        max: z.number().int().min(1).max(100),
        days: z.number().int().min(1).max(90),
        onHit: z.enum(["defer", "drop"]),
      })
      .nullable(),
    /** No marketing message goes out between start and end (corp time); may span midnight. */
    quietHours: z.object({ start: hhmm, end: hhmm }).nullable(),
    /** Respect each customer's known active window (e.g. office workers 19:00–22:00). */
    activeWindows: z.boolean(),
    batch: z.object({
      maxCustomers: z.number().int().min(1).max(10_000),
      maxGroups: z.number().int().min(1).max(2_000),
      /** The personal-send habit: split a member's recipients into chunks of this size (null: don't). */
      personalChunk: z.number().int().min(1).max(10_000).nullable(),
    }),
    /** Attachments above this count get a warning in the pre-flight (WeCom's hard limit is 9). */
    attachmentsWarnAbove: z.number().int().min(0).max(9),
    /** A customer who sends exactly one of these (case and width folded) is opted out of marketing. */
    optOutKeywords: z.array(z.string().trim().min(1).max(20)).max(50),
  })
  .strict();

export type GateSettings = z.infer<typeof gateSettingsSchema>;

export const defaultGateSettings: GateSettings = {
  tzOffsetMinutes: 480,
  quota: { policy: "day1", onHit: "defer" },
  touchCap: { max: 3, days: 7, onHit: "defer" },
  quietHours: { start: "22:00", end: "08:00" },
  activeWindows: true,
  batch: { maxCustomers: 10_000, maxGroups: 2_000, personalChunk: null },
  attachmentsWarnAbove: 4,
  optOutKeywords: ["退订", "TD", "stop", "unsubscribe"],
};

/** Settings for several corps at once (defaults for corps that saved none). */
export async function loadGateSettings(db: Db, corpIds: string[]): Promise<Map<string, GateSettings>> {
  const out = new Map<string, GateSettings>();
  if (corpIds.length === 0) return out;
  const rows = await db
    .selectFrom("send_gate_settings")
    .select(["corp_id", "settings"])
    .where("corp_id", "in", corpIds)
    .execute();
  for (const id of corpIds) out.set(id, defaultGateSettings);
  for (const r of rows) {
    const parsed = gateSettingsSchema.safeParse({ ...defaultGateSettings, ...r.settings });
    if (parsed.success) out.set(r.corp_id, parsed.data);
  }
  return out;
}

/** The corp's UTC offset in minutes (its send-gate setting; China's 480 by default). */
export async function corpUtcOffset(db: Db, corpId: string): Promise<number> {
  return ((await loadGateSettings(db, [corpId])).get(corpId) as GateSettings).tzOffsetMinutes;
}

export async function saveGateSettings(
  db: Db,
  corpId: string,
  settings: GateSettings,
  now: Date,
): Promise<void> {
  await db
    .insertInto("send_gate_settings")
    .values({ corp_id: corpId, settings: JSON.stringify(settings), updated_at: now })
    .onConflict((oc) =>
      oc.column("corp_id").doUpdateSet({ settings: JSON.stringify(settings), updated_at: now }),
    )
    .execute();
}
