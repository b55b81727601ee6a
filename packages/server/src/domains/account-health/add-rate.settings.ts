// A corp's add-rate guard: thresholds for Siyu's own add actions and the range of daily caps, stored as one JSON
// document per corp. Defaults from seed 000: an account ≤ 30 days old stays below 40 active adds per hour and
// below 60 passive adds per minute; a daily cap between 40 and 100 per account, by health.
import { z } from "zod";
import type { Db } from "../../db/database.ts";

export const addRateSettingsObject = z
  .object({
    /** An account this many days old or younger is "new". */
    newAccountDays: z.number().int().min(1).max(365),
    /** A new account stays strictly below this many active adds (it reaches out) in any hour. */
    newActivePerHour: z.number().int().min(1).max(1000),
    /** A new account stays strictly below this many passive adds (customers add it) in any minute. */
    newPassivePerMinute: z.number().int().min(1).max(1000),
    /** The daily cap of the least healthy account that is not restricted. */
    minDailyCap: z.number().int().min(1).max(1000),
    /** The daily cap of the healthiest account. */
    maxDailyCap: z.number().int().min(1).max(1000),
    /** A bulk-add task not accepted this many days after it was assigned expires and goes to someone else. */
    taskExpiryDays: z.number().int().min(1).max(60),
    /** A lead is given up after this many members tried it without success. */
    maxAttempts: z.number().int().min(1).max(20),
    /** The corp-local hours bulk-add tasks are spread over, [start, end). */
    workStartHour: z.number().int().min(0).max(23),
    workEndHour: z.number().int().min(1).max(24),
  })
  .strict();

export const addRateSettingsSchema = addRateSettingsObject
  .refine((s) => s.minDailyCap <= s.maxDailyCap, {
    path: ["maxDailyCap"],
    message: "the highest daily cap must be at least the lowest (minDailyCap)",
  })
  .refine((s) => s.workStartHour < s.workEndHour, {
    path: ["workEndHour"],
    message: "the working hours must end after they start (workStartHour < workEndHour)",
  });

export type AddRateSettings = z.infer<typeof addRateSettingsSchema>;

export const defaultAddRateSettings: AddRateSettings = {
  newAccountDays: 30,
  newActivePerHour: 40,
  newPassivePerMinute: 60,
  minDailyCap: 40,
  maxDailyCap: 100,
  taskExpiryDays: 3,
  maxAttempts: 3,
  workStartHour: 9,
  workEndHour: 21,
};

export async function loadAddRateSettings(db: Db, corpId: string): Promise<AddRateSettings> {
  const row = await db
    .selectFrom("add_rate_settings")
    .select("settings")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!row) return defaultAddRateSettings;
  const parsed = addRateSettingsSchema.safeParse({ ...defaultAddRateSettings, ...row.settings });
  return parsed.success ? parsed.data : defaultAddRateSettings;
}

export async function saveAddRateSettings(
  db: Db,
  corpId: string,
  settings: AddRateSettings,
  now: Date,
): Promise<void> {
  await db
    .insertInto("add_rate_settings")
    .values({ corp_id: corpId, settings: JSON.stringify(settings), updated_at: now })
    .onConflict((oc) =>
      oc.column("corp_id").doUpdateSet({ settings: JSON.stringify(settings), updated_at: now }),
    )
    .execute();
}
