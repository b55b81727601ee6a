// The database as Kysely sees it: each domain declares its own tables in <domain>.tables.ts; add yours here.

import type { AccountHealthTables } from "../domains/account-health/account-health.tables.ts";
import type { AuthTables } from "../domains/auth/auth.tables.ts";
import type { AutoTagsTables } from "../domains/auto-tags/auto-tags.tables.ts";
import type { BulkAddsTables } from "../domains/bulk-adds/bulk-adds.tables.ts";
import type { CallCampaignsTables } from "../domains/call-campaigns/call-campaigns.tables.ts";
import type { ChurnWatchTables } from "../domains/churn-watch/churn-watch.tables.ts";
import type { ContactsTables } from "../domains/contacts/contacts.tables.ts";
import type { CorpsTables } from "../domains/corps/corps.tables.ts";
import type { CustomersTables } from "../domains/customers/customers.tables.ts";
import type { DirectoryTables } from "../domains/directory/directory.tables.ts";
import type { FissionTables } from "../domains/fission/fission.tables.ts";
import type { FollowupsTables } from "../domains/followups/followups.tables.ts";
import type { GroupActivitiesTables } from "../domains/group-activities/group-activities.tables.ts";
import type { GroupCodesTables } from "../domains/group-codes/group-codes.tables.ts";
import type { GroupDuplicatesTables } from "../domains/group-duplicates/group-duplicates.tables.ts";
import type { GroupGuardTables } from "../domains/group-guard/group-guard.tables.ts";
import type { GroupRegistryTables } from "../domains/group-registry/group-registry.tables.ts";
import type { InboxTables } from "../domains/inbox/inbox.tables.ts";
import type { InheritanceTables } from "../domains/inheritance/inheritance.tables.ts";
import type { JourneysTables } from "../domains/journeys/journeys.tables.ts";
import type { KfTables } from "../domains/kf/kf.tables.ts";
import type { LiveCodesTables } from "../domains/live-codes/live-codes.tables.ts";
import type { MassSendsTables } from "../domains/mass-sends/mass-sends.tables.ts";
import type { MaterialsTables } from "../domains/materials/materials.tables.ts";
import type { MomentsTables } from "../domains/moments/moments.tables.ts";
import type { OrdersTables } from "../domains/orders/orders.tables.ts";
import type { OutboxTables } from "../domains/outbox/outbox.tables.ts";
import type { SmsTables } from "../domains/outbox/sms.tables.ts";
import type { RewardsTables } from "../domains/rewards/rewards.tables.ts";
import type { ScenariosTables } from "../domains/scenarios/scenarios.tables.ts";
import type { SavedSegmentsTables } from "../domains/segments/saved-segments.tables.ts";
import type { SendGateTables } from "../domains/send-gate/send-gate.tables.ts";
import type { SopsTables } from "../domains/sops/sops.tables.ts";
import type { StagesTables } from "../domains/stages/stages.tables.ts";
import type { StoresTables } from "../domains/stores/stores.tables.ts";
import type { SyncTables } from "../domains/sync/sync.tables.ts";
import type { TagsTables } from "../domains/tags/tags.tables.ts";
import type { WelcomeTables } from "../domains/welcome/welcome.tables.ts";

export interface Database
  extends CorpsTables,
    InboxTables,
    AuthTables,
    ContactsTables,
    CustomersTables,
    DirectoryTables,
    TagsTables,
    SyncTables,
    LiveCodesTables,
    JourneysTables,
    GroupCodesTables,
    WelcomeTables,
    OutboxTables,
    SendGateTables,
    MaterialsTables,
    SavedSegmentsTables,
    OrdersTables,
    StoresTables,
    AutoTagsTables,
    StagesTables,
    ChurnWatchTables,
    SmsTables,
    MomentsTables,
    KfTables,
    MassSendsTables,
    SopsTables,
    ScenariosTables,
    FollowupsTables,
    FissionTables,
    GroupActivitiesTables,
    RewardsTables,
    InheritanceTables,
    AccountHealthTables,
    BulkAddsTables,
    GroupRegistryTables,
    GroupDuplicatesTables,
    GroupGuardTables,
    CallCampaignsTables {}
