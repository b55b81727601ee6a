// `siyu orders import` as an operator runs it: a summary with counts and the bad rows, a clear failure otherwise.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addBareCorp, fixture } from "./orders-world.ts";
import { startTestSiyu, type TestSiyu } from "./siyu.ts";

const bin = path.resolve(import.meta.dirname, "../bin/siyu.js");
const CORP = "wworderscli";
let siyu: TestSiyu;
beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false });
  await addBareCorp(siyu, CORP);
}, 30_000);
afterAll(() => siyu.stop());

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("SIYU_") || k === "DATABASE_URL") delete env[k];
  const child = spawn(process.execPath, [bin, ...args, "--data-dir", siyu.ctx.config.dataDir], {
    env: { ...env, DATABASE_URL: siyu.database.url, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

it("imports an export and prints the counts; a repeat adds nothing", async () => {
  const first = await run([
    "orders",
    "import",
    fixture("taobao-orders.csv"),
    "--corp",
    CORP,
    "--preset",
    "taobao",
  ]);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/done \(csv, gb18030\): 30 rows → 30 orders: 30 new, 0 updated, 0 unchanged/);
  expect(first.out).toContain("25 orders have a masked phone");
  const again = await run([
    "orders",
    "import",
    fixture("taobao-orders.csv"),
    "--corp",
    CORP,
    "--preset",
    "taobao",
  ]);
  expect(again.out).toContain("0 new, 0 updated, 30 unchanged");
});

it("lists bad rows with their numbers (generic mapping)", async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "siyu-cli-")), "orders.csv");
  fs.writeFileSync(file, "id,total,when\nA1,9.90,2025-06-01 10:00\nA2,,2025-06-01 10:00\n");
  const mapping = JSON.stringify({ columns: { orderNo: "id", amount: "total", orderedAt: "when" } });
  const r = await run([
    "orders",
    "import",
    file,
    "--corp",
    CORP,
    "--preset",
    "generic",
    "--mapping",
    mapping,
  ]);
  expect(r.code).toBe(0);
  expect(r.out).toContain("1 new");
  expect(r.out).toContain("row 3: the amount is empty");
});

it("fails clearly on a file that does not fit the preset", async () => {
  const r = await run([
    "orders",
    "import",
    fixture("xiaoe-orders.csv"),
    "--corp",
    CORP,
    "--preset",
    "douyin",
  ]);
  expect(r.code).toBe(1);
  expect(r.out).toContain("ORDER_IMPORT_COLUMNS_MISSING");
});
