// A corp's SLA settings: one JSON document per corp, defaults (first reply ≤ 5 min, full answer ≤ 1 h, from the
// seeds) for corps that saved none.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { defaultSlaSettings, type SlaSettings, slaSettings } from "./followups.schemas.ts";

export async function loadSlaSettings(db: Db, corpId: string): Promise<SlaSettings> {
  const row = await db
    .selectFrom("followup_sla_settings")
    .select("settings")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  const parsed = row ? slaSettings.safeParse(row.settings) : null;
  return parsed?.success ? parsed.data : defaultSlaSettings;
}

export async function saveSlaSettings(
  db: Db,
  corpId: string,
  s: SlaSettings,
  now: Date,
): Promise<SlaSettings> {
  await db
    .insertInto("followup_sla_settings")
    .values({ corp_id: corpId, settings: JSON.stringify(s), updated_at: now })
    .onConflict((oc) =>
      oc.column("corp_id").doUpdateSet({ settings: sql`excluded.settings`, updated_at: now }),
    )
    .execute();
  return s;
}
