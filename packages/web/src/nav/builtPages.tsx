// Navigation entries whose capability has landed, by path. Every other entry renders PlaceholderPage.
import type { ComponentType } from "react";
import { LiveCodesPage } from "../pages/acquisition/LiveCodesPage.tsx";
import { CustomerProfilePage } from "../pages/customers/CustomerProfilePage.tsx";
import { CustomersPage } from "../pages/customers/CustomersPage.tsx";
import { TagsPage } from "../pages/customers/TagsPage.tsx";
import { DashboardPage } from "../pages/DashboardPage.tsx";
import { WelcomePage } from "../pages/engagement/WelcomePage.tsx";
import { CorpsPage } from "../pages/settings/CorpsPage.tsx";
import { TokensPage } from "../pages/settings/TokensPage.tsx";
import { DASHBOARD_PATH } from "./nav.ts";

export const BUILT_PAGES: Record<string, ComponentType> = {
  [DASHBOARD_PATH]: DashboardPage,
  "/acquisition/live-codes": LiveCodesPage,
  "/customers/list": CustomersPage,
  "/customers/profile": CustomerProfilePage,
  "/customers/tags": TagsPage,
  "/engagement/welcome": WelcomePage,
  "/settings/corps": CorpsPage,
  "/settings/api-tokens": TokensPage,
};
