// CSV export of customers as operators open it in Excel: UTF-8 with a BOM, quoted cells, and cells that
// would start a formula neutralised (CSV injection).
import type { CustomerSummary } from "../../api/index.ts";

export const EXPORT_LIMIT = 10_000;

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export interface CsvHeaders {
  name: string;
  externalUserId: string;
  phones: string;
  staff: string;
  remarks: string;
  tags: string;
  channels: string;
  addedAt: string;
}

export function customersCsv(items: CustomerSummary[], headers: CsvHeaders): string {
  const rows = [
    [
      headers.name,
      headers.externalUserId,
      headers.phones,
      headers.staff,
      headers.remarks,
      headers.tags,
      headers.channels,
      headers.addedAt,
    ],
  ];
  for (const c of items) {
    const tags = new Set(c.follows.flatMap((f) => f.tags.map((t) => t.name)));
    rows.push([
      c.name,
      c.externalUserId,
      c.phones.join(" "),
      c.follows.map((f) => f.memberName ?? f.userid).join(" "),
      c.follows
        .map((f) => f.remark)
        .filter(Boolean)
        .join(" "),
      [...tags].join(" "),
      [...new Set(c.follows.map((f) => f.state).filter(Boolean))].join(" "),
      c.follows
        .map((f) => f.addedAt)
        .filter((d): d is string => d !== null)
        .sort()[0] ?? "",
    ]);
  }
  return `\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
