// Order import from the platform fixtures (fixtures/orders/README.md): each file with its preset, through the API.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addBareCorp,
  apiClient,
  fixture,
  type ImportResult,
  type OrderView,
  uploadMultipart,
  uploadRaw,
} from "./orders-world.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

let siyu: TestSiyu;
let admin: Record<string, string>;
let api: ReturnType<typeof apiClient>;
const CORP = "wwordersfixtures";

beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false });
  admin = await adminSession(siyu.url);
  api = apiClient(siyu.url, admin);
  await addBareCorp(siyu, CORP);
}, 30_000);
afterAll(() => siyu.stop());

async function orders(source: string): Promise<OrderView[]> {
  const r = await api<{ items: OrderView[] }>("GET", `/api/corps/${CORP}/orders?source=${source}&limit=200`);
  expect(r.status).toBe(200);
  return r.body.items;
}
const byNo = (list: OrderView[], no: string) => list.find((o) => o.orderNo === no)!;
const statusCounts = (list: OrderView[]) =>
  list.reduce<Record<string, number>>((a, o) => {
    a[o.status] = (a[o.status] ?? 0) + 1;
    return a;
  }, {});

describe('淘宝 (GB18030 CSV, quoted ="…" ids, \' phones)', () => {
  it("imports the order report", async () => {
    const r = await uploadRaw<ImportResult>(
      siyu.url,
      admin,
      CORP,
      fs.readFileSync(fixture("taobao-orders.csv")),
      {
        preset: "taobao",
        fileName: "ExportOrderList202506301200.csv",
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: "done",
      format: "csv",
      encoding: "gb18030",
      rowsTotal: 30,
      ordersTotal: 30,
      inserted: 30,
      badRows: 0,
      unmatchablePhone: 25,
    });
    const list = await orders("taobao");
    expect(list).toHaveLength(30);
    // two 等待买家付款, three closed unpaid, one closed after a full refund
    expect(statusCounts(list)).toEqual({ paid: 24, pending: 2, cancelled: 3, refunded: 1 });
    const first = byNo(list, "3912360248530824145");
    expect(first).toMatchObject({ amountCents: 12900, status: "paid", phone: "135****4606" });
    expect(first.orderedAt).toBe("2025-06-04T00:50:11.000Z"); // 08:50:11 China time
    expect(byNo(list, "3912561265844369700")).toMatchObject({ status: "cancelled", phone: "13900000102" });
    expect(list.some((o) => o.buyerName === "𠮷野家的小猫")).toBe(true); // outside GBK, inside GB18030
    expect(byNo(list, "3912713259939495388").items.map((i) => i.name)).toEqual([
      "【官方正品】思语玻尿酸补水面膜 10片装",
      "思语烟酰胺精华液 30ml 提亮肤色",
    ]);
  });

  it("fills items and categories from the item report (trailing empty field on every row)", async () => {
    const r = await uploadRaw<ImportResult>(
      siyu.url,
      admin,
      CORP,
      fs.readFileSync(fixture("taobao-order-items.csv")),
      { preset: "taobao-items" },
    );
    expect(r.body).toMatchObject({ status: "done", rowsTotal: 33, ordersTotal: 30, badRows: 0 });
    const o = byNo(await orders("taobao"), "3912713259939495388");
    expect(o.items).toHaveLength(2);
    expect(o.items[0]).toMatchObject({ sku: "MASK-HA-10" });
    expect(o.items.reduce((a, i) => a + (i.quantity ?? 0), 0)).toBe(3); // 宝贝总数量 3
    expect(o.categories.length).toBe(2);
    expect(o.amountCents).toBe(49700); // the order report's amount stays
  });
});

describe("有赞", () => {
  it("imports the order workbook (XLSX) by multipart", async () => {
    const r = await uploadMultipart<ImportResult>(siyu.url, admin, CORP, fixture("youzan-orders.xlsx"), {
      preset: "youzan",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "done", format: "xlsx", rowsTotal: 25, inserted: 25, badRows: 0 });
    const list = await orders("youzan");
    expect(byNo(list, "E20250629085941619343517")).toMatchObject({ status: "pending", amountCents: 0 });
    expect(byNo(list, "E20250630023049740903570")).toMatchObject({ status: "paid", amountCents: 6700 });
  });

  it("sniffs the same workbook named .csv, and a repeat changes nothing", async () => {
    const r = await uploadMultipart<ImportResult>(
      siyu.url,
      admin,
      CORP,
      fixture("youzan-orders-actually-xlsx.csv"),
      { preset: "youzan" },
    );
    expect(r.body).toMatchObject({ format: "xlsx", rowsTotal: 25, inserted: 0, updated: 0, unchanged: 25 });
  });

  it("fills lines and categories from the item CSV (UTF-8 with BOM)", async () => {
    const r = await uploadMultipart<ImportResult>(siyu.url, admin, CORP, fixture("youzan-order-items.csv"), {
      preset: "youzan-items",
    });
    expect(r.body).toMatchObject({ encoding: "utf-8-bom", rowsTotal: 28, ordersTotal: 25, badRows: 0 });
    const list = await orders("youzan");
    expect(byNo(list, "E20250630023049740903570").categories).toEqual(["咖啡饮品"]);
    expect(list.filter((o) => o.items.length === 3)).toHaveLength(1);
  });
});

