// Reading a call centre's result file (CSV or XLSX, bytes sniffed whatever the name says): columns by trimmed
// header name (Siyu's own export, or 容联七陌-style 通话记录 with 被叫号码 / 接通时间 / 呼叫结果 / 通话备注), one
// result per row. A row carries an explicit code (A, B, C, no_answer, refused, invalid_number, or their Chinese
// names) or is coded from the call: unanswered calls by their outcome (空号 → invalid number, 用户忙/拒接 →
// refused, else no answer), answered calls by the agent's note (不需要/没兴趣 → C, 微信号不是手机号 → B,
// 同意/微信同号 → A). A declared UTF-8 file holding other bytes is reported line by line.

import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { AppError } from "../../lib/errors.ts";

export const OUTCOMES = ["A", "B", "C", "no_answer", "refused", "invalid_number"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ResultRow {
  row: number;
  phoneRaw: string;
  callId: string | null;
  code: string | null;
  startedAt: string | null;
  connectedAt: string | null;
  endedAt: string | null;
  duration: string | null;
  status: string | null;
  callResult: string | null;
  agent: string | null;
  note: string | null;
  planId: string | null;
  /** The file has the call centre's own columns (接通时间 / 处理状态); else a blank code means "not called". */
  callColumns: boolean;
}

export interface RowIssue {
  row: number;
  severity: "error" | "skipped";
  code: string;
  message: string;
  value: string | null;
}

export interface ReadResults {
  format: "csv" | "xlsx" | "api";
  encoding: string | null;
  rows: ResultRow[];
  issues: RowIssue[];
}

const COLUMNS: Record<Exclude<keyof ResultRow, "row" | "callColumns">, string[]> = {
  phoneRaw: ["手机号", "被叫号码", "客户电话", "电话", "phone", "mobile"],
  callId: ["通话ID", "通话id", "call_id", "callId"],
  code: ["结果代码", "结果", "result", "code", "outcome"],
  startedAt: ["开始时间", "started_at", "startedAt"],
  connectedAt: ["接通时间", "connected_at", "connectedAt"],
  endedAt: ["结束时间", "ended_at", "endedAt"],
  duration: ["通话时长", "duration"],
  status: ["处理状态", "status"],
  callResult: ["呼叫结果", "call_result"],
  agent: ["座席姓名", "座席工号", "agent"],
  note: ["通话备注", "备注", "note"],
  planId: ["计划ID", "plan_id"],
};

const EMPTY = new Set(["", "-", "—", "——"]);
const clean = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  let s =
    v instanceof Date
      ? v.toISOString()
      : typeof v === "object"
        ? String((v as { text?: unknown }).text ?? "")
        : String(v);
  s = s
    .replace(/^\t+/, "")
    .replace(/^="(.*)"$/, "$1")
    .replace(/^'/, "")
    .trim();
  return EMPTY.has(s) ? null : s;
};

function utf8Lines(buf: Buffer): number[] {
  const bad: number[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      try {
        decoder.decode(buf.subarray(start, i));
      } catch {
        bad.push(line);
      }
      line++;
      start = i + 1;
    }
  }
  return bad;
}

function decodeCsv(
  buf: Buffer,
  declared: string | null,
): { text: string; encoding: string; issues: RowIssue[] } {
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  const want = declared?.toLowerCase().replace(/[^a-z0-9]/g, "") ?? null;
  if (want === "utf8" || bom) {
    const bad = utf8Lines(body);
    if (bad.length > 0)
      return {
        text: "",
        encoding: "utf-8",
        issues: bad.map((row) => ({
          row,
          severity: "error" as const,
          code: "NOT_UTF8",
          message:
            "this line is not UTF-8 although the file says it is (GBK/GB18030 bytes?): save the file as UTF-8, or import it without declaring an encoding",
          value: null,
        })),
      };
    return { text: body.toString("utf8"), encoding: bom ? "utf-8-bom" : "utf-8", issues: [] };
  }
  if (want === "gbk" || want === "gb18030" || want === "gb2312")
    return { text: iconv.decode(body, "gb18030"), encoding: "gb18030", issues: [] };
  if (want !== null)
    throw new AppError("VALIDATION_FAILED", `unknown encoding ${declared}`, [
      { path: "/encoding", message: "use utf-8 or gb18030 (or leave it out to detect)" },
    ]);
  return utf8Lines(body).length === 0
    ? { text: body.toString("utf8"), encoding: "utf-8", issues: [] }
    : { text: iconv.decode(body, "gb18030"), encoding: "gb18030", issues: [] };
}

async function xlsxTable(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError(
      "CALL_RESULTS_UNREADABLE",
      `the XLSX workbook could not be read: ${(err as Error).message}`,
    );
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new AppError("CALL_RESULTS_UNREADABLE", "the XLSX workbook has no worksheet");
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, n) => {
    out[n - 1] = Array.isArray(r.values) ? r.values.slice(1) : [];
  });
  return Array.from(out, (r) => r ?? []);
}

