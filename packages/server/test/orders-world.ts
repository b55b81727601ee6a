// Helpers for the order tests: a corp row without WeCom behind it, API calls, and file uploads.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import type { TestSiyu } from "./siyu.ts";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/orders");
export const fixture = (name: string) => path.join(FIXTURES, name);

export async function addBareCorp(siyu: TestSiyu, corpId: string): Promise<void> {
  await putCorp(siyu.ctx, {
    corpId,
    name: corpId,
    secret: "secret",
    token: "token",
    aesKey: "a".repeat(43),
    apiBase: "http://127.0.0.1:9",
  });
}

export function apiClient(url: string, headers: Record<string, string>) {
  return async function api<T = Record<string, unknown>>(method: string, p: string, body?: unknown) {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
}

/** Uploads a file as multipart (fields first, then the file), as the console does. */
export async function uploadMultipart<T>(
  url: string,
  headers: Record<string, string>,
  corpId: string,
  file: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([fs.readFileSync(file)]), path.basename(file));
  const res = await fetch(`${url}/api/corps/${corpId}/order-imports`, {
    method: "POST",
    headers,
    body: form,
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Uploads a file as the raw request body, the preset in the query (as a script would). */
export async function uploadRaw<T>(
  url: string,
  headers: Record<string, string>,
  corpId: string,
  body: Buffer | string,
  query: Record<string, string>,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/api/corps/${corpId}/order-imports?${new URLSearchParams(query)}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/octet-stream" },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface ImportResult {
  id: string;
  status: string;
  format: string;
  encoding: string | null;
  rowsTotal: number;
  ordersTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  badRows: number;
  bound: number;
  unmatchablePhone: number;
  errors: { row: number; code: string; reason: string; field: string | null; value: string | null }[];
}

export interface OrderView {
  id: string;
  orderNo: string;
  source: string;
  status: string;
  amountCents: number;
  refundedCents: number;
  customerId: string | null;
  phone: string | null;
  buyerName: string | null;
  categories: string[];
  items: { name: string; sku?: string | null; category?: string | null; quantity?: number | null }[];
  orderedAt: string;
}
