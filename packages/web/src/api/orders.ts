// Shapes of the orders API as the console consumes it (mirrors packages/server/src/domains/orders/orders.schemas.ts),
// and the import upload (multipart, which the JSON client does not speak).
import { ApiError, CSRF_COOKIE, CSRF_HEADER, NETWORK_ERROR, readCookie } from "./client.ts";

export type OrderStatus = "paid" | "refunded" | "cancelled" | "pending";

export interface OrderItem {
  name: string;
  sku?: string | null;
  category?: string | null;
  quantity?: number | null;
  amount_cents?: number | null;
}

export interface Order {
  id: string;
  corpId: string;
  source: string;
  orderNo: string;
  customerId: string | null;
  customerName: string | null;
  boundBy: "unionid" | "phone" | null;
  unionid: string | null;
  phone: string | null;
  buyerName: string | null;
  amountCents: number;
  refundedCents: number;
  status: OrderStatus;
  sourceStatus: string | null;
  categories: string[];
  items: OrderItem[];
  orderedAt: string;
  paidAt: string | null;
  importId: string | null;
}

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

export interface OrderFilter {
  source?: string;
  status?: OrderStatus;
  bound?: "yes" | "no";
  q?: string;
}

export interface BadRow {
  row: number;
  code: string;
  reason: string;
  field: string | null;
  value: string | null;
}

export interface OrderImport {
  id: string;
  corpId: string;
  source: string;
  preset: string;
  fileName: string | null;
  format: string | null;
  encoding: string | null;
  status: "running" | "done" | "failed";
  rowsTotal: number;
  ordersTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  badRows: number;
  bound: number;
  unmatchablePhone: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  errors?: BadRow[];
}

export interface OrderPreset {
  name: string;
  source: string;
  grain: "order" | "line";
  enrich: boolean;
  columns: Record<string, string[]>;
}

export interface CustomerOrders {
  totals: {
    count: number;
    paidCount: number;
    paidCents: number;
    refundedCents: number;
    firstOrderedAt: string | null;
    lastOrderedAt: string | null;
  };
  recent: Order[];
}

/** POST /api/corps/:corpId/order-imports as multipart: the preset (and mapping) fields first, then the file. */
export async function uploadOrders(
  corpId: string,
  file: File,
  preset: string,
  mapping?: string,
): Promise<OrderImport> {
  const form = new FormData();
  form.append("preset", preset);
  if (mapping) form.append("mapping", mapping);
  form.append("file", file, file.name);
  const headers: Record<string, string> = { accept: "application/json" };
  const csrf = readCookie(document.cookie, CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  let response: Response;
  try {
    response = await fetch(`/api/corps/${encodeURIComponent(corpId)}/order-imports`, {
      method: "POST",
      headers,
      body: form,
      credentials: "same-origin",
    });
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : String(cause));
  }
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const e = (body as { error?: { code: string; message: string; details?: unknown } }).error;
    throw new ApiError(
      response.status,
      e?.code ?? "HTTP_ERROR",
      e?.message ?? response.statusText,
      e?.details,
    );
  }
  return body as OrderImport;
}
