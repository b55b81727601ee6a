// Stores and store codes (区域活码): stores, their staff and groups, each store's contact way and join way,
// public store codes, a customer's store, and the adds, joins and landing visits the 千店千群 report counts.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Day = ColumnType<string, string, string>;

/** One open range on a weekday (1 Monday … 7 Sunday), "HH:MM" local time, end after start ("24:00" allowed). */
export interface OpenRange {
  weekday: number;
  start: string;
  end: string;
}

export interface StoresTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  city: string;
  district: string | null;
  address: string | null;
  phone: string | null;
  lat: number | null;
  lng: number | null;
  /** Weekly open ranges in the store's local time (tz_offset_minutes); empty = open all day, every day. */
  open_hours: ColumnType<OpenRange[], string | undefined, string>;
  tz_offset_minutes: Generated<number>;
  status: "open" | "closed";
  /** The store's contact way (staff QR): its unique state, WeCom config id and QR image URL. */
  state: string;
  config_id: string | null;
  qr_code: string | null;
  /** The store's group join way over its first 5 groups. */
  join_state: string;
  join_config_id: string | null;
  join_qr_code: string | null;
  /** Why the last contact way / join way update failed (null when in step with WeCom). */
  sync_error: string | null;
  synced_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StoreStaffTable {
  corp_id: string;
  store_id: string;
  userid: string;
  position: Generated<number>;
}

export interface StoreGroupsTable {
  corp_id: string;
  store_id: string;
  chat_id: string;
  position: Generated<number>;
}

/** A customer's store (one per customer). A customer's city for segments = their store's city. */
export interface CustomerStoresTable {
  corp_id: string;
  customer_id: string;
  store_id: string;
  source: "store_code" | "manual" | "import";
  assigned_at: Timestamp;
}

/** A public store code: a landing page (by slug) routing to the nearest open store among its stores. */
export interface StoreCodesTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  slug: string;
  title: string | null;
  /** true: every store of the corp; false: the stores in store_code_stores. */
  all_stores: Generated<boolean>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StoreCodeStoresTable {
  corp_id: string;
  store_code_id: string;
  store_id: string;
}

export interface StoreCodeVisitsTable {
  id: Generated<string>;
  corp_id: string;
  store_code_id: string;
  /** The store the landing showed (null when no open store was found). */
  store_id: string | null;
  method: "location" | "city";
  day: Day;
  visited_at: Date;
}

export interface StoreCodeAddsTable {
  id: Generated<string>;
  corp_id: string;
  store_id: string;
  userid: string;
  external_userid: string;
  customer_id: string | null;
  day: Day;
  added_at: Date;
  inbox_event_id: string | null;
}

export interface StoreGroupJoinsTable {
  id: Generated<string>;
  corp_id: string;
  store_id: string;
  chat_id: string;
  external_userid: string;
  day: Day;
  joined_at: Date;
  left_at: Date | null;
  inbox_event_id: string | null;
}

export interface StoresTables {
  stores: StoresTable;
  store_staff: StoreStaffTable;
  store_groups: StoreGroupsTable;
  customer_stores: CustomerStoresTable;
  store_codes: StoreCodesTable;
  store_code_stores: StoreCodeStoresTable;
  store_code_visits: StoreCodeVisitsTable;
  store_code_adds: StoreCodeAddsTable;
  store_group_joins: StoreGroupJoinsTable;
}
