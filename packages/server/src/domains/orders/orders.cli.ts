// `siyu orders import <file> --corp <id> --preset <name>`: streams the file into an import, with a progress bar
// (bytes read) on a terminal and a line per 10% otherwise, then prints the counts and the first bad rows.
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import cliProgress from "cli-progress";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { importOrders } from "./orders.import.ts";
import { genericMapping } from "./orders.schemas.ts";
import * as service from "./orders.service.ts";

export interface OrdersImportFlags {
  corp: string;
  preset: string;
  mapping?: string;
}

/** Returns false when the import failed. */
export async function runOrdersImport(
  ctx: Ctx,
  file: string,
  flags: OrdersImportFlags,
  out: { print: (line: string) => void; tty: boolean },
): Promise<boolean> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError("VALIDATION_FAILED", `cannot read ${file}`, [
      { path: "file", message: "no such file" },
    ]);
  }
  let mapping: ReturnType<typeof genericMapping.parse> | undefined;
  if (flags.mapping) mapping = genericMapping.parse(JSON.parse(flags.mapping));
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      read += chunk.length;
      done(null, chunk);
    },
  });
  const input = fs.createReadStream(file).pipe(counter);
  const bar = out.tty
    ? new cliProgress.SingleBar(
        { format: "{bar} {percentage}% | {rows} rows, {bad} bad | {eta_formatted} left", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(size, 0, { rows: 0, bad: 0 });
  let lastTenth = 0;
  let id: string;
  try {
    id = await importOrders(
      ctx,
      {
        corpId: flags.corp,
        preset: flags.preset,
        mapping: mapping as Parameters<typeof importOrders>[1]["mapping"],
        fileName: path.basename(file),
        onProgress: (p) => {
          if (bar) bar.update(read, { rows: p.rows, bad: p.badRows });
          else {
            const tenth = Math.floor((read / Math.max(size, 1)) * 10);
            if (tenth > lastTenth) {
              lastTenth = tenth;
              out.print(`${tenth * 10}% — ${p.rows.toLocaleString("en-US")} rows, ${p.badRows} bad`);
            }
          }
        },
      },
      input,
    );
  } finally {
    bar?.update(read);
    bar?.stop();
  }
  const r = await service.getImport(ctx, flags.corp, id);
  const n = (x: number) => x.toLocaleString("en-US");
  out.print(
    `Import #${r.id} ${r.status} (${r.format}${r.encoding ? `, ${r.encoding}` : ""}): ${n(r.rowsTotal)} rows → ` +
      `${n(r.ordersTotal)} orders: ${n(r.inserted)} new, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged; ` +
      `${n(r.bound)} bound to customers; ${n(r.badRows)} bad rows`,
  );
  if (r.unmatchablePhone > 0)
    out.print(`${n(r.unmatchablePhone)} orders have a masked phone (kept, not matched)`);
  for (const e of r.errors.slice(0, 20)) out.print(`  row ${e.row}: ${e.reason}`);
  if (r.badRows > 20)
    out.print(
      `  … and ${n(r.badRows - 20)} more (GET /api/corps/${flags.corp}/order-imports/${r.id}/errors)`,
    );
  return r.status === "done";
}
