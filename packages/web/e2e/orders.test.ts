// Orders in a real browser against the real server and the emulator: a 淘宝 export imported with its preset
// (counts shown), a generic file with a bad row (shown by row number and reason), and an order bound to a
// customer showing on the customer's 360 page.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 20_000;
const CORP_ID = "wwOrdersE2E";
const SECRET = "orders-e2e-secret";
const TOKEN = "OrdersE2E";
const AES_KEY = "T3JkZXJzRTJFRW5jb2RpbmdBRVNLZXlGb3JUZXN0czE";
const UNIONID = "o6_orders_e2e_buyer";
const adminPassword = randomBytes(12).toString("base64url");
const FIXTURES = path.join(REPO_ROOT, "packages/server/test/fixtures/orders");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_orders",
    corp: { corpId: CORP_ID, name: "订单品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 43,
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    prepare: async ({ control, people }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "li.shop", name: "李店员" });
      await people("add-customer", { userid: "li.shop", customer: { name: "下单的顾客", unionid: UNIONID } });
    },
  });
  ({ siyu, page, api: siyuApi } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("orders", () => {
  it("imports a 淘宝 export with its preset and lists the orders", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/customers/orders`);
    await visible(page.getByText("导入订单", { exact: true }));
    // Nothing chosen: a field message, nothing sent.
    await page.getByRole("button", { name: /开始导入/ }).click();
    await visible(page.getByText("请选择要导入的文件"));
    await page.locator("input[type=file]").setInputFiles(path.join(FIXTURES, "taobao-orders.csv"));
    await page.getByRole("button", { name: /开始导入/ }).click();
    await visible(page.getByTestId("import-result"));
    expect(await page.getByTestId("import-inserted").textContent()).toBe("30");
    expect(await page.getByTestId("import-bad").textContent()).toBe("0");
    await visible(page.getByTestId("orders-table").getByText("3912360248530824145"));
    await visible(page.getByTestId("orders-table").getByText("待付款").first());
  });

  it("shows the bad rows of a generic file by row number, keeping the good rows", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/customers/orders`);
    await page.getByTestId("order-preset").click();
    await page.locator(".ant-select-item-option").getByText("通用（自定义列映射）").click();
    await page.getByLabel("订单号").fill("单号");
    await page.getByLabel("实付金额").fill("金额");
    await page.getByLabel("下单时间").fill("时间");
    await page.locator("input[type=file]").setInputFiles({
      name: "orders.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "单号,金额,时间\nW-1,10.00,2025-06-01 10:00\nW-2,,2025-06-01 10:00\nW-3,abc,2025-06-01\n",
      ),
    });
    await page.getByRole("button", { name: /开始导入/ }).click();
    await visible(page.getByTestId("bad-rows"));
    expect(await page.getByTestId("import-inserted").textContent()).toBe("1");
    const rows = page.getByTestId("bad-rows").locator("tbody tr");
    await visible(rows.first());
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator("td").first().textContent()).toBe("3");
    await visible(rows.nth(0).getByText("缺少金额"));
    expect(await rows.nth(1).locator("td").first().textContent()).toBe("4");
    await visible(rows.nth(1).getByText("金额无法识别"));
  });

  it("shows a bound order on the customer's 360 page", async () => {
    if (!siyu) throw new Error("setup failed");
    const posted = await siyuApi<{ orders: { customerId: string | null }[] }>("POST", "/api/orders", {
      corpId: CORP_ID,
      source: "api",
      orders: [
        {
          orderNo: "E2E-1",
          status: "paid",
          amountCents: 9900,
          orderedAt: new Date().toISOString(),
          unionid: UNIONID,
        },
      ],
    });
    expect(posted.status).toBe(200);
    const customerId = posted.json.orders[0]!.customerId;
    expect(customerId).not.toBeNull();
    await page.goto(`${siyu.url}/customers/profile/${customerId}`);
    const card = page.getByTestId("customer-orders");
    await visible(card.getByText("E2E-1"));
    await visible(card.getByText("¥99.00").first());
    await visible(page.getByTestId("customer-timeline").getByText("下单", { exact: true }));
  });
});
