// Store codes (门店活码) in a real browser against the real server and the emulator's demo corp: the store form
// checks its fields (name, city, staff, coordinates, overlapping hours) and saves a store with staff picked from
// the directory; the store code is created and its QR shown and downloadable; the public landing page, opened
// as a customer's phone with a location, shows that store's staff QR, and with location refused offers the
// city; the 千店千群 report lists the store.
import { randomBytes } from "node:crypto";
import { DEMO_CORP_ID } from "@siyu/emulator";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, naturalWidth, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let browser: Browser | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];
let member: { userid: string; name: string };
let landingPath = "";

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  // The demo corp connected and synced, so the member picker knows its staff.
  world = await startConsoleWorld({
    name: "siyu_web_stores",
    corp: demoCorp("演示品牌"),
    demo: { customers: 20 },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
  });
  ({ siyu, browser, page, api: siyuApi } = world);
  const members = await siyuApi<{ items: { userid: string; name: string; customerContact: boolean }[] }>(
    "GET",
    `/api/corps/${DEMO_CORP_ID}/members?limit=50`,
  );
  const usable = members.json.items.find((m) => m.customerContact && m.name);
  if (!usable) throw new Error("the demo corp has no member who may have customers");
  member = usable;
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("store codes in the console", () => {
  it("creates a store through the form, refusing bad fields first", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/acquisition/store-codes`);
    await visible(page.getByText("还没有门店"));
    await page
      .getByRole("button", { name: /新建门店/ })
      .first()
      .click();
    await page.waitForURL(/\/acquisition\/store-codes\/stores\/new$/, { timeout: STEP_TIMEOUT });

    const save = page.getByRole("button", { name: /新建门店/ }).last();
    await page.getByLabel("纬度").fill("91");
    await page.getByRole("button", { name: /添加时段/ }).click();
    await page.getByRole("button", { name: /添加时段/ }).click();
    await save.click();
    await visible(page.getByText("请输入名称"));
    await visible(page.getByText("请输入城市"));
    await visible(page.getByText("门店至少需要一名导购"));
    await visible(page.getByText("纬度须在 -90 到 90 之间"));
    await visible(page.getByText("第 2 个时段与第 1 个时段重叠"));

    await page.getByLabel("门店名称").fill("人民广场店");
    await page.getByLabel("城市").fill("上海市");
    await page.getByLabel("区县").fill("黄浦区");
    await page.getByLabel("纬度").fill("31.2304");
    await page.getByLabel("经度").fill("121.4737");
    // Open all day (the test may run on any weekday): no ranges.
    await page.getByRole("button", { name: "删除时段" }).last().click();
    await page.getByRole("button", { name: "删除时段" }).last().click();
    await page.getByLabel("门店导购").click();
    await page.keyboard.type(member.userid);
    await visible(page.locator(".ant-select-item-option").getByText(member.userid, { exact: false }));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await save.click();

    await page.waitForURL(/\/acquisition\/store-codes\?tab=stores$/, { timeout: STEP_TIMEOUT });
    const row = page.getByRole("row", { name: /人民广场店/ });
    await visible(row);
    await visible(row.getByText(member.name));
    await visible(row.getByText("营业中"));
  }, 60_000);

  it("creates the store code and shows its QR, downloadable as PNG", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.getByRole("tab", { name: "门店活码" }).click();
    await visible(page.getByText("还没有门店活码"));
    await page
      .getByRole("button", { name: /新建门店活码/ })
      .first()
      .click();
    const modal = page.locator(".ant-modal");
    await modal.getByLabel("落地页标题").fill("找到离您最近的门店");
    await modal.getByRole("button", { name: /新建门店活码/ }).click();

    const card = page.getByTestId("store-code");
    await visible(card);
    const qr = card.locator("img").first();
    await visible(qr);
    await expect.poll(() => naturalWidth(qr), { timeout: STEP_TIMEOUT }).toBeGreaterThan(100);
    const png = await download(page, card.getByRole("link", { name: /下载 PNG/ }), STEP_TIMEOUT);
    expect(png.suggestedFilename()).toMatch(/^store-code-\d+\.png$/);
    const link = card.locator("a[href^='/s/']");
    landingPath = (await link.getAttribute("href")) ?? "";
    expect(landingPath).toMatch(/^\/s\/[A-Za-z0-9_-]+$/);
  }, 60_000);

  it("shows a customer with a location the nearest store's staff QR, and offers cities without one", async () => {
    if (!siyu || !browser) throw new Error("setup failed");
    const phone = await browser.newContext({
      geolocation: { latitude: 31.22, longitude: 121.44 },
      permissions: ["geolocation"],
      locale: "zh-CN",
    });
    const landing = await phone.newPage();
    await landing.goto(`${siyu.url}${landingPath}`);
    await visible(landing.getByRole("heading", { name: "找到离您最近的门店" }));
    await visible(landing.getByText("人民广场店"));
    await visible(landing.getByText(/距您 3\.\d 公里/));
    const staffQr = landing.getByAltText("门店导购二维码");
    await expect.poll(() => naturalWidth(staffQr), { timeout: STEP_TIMEOUT }).toBeGreaterThan(100);
    await phone.close();

    const refused = await browser.newContext({ locale: "zh-CN" });
    const noLocation = await refused.newPage();
    await noLocation.goto(`${siyu.url}${landingPath}`);
    await visible(noLocation.getByText("请选择您所在的城市", { exact: false }));
    await noLocation.getByLabel("城市").selectOption("上海市");
    await noLocation.getByRole("button", { name: "查看门店" }).click();
    await visible(noLocation.getByText("人民广场店"));
    await refused.close();
  }, 60_000);

  it("lists the store in the 千店千群 report", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.getByRole("tab", { name: "千店千群报表" }).click();
    const report = page.getByTestId("store-report");
    await visible(report.getByRole("row", { name: /人民广场店/ }));
    await visible(report.getByText("未设置门店群"));
    const csv = await download(page, page.getByRole("link", { name: /导出 CSV/ }), STEP_TIMEOUT);
    expect(csv.suggestedFilename()).toMatch(/^store-report-.*\.csv$/);
  }, 60_000);

  it("imports stores from a CSV sheet and lists the rows it refused", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.getByRole("tab", { name: "门店", exact: true }).click();
    const csv = [
      "门店名称,城市,纬度,经度,导购,营业时间",
      `西湖店,杭州市,30.259,120.13,${member.userid},1-7 09:00-22:00`,
      "幽灵店,杭州市,,,ghost,",
    ].join("\r\n");
    await page.locator("input[type=file]").setInputFiles({
      name: "stores.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\uFEFF${csv}`),
    });
    const modal = page.locator(".ant-modal");
    await visible(modal.getByText("新建 1 家，更新 0 家，1 行未导入"));
    await visible(modal.getByTestId("store-import-failed").getByText("ghost 不是本企业的在职员工"));
    await modal
      .getByRole("button", { name: /关\s*闭/ })
      .last()
      .click();
    await visible(page.getByRole("row", { name: /西湖店/ }));
    expect(await page.getByRole("row", { name: /幽灵店/ }).count()).toBe(0);
  }, 60_000);
});
