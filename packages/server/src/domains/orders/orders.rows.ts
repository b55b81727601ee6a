// Turns one export row into an order line, or a rejection with the row number and the reason; and folds the lines
// of one order (line-grain exports) into the order that is stored.
import { AppError } from "../../lib/errors.ts";
import { categoryFromSku, cleanCell, parseLocalTime, parseMoneyCents, parsePhone } from "./orders.clean.ts";
import { FIELDS, type Field, type ImportStatus, type Preset, statusKey } from "./orders.presets.ts";
import type { OrderItem } from "./orders.tables.ts";

export interface OrderLine {
  row: number;
  orderNo: string;
  status: ImportStatus | null;
  sourceStatus: string | null;
  amountCents: number | null;
  refundedCents: number;
  orderedAt: Date | null;
  paidAt: Date | null;
  phone: string | null;
  phoneDisplay: string | null;
  phoneUnmatchable: boolean;
  unionid: string | null;
  buyerName: string | null;
  items: OrderItem[];
  categories: string[];
}

export type BadRowCode =
  | "missing_order_no"
  | "missing_amount"
  | "bad_amount"
  | "missing_date"
  | "bad_date"
  | "missing_status"
  | "unknown_status"
  | "duplicate_order"
  | "lines_apart"
  | "order_not_found";

export interface BadRow {
  row: number;
  code: BadRowCode;
  reason: string;
  field: Field | null;
  value: string | null;
}

/** Each field's columns found in the header, in the preset's order of preference. */
export type Columns = Partial<Record<Field, number[]>>;

/** Finds each field's column by trimmed header text; fails when a field the preset needs has no column. */
export function resolveColumns(header: unknown[], preset: Preset): Columns {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const name = cleanCell(h);
    if (name !== null && !index.has(name)) index.set(name, i); // a duplicated header (有赞 分销员): the first
  });
  const cols: Columns = {};
  for (const f of FIELDS) {
    const found = (preset.columns[f] ?? [])
      .map((name) => index.get(name.trim()))
      .filter((i): i is number => i !== undefined);
    if (found.length > 0) cols[f] = found;
  }
  const required: Field[] = preset.enrich ? ["orderNo"] : ["orderNo", "amount", "orderedAt"];
  if (preset.columns.status) required.push("status");
  const missing = required.filter((f) => cols[f] === undefined);
  if (missing.length > 0) {
    throw new AppError(
      "ORDER_IMPORT_COLUMNS_MISSING",
      `the file has no column for ${missing.join(", ")} (preset ${preset.name}); is it the right preset?`,
      missing.map((f) => ({ field: f, expected: preset.columns[f] ?? [] })),
    );
  }
  return cols;
}

const REFUNDED = /退款成功|已退款|全额退款|refunded/i;

function bad(row: number, code: BadRowCode, reason: string, field: Field | null, value: unknown): BadRow {
  const v = value === null || value === undefined ? null : String(value).slice(0, 200);
  return { row, code, reason, field, value: v };
}

