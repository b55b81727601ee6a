// The console in a real browser against the real server: sign-in (with a wrong password first),
// the dashboard and navigation in Chinese, switching to English, and signing out.
import { randomBytes } from "node:crypto";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  launchChromium,
  type RunningSiyu,
  signIn,
  startSiyu,
  type TestDatabase,
} from "./harness.ts";

const STEP_TIMEOUT = 10_000;
const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const adminPassword = randomBytes(12).toString("base64url");

let database: TestDatabase | undefined;
let siyu: RunningSiyu | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  database = await createDatabase(`siyu_web_e2e_${randomBytes(6).toString("hex")}`);
  [siyu, browser] = await Promise.all([
    startSiyu({ databaseUrl: database.url, adminPassword, timeoutMs: 50_000 }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await siyu?.stop();
  await database?.drop();
});

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const menu = (page: Page) => page.locator(".ant-layout-sider .ant-menu");

const GROUPS_ZH = ["工作台", "引流获客", "客户", "客户群", "触达", "内容", "风控", "数据", "设置"];
const GROUPS_EN = [
  "Dashboard",
  "Acquisition",
  "Customers",
  "Groups",
  "Engagement",
  "Content",
  "Risk",
  "Analytics",
  "Settings",
];

describe("console", () => {
  it("signs in, shows the dashboard and navigation in Chinese, switches to English and signs out", async () => {
    if (!browser || !siyu) throw new Error("setup failed");
    const page = await browser.newPage();
    try {
      // Not signed in: any page leads to the login form, in Chinese by default.
      await page.goto(`${siyu.url}/dashboard`);
      await page.waitForURL(/\/login$/, { timeout: STEP_TIMEOUT });
      const submit = page.getByRole("button", { name: /登\s*录/ });
      await visible(page.getByText("登录控制台"));

      // Field validation before anything is sent.
      await submit.click();
      await visible(page.getByText("请输入用户名"));
      await visible(page.getByText("请输入密码"));

      // A wrong password: the API's INVALID_CREDENTIALS, shown translated.
      await page.getByLabel("用户名").fill("admin");
      await page.getByLabel("密码").fill(`${adminPassword}-wrong`);
      await submit.click();
      await visible(page.getByRole("alert").getByText("用户名或密码错误"));
      expect(page.url()).toMatch(/\/login$/);

      // The right one: back to where the user was going.
      await page.getByLabel("密码").fill(adminPassword);
      await submit.click();
      await page.waitForURL(/\/dashboard$/, { timeout: STEP_TIMEOUT });
      await visible(page.getByRole("heading", { name: "工作台" }));
      await visible(page.getByText("已接入企业"));
      await visible(page.getByText("添加企业微信企业并配置回调地址后", { exact: false }));
      expect(await page.getByTestId("current-user").textContent()).toBe("admin");
      for (const group of GROUPS_ZH) await visible(menu(page).getByText(group, { exact: true }));

      // A page that has not landed yet says what it will do.
      await menu(page).getByText("设置", { exact: true }).click();
      await menu(page).getByText("审计日志", { exact: true }).click();
      await page.waitForURL(/\/settings\/audit-log$/, { timeout: STEP_TIMEOUT });
      await visible(page.getByText("将在后续版本上线"));

      // English, remembered across a reload.
      await page.getByRole("button", { name: "语言" }).click();
      await page.getByRole("menuitem", { name: "English" }).click();
      for (const group of GROUPS_EN) await visible(menu(page).getByText(group, { exact: true }));
      await visible(page.getByRole("heading", { name: "Audit log" }));
      await page.reload();
      await visible(page.getByText("Arrives in a later release"));
      await visible(menu(page).getByText("Settings", { exact: true }));

      // Signing out ends the session on the server, not only in the page.
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL(/\/login$/, { timeout: STEP_TIMEOUT });
      await visible(page.getByText("Sign in to the console"));
      await page.goto(`${siyu.url}/settings/corps`);
      await page.waitForURL(/\/login$/, { timeout: STEP_TIMEOUT });
      await visible(page.getByRole("button", { name: "Sign in" }));
    } finally {
      await page.close();
    }
  }, 60_000);

  it("adds a corp, and issues an API token that works until it is revoked", async () => {
    if (!browser || !siyu) throw new Error("setup failed");
    const context = await browser.newContext();
    const page = await context.newPage();
    const corps = (token: string) =>
      fetch(`${siyu?.url}/api/corps`, { headers: { authorization: `Bearer ${token}` } });
    try {
      await signIn(page, siyu.url, adminPassword, STEP_TIMEOUT);

      // From the dashboard's empty state to the corp form.
      await page.getByRole("button", { name: "添加企业" }).click();
      await page.waitForURL(/\/settings\/corps$/, { timeout: STEP_TIMEOUT });
      const form = page.locator(".ant-modal");
      const fillCorp = async (aesKey: string) => {
        await form.getByLabel("企业 ID").fill("wwe2e0000000001");
        await form.getByLabel("名称").fill("端到端测试企业");
        await form.getByLabel("应用 Secret").fill("e2e-secret");
        await form.getByLabel("回调 Token").fill("e2eToken");
        await form.getByLabel("EncodingAESKey").fill(aesKey);
        await form.getByRole("button", { name: /保\s*存/ }).click();
      };
      await page.getByRole("button", { name: /添加企业/ }).click();
      await fillCorp("too-short");
      await visible(form.getByText("EncodingAESKey 应为 43 位字母或数字"));
      await form.getByLabel("EncodingAESKey").fill(AES_KEY);
      await form.getByRole("button", { name: /保\s*存/ }).click();
      await visible(page.getByRole("cell", { name: "wwe2e0000000001" }));
      // The header's corp switcher knows the new corp without a reload.
      await visible(page.locator(".siyu-header").getByText("端到端测试企业"));

      // The same corp again: the server's CORP_EXISTS, translated, next to the field; the input is kept.
      await page.getByRole("button", { name: /添加企业/ }).click();
      await fillCorp(AES_KEY);
      await visible(form.getByText("该企业 ID 已经添加过"));
      expect(await form.getByLabel("名称").inputValue()).toBe("端到端测试企业");
      await form.getByRole("button", { name: /取\s*消/ }).click();

      // A token is shown once and lets an integration call the API.
      await menu(page).getByText("API 令牌", { exact: true }).click();
      await page.getByRole("button", { name: /新建令牌/ }).click();
      await page.locator(".ant-modal").getByLabel("名称").fill("e2e integration");
      await page
        .getByRole("button", { name: /新\s*建/ })
        .last()
        .click();
      const shown = page.locator(".ant-modal code");
      await visible(shown);
      const token = (await shown.textContent())?.trim() ?? "";
      expect(token.length).toBeGreaterThan(16);
      const allowed = await corps(token);
      expect(allowed.status).toBe(200);
      expect(JSON.stringify(await allowed.json())).toContain("wwe2e0000000001");
      await page
        .getByRole("button", { name: /关\s*闭/ })
        .last()
        .click();

      // Revoked, it no longer opens anything.
      await visible(page.getByRole("cell", { name: "e2e integration" }));
      await page.getByRole("button", { name: /撤\s*销/ }).click();
      await page
        .locator(".ant-popconfirm")
        .getByRole("button", { name: /撤\s*销/ })
        .click();
      await visible(page.getByText("令牌已撤销"));
      expect((await corps(token)).status).toBe(401);
    } finally {
      await context.close();
    }
  }, 60_000);
});
