// Cell cleaning and typing for order exports (fixtures/imports/README.md, "Rules every importer needs"): Excel
// text guards (="…", a leading ' or tab), empty-like marks, money with 元 or thousands separators, China local
// times in two shapes, and phones that may be masked or ciphertext (kept for display, never matched on).

const EMPTY_LIKE = new Set(["", "-", "—", "——", "--", "null", "NULL"]);

/** The text of a cell with export guards removed, or null when it is empty-like. */
export function cleanCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let s: string;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    // ExcelJS rich text / hyperlink / formula cells.
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (Array.isArray(v.richText)) s = v.richText.map((r) => r.text).join("");
    else if (v.result !== undefined) return cleanCell(v.result);
    else if (typeof v.text === "string") s = v.text;
    else s = String(value);
  } else s = String(value);
  s = s.replace(/^[\t\uFEFF]+/, "");
  const guarded = /^="(.*)"$/s.exec(s);
  if (guarded) s = guarded[1] ?? "";
  if (s.startsWith("'")) s = s.slice(1);
  s = s.trim();
  return EMPTY_LIKE.has(s) ? null : s;
}

/** Cents from `129.00`, `0元`, `"1,296.00"`, `¥12.5` or a spreadsheet number; undefined when unparsable. */
export function parseMoneyCents(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value * 100) : undefined;
  const s = cleanCell(value);
  if (s === null) return undefined;
  const t = s.replace(/[元¥￥,\s]/g, "");
  const m = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(t);
  if (!m) return undefined;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] === "-" ? -cents : cents;
}

/**
 * A zone-less local time (`2025-06-04 08:50:11`, `2018/5/16 9:41`, `2025-06-04`) at the given UTC offset, an ISO
 * time with a zone, or a spreadsheet date (whose UTC fields hold the wall time). undefined when unparsable.
 */
export function parseLocalTime(value: unknown, offsetMinutes: number): Date | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return new Date(value.getTime() - offsetMinutes * 60_000);
  }
  const s = cleanCell(value);
  if (s === null) return undefined;
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      s,
    );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, zone] = m;
  const parts = [y, mo, d, h ?? "0", mi ?? "0", sec ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [Y, M, D, H, Mi, S] = parts;
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || Mi > 59 || S > 59) return undefined;
  const utc = Date.UTC(Y, M - 1, D, H, Mi, S);
  const check = new Date(utc);
  if (check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return undefined; // 2025-02-30
  let offset = offsetMinutes;
  if (zone === "Z") offset = 0;
  else if (zone) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (z) offset = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return new Date(utc - offset * 60_000);
}

export interface PhoneValue {
  /** Digits to match customers on; null when absent, masked or ciphertext. */
  phone: string | null;
  /** What the file showed (for display). */
  display: string | null;
  /** A value was present but cannot be matched (masked `135****4606`, ciphertext `$$…`). */
  unmatchable: boolean;
}

/** Normalises a phone: digits only, a +86/86 prefix dropped; masked or ciphertext values are display-only. */
export function parsePhone(value: unknown): PhoneValue {
  const s = cleanCell(value);
  if (s === null) return { phone: null, display: null, unmatchable: false };
  if (!/^[+\d][\d\s()-]*$/.test(s)) return { phone: null, display: s, unmatchable: true };
  let digits = s.replace(/\D/g, "");
  if (digits.length === 13 && digits.startsWith("86")) digits = digits.slice(2);
  if (digits.length < 7 || digits.length > 15) return { phone: null, display: s, unmatchable: true };
  return { phone: digits, display: s, unmatchable: false };
}

/** A category derived from a merchant SKU code (`MASK-HA-10` → `MASK-HA`): its code without the last part. */
export function categoryFromSku(sku: string | null): string | null {
  if (!sku) return null;
  const parts = sku.split(/[-_]/).filter((p) => p !== "");
  if (parts.length < 2) return sku;
  return parts.slice(0, -1).join("-");
}