export async function readResults(buf: Buffer, declaredEncoding: string | null): Promise<ReadResults> {
  if (buf.length === 0) throw new AppError("CALL_RESULTS_UNREADABLE", "the file is empty");
  const xlsx = buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;
  let table: unknown[][];
  let encoding: string | null = null;
  if (xlsx) table = await xlsxTable(buf);
  else {
    const d = decodeCsv(buf, declaredEncoding);
    if (d.issues.length > 0) return { format: "csv", encoding: d.encoding, rows: [], issues: d.issues };
    encoding = d.encoding;
    try {
      table = parse(d.text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    } catch (err) {
      throw new AppError("CALL_RESULTS_UNREADABLE", `the CSV could not be read: ${(err as Error).message}`);
    }
  }
  const header = (table[0] ?? []).map((h) => clean(h) ?? "");
  const index = {} as Record<keyof typeof COLUMNS, number>;
  for (const [field, names] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string[]][]) {
    index[field] = header.findIndex((h) => names.some((n) => n.toLowerCase() === h.toLowerCase()));
  }
  if (index.phoneRaw < 0)
    throw new AppError("CALL_RESULTS_UNREADABLE", "the file has no phone column", [
      { path: "/file", message: `add a column named ${COLUMNS.phoneRaw.slice(0, 2).join(" or ")}` },
    ]);
  if (index.code < 0 && index.connectedAt < 0 && index.status < 0)
    throw new AppError("CALL_RESULTS_UNREADABLE", "the file has no result column", [
      {
        path: "/file",
        message: "add a 结果代码 column (A, B, C, no_answer, refused) or the call centre's 接通时间/处理状态",
      },
    ]);
  const rows: ResultRow[] = [];
  table.slice(1).forEach((cells, i) => {
    const get = (f: keyof typeof COLUMNS) => (index[f] >= 0 ? clean(cells[index[f]]) : null);
    if (cells.every((c) => clean(c) === null)) return;
    rows.push({
      row: i + 2,
      phoneRaw: get("phoneRaw") ?? "",
      callId: get("callId"),
      code: get("code"),
      startedAt: get("startedAt"),
      connectedAt: get("connectedAt"),
      endedAt: get("endedAt"),
      duration: get("duration"),
      status: get("status"),
      callResult: get("callResult"),
      agent: get("agent"),
      note: get("note"),
      planId: get("planId"),
      callColumns: index.connectedAt >= 0 || index.status >= 0,
    });
  });
  return { format: xlsx ? "xlsx" : "csv", encoding, rows, issues: [] };
}

const CODE_NAMES: Record<string, Outcome> = {
  a: "A",
  b: "B",
  c: "C",
  no_answer: "no_answer",
  noanswer: "no_answer",
  未接: "no_answer",
  未接听: "no_answer",
  无人接听: "no_answer",
  refused: "refused",
  拒接: "refused",
  invalid_number: "invalid_number",
  空号: "invalid_number",
};

const C_NOTE = /不需要|没兴趣|不感兴趣|不用|别再打|不要|拒绝|不加/;
const B_NOTE = /不是手机号|不同号|号码不同|微信号不同|老号码|不是这个号|另一个号/;
const A_NOTE = /同意|愿意|可以加|同号|微信=手机|微信就是手机|好的/;

/** The outcome of a row, or an issue saying why it cannot be coded. */
export function codeRow(
  r: ResultRow,
):
  | { outcome: Outcome }
  | { skip: string; message: string }
  | { error: string; message: string; value: string | null } {
  if (r.code) {
    const o = CODE_NAMES[r.code.toLowerCase()] ?? CODE_NAMES[r.code];
    if (!o)
      return {
        error: "UNKNOWN_CODE",
        message: "unknown result code: use A, B, C, no_answer, refused or invalid_number",
        value: r.code,
      };
    return { outcome: o };
  }
  if (!r.callColumns)
    return { skip: "NOT_CALLED", message: "no result code: not called yet, left for later" };
  const answered = r.connectedAt !== null || r.status === "已接听" || r.status === "dealing";
  if (!answered) {
    const why = `${r.callResult ?? ""}${r.status ?? ""}`;
    if (/空号|invalid/i.test(why)) return { outcome: "invalid_number" };
    if (/用户忙|拒接|busy|reject/i.test(why)) return { outcome: "refused" };
    return { outcome: "no_answer" };
  }
  const note = r.note ?? "";
  if (C_NOTE.test(note)) return { outcome: "C" };
  if (B_NOTE.test(note)) return { outcome: "B" };
  if (A_NOTE.test(note)) return { outcome: "A" };
  return {
    error: "UNCODED_ANSWER",
    message:
      "an answered call without a result code whose note says neither yes nor no: add a 结果代码 (A, B or C)",
    value: r.note,
  };
}
