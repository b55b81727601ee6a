// Imports stores from a CSV sheet (one store a row; headers in Chinese or English). A row whose store name
// exists updates that store, otherwise it creates one (with its WeCom ways). Every row is checked as the API
// checks a store; a bad row is reported by row number and field and skipped, the others are kept.
import { parse } from "csv-parse/sync";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import * as repo from "./stores.repository.ts";
import { type StoreInput, storeInput, storePatch } from "./stores.schemas.ts";
import { createStore, updateStore } from "./stores.service.ts";
import type { OpenRange } from "./stores.tables.ts";

const COLUMNS: Record<string, string> = {
  门店名称: "name",
  门店: "name",
  name: "name",
  城市: "city",
  city: "city",
  区县: "district",
  district: "district",
  地址: "address",
  详细地址: "address",
  address: "address",
  电话: "phone",
  门店电话: "phone",
  phone: "phone",
  纬度: "lat",
  lat: "lat",
  latitude: "lat",
  经度: "lng",
  lng: "lng",
  longitude: "lng",
  状态: "status",
  status: "status",
  导购: "staff",
  员工: "staff",
  staff: "staff",
  门店群: "groups",
  groups: "groups",
  营业时间: "openHours",
  open_hours: "openHours",
  openhours: "openHours",
};

export const MAX_IMPORT_ROWS = 2000;

export interface ImportResult {
  created: number;
  updated: number;
  failed: { row: number; path: string; message: string }[];
}

const list = (v: string) =>
  v
    .split(/[;；,，|、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "1-5 09:00-21:00; 6-7 10:00-22:00" (weekday 1 Monday … 7 Sunday; several ranges a day with ","). */
export function parseOpenHours(text: string): OpenRange[] | string {
  const out: OpenRange[] = [];
  for (const part of text
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([1-7])(?:\s*-\s*([1-7]))?\s+(.+)$/.exec(part);
    if (!m) return `"${part}" is not "weekdays HH:MM-HH:MM", e.g. "1-5 09:00-21:00"`;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) return `"${part}": the weekdays go from ${from} up`;
    for (const range of m[3]!.split(/[,，]/).map((r) => r.trim())) {
      const r = /^(\d{2}:\d{2})\s*[-–~]\s*(\d{2}:\d{2})$/.exec(range);
      if (!r) return `"${range}" is not "HH:MM-HH:MM"`;
      for (let d = from; d <= to; d++) out.push({ weekday: d, start: r[1]!, end: r[2]! });
    }
  }
  return out;
}

const STATUS: Record<string, "open" | "closed"> = {
  营业: "open",
  open: "open",
  停业: "closed",
  关闭: "closed",
  closed: "closed",
};

/** The row as an API input; a column the sheet lacks is left out (an update keeps that field). */
function rowInput(row: Record<string, string>): {
  input?: Record<string, unknown>;
  error?: { path: string; message: string };
} {
  const has = (k: string) => k in row;
  const v = (k: string) => row[k]?.trim() ?? "";
  const input: Record<string, unknown> = {};
  for (const k of ["name", "city"]) if (has(k)) input[k] = v(k);
  for (const k of ["district", "address", "phone"]) if (has(k)) input[k] = v(k) || null;
  for (const k of ["lat", "lng"]) {
    if (!has(k)) continue;
    const n = v(k) === "" ? null : Number(v(k));
    if (Number.isNaN(n)) return { error: { path: `/${k}`, message: `${v(k)} is not a number` } };
    input[k] = n;
  }
  // An empty staff, groups or hours cell leaves them as they are (a new store: no groups, open all day).
  for (const k of ["staff", "groups"]) if (v(k)) input[k] = list(v(k));
  if (has("status") && v("status")) {
    const status = STATUS[v("status").toLowerCase()];
    if (!status)
      return {
        error: { path: "/status", message: `status is 营业/open or 停业/closed, not ${v("status")}` },
      };
    input.status = status;
  }
  if (v("openHours")) {
    const hours = parseOpenHours(v("openHours"));
    if (typeof hours === "string") return { error: { path: "/openHours", message: hours } };
    input.openHours = hours;
  }
  return { input };
}

export async function importStores(ctx: Ctx, corpId: string, csv: string): Promise<ImportResult> {
  let records: Record<string, string>[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) =>
        header.map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()] ?? `?${h}`),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new AppError("VALIDATION_FAILED", "the CSV cannot be read", [
      { path: "/csv", message: err instanceof Error ? err.message : String(err) },
    ]);
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new AppError("VALIDATION_FAILED", "the CSV is too long", [
      { path: "/csv", message: `at most ${MAX_IMPORT_ROWS} stores per import` },
    ]);
  }
  const first = records[0];
  if (!first || !("name" in first) || !("city" in first)) {
    throw new AppError("VALIDATION_FAILED", "the CSV has no store rows", [
      { path: "/csv", message: "a header row with 门店名称/name and 城市/city, then one store a row" },
    ]);
  }
  const result: ImportResult = { created: 0, updated: 0, failed: [] };
  const byName = new Map((await repo.listStores(ctx.db, corpId)).map((s) => [s.name, String(s.id)]));
  for (const [i, record] of records.entries()) {
    const row = i + 2; // the header is row 1
    const { input, error } = rowInput(record);
    if (error || !input) {
      result.failed.push({ row, ...error! });
      continue;
    }
    const existing = byName.get(String(input.name ?? ""));
    const parsed = existing ? storePatch.safeParse(input) : storeInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      result.failed.push({ row, path: `/${issue.path.join("/")}`, message: issue.message });
      continue;
    }
    try {
      if (existing) {
        await updateStore(ctx, corpId, existing, input);
        result.updated++;
      } else {
        const store = await createStore(ctx, corpId, input as StoreInput);
        byName.set(store.name, store.id);
        result.created++;
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const details = Array.isArray(err.details) ? (err.details as { path: string; message: string }[]) : [];
      const d = details[0];
      const path = d?.path ?? (err.details as { path?: string } | undefined)?.path ?? "/";
      result.failed.push({ row, path, message: d?.message ?? err.message });
    }
  }
  return result;
}
