// Account health and bulk adds in a real browser against the real server and the emulator: the capacity card
// sums the accounts' safe caps; editing an account's age and verification raises its cap; recording a
// restriction drops it to 0 and the capacity with it. A phone list imported on the bulk-add page reports its bad
// row by number, and "assign now" turns the numbers into tasks for the healthy accounts.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickMember, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwHealthE2E";
const SECRET = "health-e2e-secret";
const TOKEN = "HealthE2E";
const AES_KEY = "aGVhbHRoRTJFRW5jb2RpbmdBRVNLZXlGb3JUaGVUZXN";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_health",
    corp: { corpId: CORP_ID, name: "健康品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 71,
    adminPassword,
    prepare: async ({ control }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "lao.wang", name: "老王" });
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "xiao.li", name: "小李" });
    },
  });
  ({ siyu, page } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const capacity = () => page.getByTestId("daily-capacity").locator(".ant-statistic-content-value");

describe("account health", () => {
  it("raises a cap when the account is older and verified, and drops it to 0 when restricted", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/risk/account-health`);
    const accounts = page.getByTestId("accounts");
    // Two accounts of unknown age: 40 each.
    await visible(accounts.locator("tr", { hasText: "老王" }).getByText("未知（按新号）"));
    await expect
      .poll(async () => (await capacity().textContent())?.trim(), { timeout: STEP_TIMEOUT })
      .toBe("80");

    await accounts
      .locator("tr", { hasText: "老王" })
      .getByRole("button", { name: /编\s*辑/ })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("created-on").fill("2024-13-01");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    // The server's field-level refusal shows on the field.
    await visible(dialog.locator(".ant-form-item-explain-error").first());
    await dialog.getByTestId("created-on").fill("2024-01-01");
    await dialog.getByText("企业认证").click();
    await dialog.getByText("个人实名").click();
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await expect
      .poll(async () => (await capacity().textContent())?.trim(), { timeout: STEP_TIMEOUT })
      .toBe("140");

    await page.getByRole("button", { name: /记录受限/ }).click();
    const record = page.getByRole("dialog");
    await pickMember(page, record.getByLabel("员工账号"), "lao.wang");
    await record.getByText("受限 24 小时").click();
    await record.getByRole("button", { name: /保\s*存/ }).click();
    await visible(page.getByTestId("restrictions-current").getByRole("cell", { name: "lao.wang" }));
    await expect
      .poll(async () => (await capacity().textContent())?.trim(), { timeout: STEP_TIMEOUT })
      .toBe("40");
    await visible(accounts.locator("tr", { hasText: "老王" }).getByText("受限", { exact: true }));

    await page.getByTestId("leads").fill("100");
    await page.getByRole("button", { name: /计\s*算/ }).click();
    // 40 today (xiao.li), 40 tomorrow while lao.wang still cools down, then 140 a day.
    await visible(page.getByTestId("forecast").getByText(/100 人需要 3 天/));
  }, 120_000);

  it("offers a typed userid as it is only once the directory has answered that it does not list it", async () => {
    if (!siyu) throw new Error("setup failed");
    // The directory answers slowly: a list that changes shape when the answer lands loses a click made meanwhile.
    await page.route("**/members?*", async (route) => {
      await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    });
    try {
      await page.goto(`${siyu.url}/risk/account-health`);
      await page.getByRole("button", { name: /记录受限/ }).click();
      const picker = page.getByRole("dialog").getByLabel("员工账号");
      await picker.click();
      const free = page.locator(".ant-select-dropdown:visible").getByTestId("member-free");
      // A listed member: never offered as a free userid, neither while the search is on its way nor after.
      await picker.fill("lao.wang");
      await new Promise((r) => setTimeout(r, 700));
      expect(await free.count()).toBe(0);
      await visible(page.locator(".ant-select-dropdown:visible").getByText("老王（lao.wang）"));
      expect(await free.count()).toBe(0);
      // Not in the directory: offered once the directory said so.
      await picker.fill("new.hire");
      await visible(free.filter({ hasText: "new.hire" }));
    } finally {
      await page.unroute("**/members?*");
    }
  }, 120_000);

  it("imports a phone list on the bulk-add page and assigns tasks to the healthy account", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/acquisition/bulk-add`);
    await page.getByTestId("list-name").fill("门店名单");
    const csv = ["姓名,手机号", "甲,13800001111", "乙,138-0000-2222", "丙,12345", "丁,13800001111"].join(
      "\n",
    );
    await page.locator("input[type=file]").setInputFiles({
      name: "phones.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.getByTestId("import-list").click();
    const result = page.getByTestId("import-result");
    await visible(result.getByText("已导入：新增 2 个号码"));
    const bad = page.getByTestId("bad-rows");
    await visible(bad.getByRole("cell", { name: "4", exact: true }));
    await visible(bad.getByText(/11-digit/));

    await page.getByTestId("run-bulk-adds").click();
    const tasks = page.getByTestId("bulk-tasks");
    await visible(tasks.getByRole("cell", { name: "13800001111" }));
    await visible(tasks.getByRole("cell", { name: "13800002222" }));
    // lao.wang is restricted: every task went to xiao.li.
    await expect.poll(async () => tasks.getByRole("cell", { name: "xiao.li" }).count()).toBe(2);
    await expect(tasks.getByRole("cell", { name: "lao.wang" }).count()).resolves.toBe(0);
  }, 120_000);
});