/** One row → a line, or why it is rejected. Rows whose cells are all empty are skipped (null). */
export function parseRow(
  row: number,
  cells: unknown[],
  cols: Columns,
  preset: Preset,
): OrderLine | BadRow | null {
  if (cells.every((c) => cleanCell(c) === null)) return null;
  const raw = (f: Field): unknown => {
    const c = cols[f];
    return c === undefined ? undefined : cells[c[0]!];
  };
  const text = (f: Field) => cleanCell(raw(f));

  const orderNo = text("orderNo");
  if (orderNo === null)
    return bad(row, "missing_order_no", "the order id is empty", "orderNo", raw("orderNo"));

  let amountCents: number | null = null;
  if (cols.amount !== undefined) {
    const a = raw("amount");
    if (cleanCell(a) === null) {
      if (!preset.enrich) return bad(row, "missing_amount", "the amount is empty", "amount", a);
    } else {
      const cents = parseMoneyCents(a);
      if (cents === undefined || cents < 0)
        return bad(row, "bad_amount", `the amount "${cleanCell(a)}" is not a number of yuan`, "amount", a);
      amountCents = cents;
    }
  }

  let orderedAt: Date | null = null;
  if (cols.orderedAt !== undefined) {
    const t = raw("orderedAt");
    if (cleanCell(t) === null) {
      if (!preset.enrich) return bad(row, "missing_date", "the order time is empty", "orderedAt", t);
    } else {
      const d = parseLocalTime(t, preset.tzOffsetMinutes);
      if (!d) return bad(row, "bad_date", `the order time "${cleanCell(t)}" is not a date`, "orderedAt", t);
      orderedAt = d;
    }
  }
  const paidRaw = raw("paidAt");
  const paidAt =
    cleanCell(paidRaw) === null ? null : (parseLocalTime(paidRaw, preset.tzOffsetMinutes) ?? null);

  let status: ImportStatus | null = null;
  const sourceStatus = text("status");
  if (cols.status !== undefined) {
    if (sourceStatus === null) return bad(row, "missing_status", "the order status is empty", "status", null);
    const s = preset.statuses[statusKey(sourceStatus)];
    if (!s)
      return bad(row, "unknown_status", `unknown order status "${sourceStatus}"`, "status", sourceStatus);
    status = s;
  } else if (!preset.enrich) status = "paid";

  let refundedCents = cols.refundAmount === undefined ? 0 : (parseMoneyCents(raw("refundAmount")) ?? 0);
  const refundStatus = text("refundStatus");
  if (refundStatus && REFUNDED.test(refundStatus) && refundedCents === 0) refundedCents = amountCents ?? 0;
  const fullyRefunded =
    (refundStatus !== null && REFUNDED.test(refundStatus)) ||
    (refundedCents > 0 && amountCents !== null && refundedCents >= amountCents);
  if (fullyRefunded && status !== null && status !== "pending") status = "refunded";

  // The first usable phone among the phone columns (联系手机, then 联系电话); else the first shown, display-only.
  const phones = (cols.phone ?? []).map((i) => parsePhone(cells[i]));
  const phone = phones.find((p) => p.phone) ??
    phones.find((p) => p.display) ?? { phone: null, display: null, unmatchable: false };
  let buyerName = text("buyerName");
  if (buyerName && /^(##|\$\$)/.test(buyerName)) buyerName = null; // 抖店 ciphertext

  const names = text("itemName");
  const sku = text("sku");
  const category = text("category") ?? (preset.categoryFromSku ? categoryFromSku(sku) : null);
  const quantityText = text("quantity");
  const quantity = quantityText !== null && /^\d+$/.test(quantityText) ? Number(quantityText) : null;
  const itemAmount = cols.itemAmount === undefined ? null : (parseMoneyCents(raw("itemAmount")) ?? null);
  const items: OrderItem[] = [];
  if (names !== null) {
    const parts =
      preset.grain === "order" && preset.itemsSeparator
        ? names
            .split(preset.itemsSeparator)
            .map((s) => s.trim())
            .filter((s) => s !== "")
        : [names];
    for (const name of parts) {
      items.push(
        parts.length === 1
          ? { name, sku, category, quantity, amount_cents: itemAmount }
          : { name, sku: null, category: null, quantity: null, amount_cents: null },
      );
    }
  }
  return {
    row,
    orderNo,
    status,
    sourceStatus,
    amountCents,
    refundedCents,
    orderedAt,
    paidAt,
    phone: phone.phone,
    phoneDisplay: phone.display,
    phoneUnmatchable: phone.unmatchable && !phone.phone,
    unionid: text("unionid"),
    buyerName,
    items,
    categories: category ? [category] : [],
  };
}

export function isBad(x: OrderLine | BadRow): x is BadRow {
  return "code" in x;
}

/** Folds the lines of one order: amounts add up, items concatenate, categories unite; a paid line wins. */
export function mergeLines(lines: OrderLine[]): OrderLine {
  const first = lines[0]!;
  if (lines.length === 1) return first;
  const statuses = lines.map((l) => l.status);
  const status: ImportStatus | null = statuses.includes("paid")
    ? "paid"
    : statuses.includes("pending")
      ? "pending"
      : statuses.includes("refunded")
        ? "refunded"
        : statuses.includes("cancelled")
          ? "cancelled"
          : null;
  const sum = (xs: (number | null)[]) =>
    xs.every((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0);
  const earliest = (xs: (Date | null)[]) =>
    xs.reduce<Date | null>((a, x) => (x && (!a || x < a) ? x : a), null);
  const withPhone = lines.find((l) => l.phone) ?? lines.find((l) => l.phoneDisplay) ?? first;
  return {
    row: first.row,
    orderNo: first.orderNo,
    status,
    sourceStatus: lines.find((l) => l.status === status)?.sourceStatus ?? first.sourceStatus,
    amountCents: sum(lines.map((l) => l.amountCents)),
    refundedCents: lines.reduce((a, l) => a + l.refundedCents, 0),
    orderedAt: earliest(lines.map((l) => l.orderedAt)),
    paidAt: earliest(lines.map((l) => l.paidAt)),
    phone: withPhone.phone,
    phoneDisplay: withPhone.phoneDisplay,
    phoneUnmatchable: withPhone.phoneUnmatchable,
    unionid: lines.find((l) => l.unionid)?.unionid ?? null,
    buyerName: lines.find((l) => l.buyerName)?.buyerName ?? null,
    items: lines.flatMap((l) => l.items),
    categories: [...new Set(lines.flatMap((l) => l.categories))],
  };
}
