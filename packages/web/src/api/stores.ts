// Shapes of the stores (门店), store codes (区域活码) and pickers APIs as the console consumes them
// (mirrors packages/server/src/domains/stores/stores.schemas.ts).
import type { ScheduleRange } from "./acquisition.ts";

export type StoreStatus = "open" | "closed";

export interface StoreInput {
  name: string;
  city: string;
  district?: string | null;
  address?: string | null;
  phone?: string | null;
  lat?: number | null;
  lng?: number | null;
  openHours?: ScheduleRange[];
  utcOffsetMinutes?: number;
  status?: StoreStatus;
  staff: string[];
  groups?: string[];
}

export type StorePatch = Partial<StoreInput>;

export interface Store {
  id: string;
  name: string;
  city: string;
  district: string | null;
  address: string | null;
  phone: string | null;
  lat: number | null;
  lng: number | null;
  openHours: ScheduleRange[];
  utcOffsetMinutes: number;
  status: StoreStatus;
  openNow: boolean;
  staff: { userid: string; name: string | null }[];
  groups: { chatId: string; name: string | null; memberCount: number | null }[];
  state: string;
  configId: string | null;
  qrCode: string | null;
  joinConfigId: string | null;
  joinQrCode: string | null;
  customers: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoreCodeInput {
  name: string;
  title?: string | null;
  slug?: string;
  storeIds?: string[] | null;
  enabled?: boolean;
}

export interface StoreCode {
  id: string;
  name: string;
  title: string | null;
  slug: string;
  landingPath: string;
  landingUrl: string;
  storeIds: string[] | null;
  enabled: boolean;
  visits: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoreReportRow {
  storeId: string;
  name: string;
  city: string;
  district: string | null;
  status: StoreStatus;
  staff: number;
  groups: { chatId: string; name: string | null; members: number; customers: number }[];
  groupMembers: number;
  customersAssigned: number;
  adds: number;
  joins: number;
  visits: number;
  days: { day: string; adds: number; joins: number }[];
}

export interface StoreReport {
  from: string;
  to: string;
  stores: StoreReportRow[];
  totals: {
    stores: number;
    groups: number;
    groupMembers: number;
    customersAssigned: number;
    adds: number;
    joins: number;
  };
}

export interface StoreImportResult {
  created: number;
  updated: number;
  failed: { row: number; path: string; message: string }[];
}
