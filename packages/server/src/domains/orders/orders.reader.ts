// Streams the rows of an uploaded order export without holding the file: sniffs the format from the bytes (an
// XLSX is a ZIP, `PK\x03\x04`, whatever its name says), the text encoding of a CSV (UTF-8 with or without BOM,
// else GB18030, a superset of GBK), then yields rows numbered as the user sees them (header = row 1).
import { PassThrough, Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { AppError } from "../../lib/errors.ts";

export interface TableRow {
  /** 1-based row number in the file or sheet; the header is row 1. */
  row: number;
  cells: unknown[];
}

export interface OpenedTable {
  format: "csv" | "xlsx";
  encoding: "utf-8" | "utf-8-bom" | "gb18030" | null;
  rows: AsyncIterable<TableRow>;
}

const SNIFF_BYTES = 256 * 1024;

/** Reads up to `n` bytes from the head of a stream and returns them with a stream that still yields everything. */
async function peek(input: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const it = input[Symbol.asyncIterator]();
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    chunks.push(b);
    size += b.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest() {
    yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value as Buffer;
    }
  }
  return { head, stream: Readable.from(rest(), { objectMode: false }) };
}

/** UTF-8 (strict) for the sampled head, allowing a sequence cut at the end of the sample. */
function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function sniff(head: Buffer): Pick<OpenedTable, "format" | "encoding"> {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return { format: "xlsx", encoding: null };
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { format: "csv", encoding: "utf-8-bom" };
  return { format: "csv", encoding: isUtf8(head) ? "utf-8" : "gb18030" };
}

async function* csvRows(stream: Readable, encoding: string): AsyncIterable<TableRow> {
  const decoder = iconv.decodeStream(encoding === "gb18030" ? "gb18030" : "utf-8", { stripBOM: true });
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  });
  stream.on("error", (e) => parser.destroy(e));
  decoder.on("error", (e) => parser.destroy(e));
  stream.pipe(decoder).pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (err) {
    throw new AppError(
      "ORDER_IMPORT_UNREADABLE",
      `the CSV could not be read after row ${row}: ${(err as Error).message}`,
      {
        row: row + 1,
      },
    );
  }
}

async function* xlsxRows(stream: Readable): AsyncIterable<TableRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
    entries: "emit",
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(r.values) ? r.values.slice(1) : [];
        yield { row: r.number, cells: values };
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      "ORDER_IMPORT_UNREADABLE",
      `the XLSX workbook could not be read: ${(err as Error).message}`,
    );
  }
  if (sheets === 0) throw new AppError("ORDER_IMPORT_UNREADABLE", "the XLSX workbook has no worksheet");
}

/** Opens an export from a byte stream. */
export async function openTable(input: Readable): Promise<OpenedTable> {
  const source = input.readableObjectMode ? input : input.pipe(new PassThrough());
  const { head, stream } = await peek(source, SNIFF_BYTES);
  if (head.length === 0) throw new AppError("ORDER_IMPORT_UNREADABLE", "the file is empty");
  const kind = sniff(head);
  const rows = kind.format === "xlsx" ? xlsxRows(stream) : csvRows(stream, kind.encoding ?? "utf-8");
  return { ...kind, rows };
}
