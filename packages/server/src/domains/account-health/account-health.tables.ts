// Staff accounts' age and verification, and the per-corp add-rate guard settings.
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AccountProfilesTable {
  corp_id: string;
  userid: string;
  /** When the WeCom account was created/activated, YYYY-MM-DD (null: unknown, treated as new). */
  created_on: string | null;
  corp_verified: ColumnType<boolean, boolean | undefined, boolean>;
  personal_verified: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export interface AddRateSettingsTable {
  corp_id: string;
  /** An AddRateSettings document (add-rate.settings.ts). */
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Timestamp;
}

export interface AccountHealthTables {
  account_profiles: AccountProfilesTable;
  add_rate_settings: AddRateSettingsTable;
}
