// Orders (C2): orders from platform exports or the API, import runs, and the rows an import rejected.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Count = ColumnType<number, number | undefined, number>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** `pending`: not paid yet (kept for display; only `paid` counts for segments and stages). */
export type OrderStatus = "paid" | "refunded" | "cancelled" | "pending";

export interface OrderItem {
  name: string;
  sku?: string | null;
  category?: string | null;
  quantity?: number | null;
  amount_cents?: number | null;
}

export interface OrdersTable {
  id: Generated<string>;
  corp_id: string;
  /** youzan | taobao | xiaoe | douyin | api | generic | … */
  source: string;
  order_no: string;
  /** The bound customer (customers.id), null until bound. */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>;
  unionid: ColumnType<string | null, string | null | undefined, string | null>;
  /** Normalised digits of a usable phone; null when absent, masked or ciphertext. */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  /** The phone as the source showed it (masked values kept for display only). */
  phone_display: ColumnType<string | null, string | null | undefined, string | null>;
  buyer_name: ColumnType<string | null, string | null | undefined, string | null>;
  amount_cents: ColumnType<string, string | number | bigint, string | number | bigint>;
  refunded_cents: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  /** Only 'paid' orders count for segments and stages. */
  status: OrderStatus;
  source_status: ColumnType<string | null, string | null | undefined, string | null>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  items: Json<OrderItem[]>;
  ordered_at: Timestamp;
  paid_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  import_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  bound_by: ColumnType<
    "unionid" | "phone" | null,
    "unionid" | "phone" | null | undefined,
    "unionid" | "phone" | null
  >;
  bound_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderImportsTable {
  id: Generated<string>;
  corp_id: string;
  source: string;
  preset: string;
  file_name: string | null;
  /** csv | xlsx */
  format: string | null;
  /** utf-8 | utf-8-bom | gb18030 | null for xlsx */
  encoding: string | null;
  status: ColumnType<
    "running" | "done" | "failed",
    "running" | "done" | "failed" | undefined,
    "running" | "done" | "failed"
  >;
  rows_total: Count;
  orders_total: Count;
  inserted: Count;
  updated: Count;
  unchanged: Count;
  bad_rows: Count;
  bound: Count;
  /** Rows whose phone was masked or ciphertext: kept, but never matched on. */
  unmatchable_phone: Count;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface OrderImportErrorsTable {
  import_id: string;
  corp_id: string;
  /** The row as the user sees it in the file, the header being row 1. */
  row_number: number;
  code: string;
  reason: string;
  field: string | null;
  value: string | null;
}

export interface OrdersTables {
  orders: OrdersTable;
  order_imports: OrderImportsTable;
  order_import_errors: OrderImportErrorsTable;
}
