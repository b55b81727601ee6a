// One row of a coupon or subscription file (or one item of an API batch) → a record, or why it is rejected. The
// two kinds differ only in their fields; times without a zone are China time (as order exports), money is yuan in
// files and cents in the API.
import { AppError } from "../../lib/errors.ts";
import { cleanCell, parseLocalTime, parseMoneyCents, parsePhone } from "../orders/orders.clean.ts";
import type { HoldingKind } from "./scenarios.tables.ts";

type FieldType = "text" | "time" | "money";

export interface FieldSpec {
  /** The API's property name. */
  key: string;
  column: string;
  type: FieldType;
  required?: boolean;
  /** Header names accepted in a file (trimmed, case-insensitive). */
  headers: string[];
}

const WHO: FieldSpec[] = [
  { key: "externalUserid", column: "external_userid", type: "text", headers: ["external_userid", "客户ID"] },
  { key: "unionid", column: "unionid", type: "text", headers: ["unionid"] },
  { key: "phone", column: "phone", type: "text", headers: ["phone", "手机", "手机号"] },
];

export const KINDS: Record<
  HoldingKind,
  { table: "customer_coupons" | "customer_subscriptions"; fields: FieldSpec[] }
> = {
  coupons: {
    table: "customer_coupons",
    fields: [
      {
        key: "id",
        column: "item_id",
        type: "text",
        required: true,
        headers: ["id", "coupon_id", "券ID", "优惠券ID"],
      },
      ...WHO,
      {
        key: "name",
        column: "name",
        type: "text",
        required: true,
        headers: ["name", "券名称", "优惠券名称"],
      },
      { key: "value", column: "value_cents", type: "money", headers: ["value", "面额", "金额"] },
      { key: "issuedAt", column: "issued_at", type: "time", headers: ["issued_at", "发放时间", "领取时间"] },
      {
        key: "expiresAt",
        column: "expires_at",
        type: "time",
        required: true,
        headers: ["expires_at", "过期时间", "失效时间"],
      },
      { key: "usedAt", column: "used_at", type: "time", headers: ["used_at", "使用时间", "核销时间"] },
    ],
  },
  subscriptions: {
    table: "customer_subscriptions",
    fields: [
      {
        key: "id",
        column: "item_id",
        type: "text",
        required: true,
        headers: ["id", "subscription_id", "订阅ID", "课程订单ID"],
      },
      ...WHO,
      {
        key: "product",
        column: "product",
        type: "text",
        required: true,
        headers: ["product", "产品", "课程"],
      },
      { key: "startsAt", column: "starts_at", type: "time", headers: ["starts_at", "开始时间", "开通时间"] },
      {
        key: "expiresAt",
        column: "expires_at",
        type: "time",
        required: true,
        headers: ["expires_at", "过期时间", "到期时间"],
      },
      {
        key: "renewalPrice",
        column: "renewal_price_cents",
        type: "money",
        headers: ["renewal_price", "续费价格"],
      },
    ],
  },
};

/** A stored holding: column → value. */
export type HoldingRecord = Record<string, string | number | Date | null> & { item_id: string };

export interface HoldingBadRow {
  row: number;
  code: "missing_value" | "bad_time" | "bad_money" | "no_customer_key" | "duplicate_id";
  reason: string;
  field: string | null;
  value: string | null;
}

export const isBad = (x: HoldingRecord | HoldingBadRow): x is HoldingBadRow => "code" in x;

const CHINA = 480;

/** Each field's column index in a file's header; fails when a required field has no column. */
export function resolveHeader(kind: HoldingKind, header: unknown[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const name = cleanCell(h)?.toLowerCase();
    if (name && !index.has(name)) index.set(name, i);
  });
  const cols = new Map<string, number>();
  for (const f of KINDS[kind].fields) {
    const i = f.headers.map((h) => index.get(h.toLowerCase())).find((x) => x !== undefined);
    if (i !== undefined) cols.set(f.key, i);
  }
  const missing = KINDS[kind].fields.filter((f) => f.required && !cols.has(f.key));
  if (missing.length > 0)
    throw new AppError(
      "SCENARIO_IMPORT_COLUMNS_MISSING",
      `the file has no column for ${missing.map((f) => f.key).join(", ")}`,
      missing.map((f) => ({ path: `/${f.key}`, message: `a column named one of: ${f.headers.join(", ")}` })),
    );
  return cols;
}

/**
 * Turns one row's values (by API key) into a record. `moneyIn`: yuan (files) or cents (API). Rows with every
 * value empty give null.
 */
export function parseHolding(
  kind: HoldingKind,
  row: number,
  value: (key: string) => unknown,
  moneyIn: "yuan" | "cents",
): HoldingRecord | HoldingBadRow | null {
  const fields = KINDS[kind].fields;
  if (fields.every((f) => cleanCell(value(f.key)) === null)) return null;
  const out: Record<string, string | number | Date | null> = {};
  for (const f of fields) {
    const raw = value(f.key);
    const text = cleanCell(raw);
    const shown = text === null ? null : text.slice(0, 200);
    if (text === null) {
      if (f.required)
        return { row, code: "missing_value", reason: `${f.key} is empty`, field: f.key, value: null };
      out[f.column] = null;
      continue;
    }
    if (f.type === "time") {
      const d = parseLocalTime(raw, CHINA);
      if (!d)
        return {
          row,
          code: "bad_time",
          reason: `${f.key} "${shown}" is not a time`,
          field: f.key,
          value: shown,
        };
      out[f.column] = d;
    } else if (f.type === "money") {
      const cents =
        moneyIn === "cents"
          ? typeof raw === "number" && Number.isInteger(raw)
            ? raw
            : undefined
          : parseMoneyCents(raw);
      if (cents === undefined || cents < 0)
        return {
          row,
          code: "bad_money",
          reason: `${f.key} "${shown}" is not ${moneyIn === "cents" ? "a whole number of cents" : "an amount of yuan"}`,
          field: f.key,
          value: shown,
        };
      out[f.column] = cents;
    } else if (f.column === "phone") {
      out.phone = parsePhone(raw).phone;
    } else out[f.column] = text.slice(0, 500);
  }
  if (out.external_userid === null && out.unionid === null && out.phone === null)
    return {
      row,
      code: "no_customer_key",
      reason: "no usable externalUserid, unionid or phone to find the customer",
      field: "externalUserid",
      value: null,
    };
  return out as HoldingRecord;
}
