// The ordered list of migrations. Add new files; never edit a committed one.
import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation.ts";
import * as m0002 from "./0002_customers_tags.ts";
import * as m0003 from "./0003_live_codes.ts";
import * as m0004 from "./0004_group_codes.ts";
import * as m0005 from "./0005_stores.ts";
import * as m0006 from "./0006_orders.ts";
import * as m0006b from "./0006b_orders_pending.ts";
import * as m0007 from "./0007_stages.ts";
import * as m0008 from "./0008_auto_tags.ts";
import * as m0009 from "./0009_segments.ts";
import * as m0010 from "./0010_saved_segments.ts";
import * as m0011 from "./0011_send_gate_rules.ts";
import * as m0012 from "./0012_materials.ts";
import * as m0013 from "./0013_churn_watch_sms.ts";
import * as m0014 from "./0014_moments.ts";
import * as m0015 from "./0015_journeys.ts";
import * as m0016 from "./0016_kf_pulls.ts";
import * as m0017 from "./0017_sms_settings.ts";
import * as m0018 from "./0018_mass_sends.ts";
import * as m0019 from "./0019_sops.ts";
import * as m0020 from "./0020_journey_rules.ts";
import * as m0021 from "./0021_scenarios.ts";
import * as m0022 from "./0022_followups.ts";
import * as m0023 from "./0023_account_health.ts";
import * as m0024 from "./0024_call_campaigns.ts";
import * as m0025 from "./0025_group_registry.ts";
import * as m0026 from "./0026_inheritance.ts";
import * as m0026b from "./0026b_inheritance_message.ts";
import * as m0027 from "./0027_fission_activities.ts";
import * as m0028 from "./0028_outbox_msgid.ts";
import * as m0030 from "./0030_gate_facts_customer_id.ts";
import * as m0032 from "./0032_fission_invitee.ts";
import * as m0033 from "./0033_login_failures.ts";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_customers_tags": m0002,
  "0003_live_codes": m0003,
  "0004_group_codes": m0004,
  "0005_stores": m0005,
  "0006_orders": m0006,
  "0006b_orders_pending": m0006b,
  "0007_stages": m0007,
  "0008_auto_tags": m0008,
  "0009_segments": m0009,
  "0010_saved_segments": m0010,
  "0011_send_gate_rules": m0011,
  "0012_materials": m0012,
  "0013_churn_watch_sms": m0013,
  "0014_moments": m0014,
  "0015_journeys": m0015,
  "0016_kf_pulls": m0016,
  "0017_sms_settings": m0017,
  "0018_mass_sends": m0018,
  "0019_sops": m0019,
  "0020_journey_rules": m0020,
  "0021_scenarios": m0021,
  "0022_followups": m0022,
  "0023_account_health": m0023,
  "0024_call_campaigns": m0024,
  "0025_group_registry": m0025,
  "0026_inheritance": m0026,
  "0026b_inheritance_message": m0026b,
  "0027_fission_activities": m0027,
  "0028_outbox_msgid": m0028,
  "0030_gate_facts_customer_id": m0030,
  "0032_fission_invitee": m0032,
  "0033_login_failures": m0033,
};
