// A 100,000-row 淘宝-style export (GB18030) with 1% bad rows: 99,000 orders kept, 1,000 rows reported with their
// row numbers and reasons, and a second import of the same file adds nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addBareCorp, apiClient, type ImportResult } from "./orders-world.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

const ROWS = 100_000;
const CORP = "wwordersbulk";
let siyu: TestSiyu;
let admin: Record<string, string>;
let file: string;
const expectedBad: [number, string][] = [];

beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false });
  admin = await adminSession(siyu.url);
  await addBareCorp(siyu, CORP);
  const lines = [
    '"订单编号","买家会员名","买家实际支付金额","订单状态","联系手机","订单创建时间 ","宝贝标题 "',
  ];
  const reasons = ["missing_order_no", "bad_amount", "bad_date", "unknown_status"];
  for (let i = 0; i < ROWS; i++) {
    let no = `="${4000000000000000000n + BigInt(i)}"`;
    let amount = `${(i % 500) + 1}.${String(i % 100).padStart(2, "0")}`;
    let at = `2025-0${(i % 9) + 1}-1${i % 10} 1${i % 10}:0${i % 10}:00`;
    let status = i % 7 === 0 ? "交易成功" : "买家已付款，等待卖家发货";
    if (i % 100 === 99) {
      const code = reasons[((i / 100) % 4) | 0]!;
      if (code === "missing_order_no") no = "";
      if (code === "bad_amount") amount = "十块";
      if (code === "bad_date") at = "2025-02-30 10:00:00";
      if (code === "unknown_status") status = "飞走了";
      expectedBad.push([i + 2, code]); // header is row 1
    }
    lines.push(
      `${no},"tb买家${i}","${amount}","${status}","'1380${String(i).padStart(7, "0")}","${at}","思语面膜 ${i % 30}号"`,
    );
  }
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "siyu-orders-")), "ExportOrderList.csv");
  fs.writeFileSync(file, iconv.encode(`${lines.join("\r\n")}\r\n`, "gb18030"));
}, 60_000);
afterAll(async () => {
  await siyu.stop();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

async function upload(): Promise<ImportResult> {
  const res = await fetch(`${siyu.url}/api/corps/${CORP}/order-imports?preset=taobao`, {
    method: "POST",
    headers: { ...admin, "content-type": "text/csv" },
    body: fs.createReadStream(file) as unknown as BodyInit,
    duplex: "half",
  } as RequestInit);
  expect(res.status).toBe(200);
  return (await res.json()) as ImportResult;
}

it("keeps 99,000 orders, reports the 1,000 bad rows by number, and a repeat adds nothing", async () => {
  const first = await upload();
  expect(first).toMatchObject({
    status: "done",
    encoding: "gb18030",
    rowsTotal: 100_000,
    ordersTotal: 99_000,
    inserted: 99_000,
    badRows: 1_000,
  });
  const api = apiClient(siyu.url, admin);
  const errors = await api<{ items: { row: number; code: string }[] }>(
    "GET",
    `/api/corps/${CORP}/order-imports/${first.id}/errors?limit=1000`,
  );
  expect(errors.body.items.map((e) => [e.row, e.code])).toEqual(expectedBad);

  const second = await upload();
  expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 99_000, badRows: 1_000 });
  const n = await siyu.ctx.db
    .selectFrom("orders")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("corp_id", "=", CORP)
    .executeTakeFirstOrThrow();
  expect(Number(n.n)).toBe(99_000);
}, 240_000);