describe("抖店 (one row per sub-order, tab-guarded ids, ciphertext phones)", () => {
  it("folds sub-orders into orders", async () => {
    const r = await uploadMultipart<ImportResult>(siyu.url, admin, CORP, fixture("douyin-orders.csv"), {
      preset: "douyin",
    });
    expect(r.body).toMatchObject({
      encoding: "utf-8-bom",
      rowsTotal: 18,
      ordersTotal: 16,
      inserted: 16,
      badRows: 0,
      unmatchablePhone: 16,
    });
    const list = await orders("douyin");
    const multi = byNo(list, "6916000172548573893");
    expect(multi.items).toHaveLength(3);
    expect(multi.phone?.startsWith("$$")).toBe(true);
    expect(multi.buyerName).toBeNull();
    expect(list.some((o) => o.amountCents === 129600)).toBe(true); // "1,296.00"
    expect(statusCounts(list).cancelled).toBe(1);
  });
});

describe("小鹅通", () => {
  it("imports the order CSV", async () => {
    const r = await uploadMultipart<ImportResult>(siyu.url, admin, CORP, fixture("xiaoe-orders.csv"), {
      preset: "xiaoe",
    });
    expect(r.body).toMatchObject({ rowsTotal: 20, inserted: 20, badRows: 0 });
    const list = await orders("xiaoe");
    expect(byNo(list, "o_1749656760_hKT6RpxH")).toMatchObject({
      amountCents: 13600,
      categories: ["实物商品"],
      status: "paid",
    });
    expect(list.some((o) => o.status === "refunded")).toBe(true);
  });
});

describe("bad input", () => {
  it("reports a file that does not fit the preset, and an unknown preset", async () => {
    const wrong = await uploadMultipart<{ error: { code: string; details: { field: string }[] } }>(
      siyu.url,
      admin,
      CORP,
      fixture("xiaoe-orders.csv"),
      { preset: "taobao" },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("ORDER_IMPORT_COLUMNS_MISSING");
    expect(wrong.body.error.details.map((d) => d.field)).toContain("orderNo");
    const unknown = await uploadRaw<{ error: { code: string } }>(siyu.url, admin, CORP, "a,b\n1,2\n", {
      preset: "nope",
    });
    expect(unknown.status).toBe(400);
    const imports = await api<{ items: unknown[] }>("GET", `/api/corps/${CORP}/order-imports`);
    expect(imports.body.items.length).toBe(7); // the failed ones created no import
  });

  it("keeps good rows and reports bad ones with their row number (generic mapping)", async () => {
    const csv = [
      "单号,金额,时间,状态,手机",
      "G-1,10.00,2025-06-01 10:00:00,已付款,13800000001",
      ",12.00,2025-06-01 10:00:00,已付款,", // row 3: no id
      "G-3,abc,2025-06-01 10:00:00,已付款,", // row 4: amount
      "G-4,5,2025-13-01 10:00:00,已付款,", // row 5: date
      "G-5,5,2025/6/2 9:41,飞走了,", // row 6: status
      'G-6,"1,200.50",2025/6/2 9:41,paid,\'13800000006',
      "G-1,10.00,2025-06-01 10:00:00,已付款,", // row 8: duplicate
    ].join("\r\n");
    const mapping = JSON.stringify({
      source: "shop1",
      columns: { orderNo: "单号", amount: "金额", orderedAt: "时间", status: "状态", phone: "手机" },
    });
    const r = await uploadRaw<ImportResult>(siyu.url, admin, CORP, csv, { preset: "generic", mapping });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rowsTotal: 7, inserted: 2, badRows: 5, encoding: "utf-8" });
    expect(r.body.errors.map((e) => [e.row, e.code])).toEqual([
      [3, "missing_order_no"],
      [4, "bad_amount"],
      [5, "bad_date"],
      [6, "unknown_status"],
      [8, "duplicate_order"],
    ]);
    const list = await orders("shop1");
    expect(byNo(list, "G-6")).toMatchObject({ amountCents: 120050, phone: "13800000006" });
    expect(byNo(list, "G-6").orderedAt).toBe("2025-06-02T01:41:00.000Z");
  });
});

describe("another corp", () => {
  it("cannot see this corp's orders or imports", async () => {
    const other = "wwordersother";
    await addBareCorp(siyu, other);
    const mine = await api<{ items: ImportResult[] }>("GET", `/api/corps/${CORP}/order-imports`);
    const id = mine.body.items[0]!.id;
    expect((await api("GET", `/api/corps/${other}/order-imports/${id}`)).status).toBe(404);
    expect((await api<{ items: unknown[] }>("GET", `/api/corps/${other}/orders`)).body.items).toEqual([]);
    // the same order id in the other corp is another order
    const r = await uploadRaw<ImportResult>(
      siyu.url,
      admin,
      other,
      fs.readFileSync(fixture("xiaoe-orders.csv")),
      {
        preset: "xiaoe",
      },
    );
    expect(r.body.inserted).toBe(20);
  });
});
