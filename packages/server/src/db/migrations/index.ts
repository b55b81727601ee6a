// The ordered list of migrations. Add new files; never edit a committed one.
import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation.ts";
import * as m0002 from "./0002_customers_tags.ts";
import * as m0003 from "./0003_live_codes.ts";
import * as m0004 from "./0004_group_codes.ts";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_customers_tags": m0002,
  "0003_live_codes": m0003,
  "0004_group_codes": m0004,
};
