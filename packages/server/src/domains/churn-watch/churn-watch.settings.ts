// A corp's churn-watch thresholds: one JSON document per corp, validated by this schema, with defaults.
import { z } from "zod";
import type { Db } from "../../db/database.ts";

const threshold = {
  /** Deletions per 100 sends in the window above which it trips. */
  percent: z.number().min(0.01).max(100),
  /** …and at least this many deletions (a handful of sends must not trip it). */
  minDeletions: z.number().int().min(1).max(1_000_000),
};

export const churnWatchSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** The rolling window, in hours: sends and the deletions that followed them within it. */
    windowHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    /** Campaigns and automations (planners): above this they pause themselves. */
    planner: z.object(threshold).strict(),
    /** Sending members: above this they cool down (a restriction that defers their sends). */
    sender: z
      .object({
        ...threshold,
        cooldownHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
      })
      .strict(),
    /** What the gate does with a paused planner's messages: hold them until resumed, or drop them. */
    onPause: z.enum(["defer", "drop"]),
    /** WeCom members told by app message when something pauses or cools down. */
    notifyUserids: z.array(z.string().trim().min(1).max(64)).max(20),
  })
  .strict();

export type ChurnWatchSettings = z.infer<typeof churnWatchSettingsSchema>;

export const defaultChurnWatchSettings: ChurnWatchSettings = {
  enabled: true,
  windowHours: 24,
  planner: { percent: 2, minDeletions: 20 },
  sender: { percent: 2, minDeletions: 20, cooldownHours: 24 },
  onPause: "defer",
  notifyUserids: [],
};

export async function loadChurnWatchSettings(db: Db, corpId: string): Promise<ChurnWatchSettings> {
  const row = await db
    .selectFrom("churn_watch_settings")
    .select("settings")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!row) return defaultChurnWatchSettings;
  const parsed = churnWatchSettingsSchema.safeParse({ ...defaultChurnWatchSettings, ...row.settings });
  return parsed.success ? parsed.data : defaultChurnWatchSettings;
}

export async function saveChurnWatchSettings(
  db: Db,
  corpId: string,
  settings: ChurnWatchSettings,
  now: Date,
): Promise<void> {
  const doc = JSON.stringify(settings);
  await db
    .insertInto("churn_watch_settings")
    .values({ corp_id: corpId, settings: doc, updated_at: now })
    .onConflict((oc) => oc.column("corp_id").doUpdateSet({ settings: doc, updated_at: now }))
    .execute();
}
