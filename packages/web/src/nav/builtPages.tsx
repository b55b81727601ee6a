// Navigation entries whose capability has landed, by path. Every other entry renders PlaceholderPage.
import type { ComponentType } from "react";
import { BulkAddPage } from "../pages/acquisition/bulkAdds/BulkAddPage.tsx";
import { OutboundCallsPage } from "../pages/acquisition/calls/OutboundCallsPage.tsx";
import { FissionPage } from "../pages/acquisition/fission/FissionPage.tsx";
import { GroupCodesPage } from "../pages/acquisition/GroupCodesPage.tsx";
import { LiveCodesPage } from "../pages/acquisition/LiveCodesPage.tsx";
import { StoreCodesPage } from "../pages/acquisition/StoreCodesPage.tsx";
import { MaterialsPage } from "../pages/content/MaterialsPage.tsx";
import { AutoTagPage } from "../pages/customers/AutoTagPage.tsx";
import { CustomerProfilePage } from "../pages/customers/CustomerProfilePage.tsx";
import { CustomersPage } from "../pages/customers/CustomersPage.tsx";
import { SegmentsPage } from "../pages/customers/SegmentsPage.tsx";
import { StagesPage } from "../pages/customers/stages/StagesPage.tsx";
import { TagsPage } from "../pages/customers/TagsPage.tsx";
import { DashboardPage } from "../pages/DashboardPage.tsx";
import { FollowupsPage } from "../pages/engagement/followups/FollowupsPage.tsx";
import { LinesPage } from "../pages/engagement/lines/LinesPage.tsx";
import { MomentsPage } from "../pages/engagement/MomentsPage.tsx";
import { MassSendsPage } from "../pages/engagement/massSends/MassSendsPage.tsx";
import { SopsPage } from "../pages/engagement/sops/SopsPage.tsx";
import { WelcomePage } from "../pages/engagement/WelcomePage.tsx";
import { AntiHarassmentPage } from "../pages/groups/AntiHarassmentPage.tsx";
import { ActivitiesPage } from "../pages/groups/activities/ActivitiesPage.tsx";
import { DuplicatesPage } from "../pages/groups/DuplicatesPage.tsx";
import { GroupsPage } from "../pages/groups/GroupsPage.tsx";
import { OrdersPage } from "../pages/orders/OrdersPage.tsx";
import { AccountHealthPage } from "../pages/risk/AccountHealthPage.tsx";
import { ChurnWatchPage } from "../pages/risk/ChurnWatchPage.tsx";
import { SendGatePage } from "../pages/risk/SendGatePage.tsx";
import { SensitiveWordsPage } from "../pages/risk/SensitiveWordsPage.tsx";
import { CorpsPage } from "../pages/settings/CorpsPage.tsx";
import { InheritancePage } from "../pages/settings/inheritance/InheritancePage.tsx";
import { TokensPage } from "../pages/settings/TokensPage.tsx";
import { DASHBOARD_PATH } from "./nav.ts";

export const BUILT_PAGES: Record<string, ComponentType> = {
  [DASHBOARD_PATH]: DashboardPage,
  "/acquisition/live-codes": LiveCodesPage,
  "/acquisition/group-codes": GroupCodesPage,
  "/acquisition/store-codes": StoreCodesPage,
  "/acquisition/fission": FissionPage,
  "/groups/activities": ActivitiesPage,
  "/acquisition/bulk-add": BulkAddPage,
  "/acquisition/outbound-calls": OutboundCallsPage,
  "/customers/list": CustomersPage,
  "/customers/profile": CustomerProfilePage,
  "/customers/tags": TagsPage,
  "/customers/segments": SegmentsPage,
  "/customers/auto-tag": AutoTagPage,
  "/customers/stages": StagesPage,
  "/customers/orders": OrdersPage,
  "/groups/list": GroupsPage,
  "/groups/duplicates": DuplicatesPage,
  "/groups/anti-harassment": AntiHarassmentPage,
  "/engagement/welcome": WelcomePage,
  "/engagement/mass-sends": MassSendsPage,
  "/engagement/moments": MomentsPage,
  "/engagement/sop": SopsPage,
  "/engagement/follow-ups": FollowupsPage,
  "/engagement/lines": LinesPage,
  "/risk/send-gate": SendGatePage,
  "/risk/complaints": ChurnWatchPage,
  "/risk/sensitive-words": SensitiveWordsPage,
  "/risk/account-health": AccountHealthPage,
  "/content/materials": MaterialsPage,
  "/settings/corps": CorpsPage,
  "/settings/inheritance": InheritancePage,
  "/settings/api-tokens": TokensPage,
};
