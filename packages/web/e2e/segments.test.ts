// The segment editor in a real browser against the real server and the emulator's demo corp (synced): a condition
// built in the visual builder shows a live count and fills the text box; negating it changes the count; typing in
// the text box rebuilds the builder and recounts; an unknown name is marked in the text; the segment is saved and
// its count history charted.
import { randomBytes } from "node:crypto";
import {
  DEMO_AES_KEY,
  DEMO_CORP_ID,
  DEMO_SECRET,
  DEMO_TOKEN,
  type RunningEmulator,
  startEmulator,
} from "@siyu/emulator";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  launchChromium,
  pageApi,
  type RunningSiyu,
  signIn,
  startSiyu,
  syncCorp,
  type TestDatabase,
} from "./harness.ts";

const STEP_TIMEOUT = 20_000;
const adminPassword = randomBytes(12).toString("base64url");

let database: TestDatabase | undefined;
let siyu: RunningSiyu | undefined;
let emulator: RunningEmulator | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

/** The count shown, once it is a number and no request is in flight. */
async function shownCount(): Promise<number> {
  let value = Number.NaN;
  await expect
    .poll(
      async () => {
        if (await page.getByText(/计算中/).isVisible()) return Number.NaN;
        value = Number(((await page.getByTestId("segment-count").textContent()) ?? "").replaceAll(",", ""));
        return value;
      },
      { timeout: STEP_TIMEOUT },
    )
    .not.toBeNaN();
  return value;
}

async function apiCount(text: string): Promise<number> {
  const r = await siyuApi<{ count: number }>("POST", "/api/segments/preview", { corpId: DEMO_CORP_ID, text });
  expect(r.status).toBe(200);
  return r.json.count;
}

beforeAll(async () => {
  database = await createDatabase(`siyu_web_seg_${randomBytes(6).toString("hex")}`);
  [siyu, emulator, browser] = await Promise.all([
    startSiyu({ databaseUrl: database.url, adminPassword, timeoutMs: 50_000 }),
    startEmulator({ port: 0, demo: { customers: 60 }, traffic: false, handleSignals: false }),
    launchChromium(),
  ]);
  context = await browser.newContext();
  page = await context.newPage();
  await signIn(page, siyu.url, adminPassword, STEP_TIMEOUT);
  const added = await siyuApi("POST", "/api/corps", {
    corpId: DEMO_CORP_ID,
    name: "演示品牌",
    secret: DEMO_SECRET,
    token: DEMO_TOKEN,
    aesKey: DEMO_AES_KEY,
    apiBase: emulator.url,
  });
  expect(added.status).toBeLessThan(300);
  await syncCorp(page, DEMO_CORP_ID);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await siyu?.stop();
  await emulator?.close();
  await database?.drop();
});

describe("segment editor", () => {
  it("builds a segment, sees its count change, edits it as text, and saves it with a count history", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/customers/segments`);
    await visible(page.getByText("还没有保存的人群"));
    await page.getByTestId("segment-new").click();
    await visible(page.getByText("添加条件后显示人数"));

    // A tag condition, picked in the builder.
    await page.getByTestId("add-condition").first().click();
    const row = page.getByTestId("segment-row").first();
    await row.locator(".ant-select").nth(2).click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").first().click();
    await page.keyboard.press("Escape");
    const tagged = await shownCount();
    const text = await page.getByTestId("segment-text").inputValue();
    expect(text).toMatch(/^标签:/);
    expect(tagged).toBe(await apiCount(text));
    expect(tagged).toBeGreaterThan(0);

    // NOT: the count changes to the rest of the corp.
    await row.getByRole("checkbox", { name: "非" }).check();
    await expect
      .poll(() => page.getByTestId("segment-text").inputValue(), { timeout: STEP_TIMEOUT })
      .toBe(`非 ${text}`);
    const negated = await shownCount();
    expect(negated).not.toBe(tagged);
    expect(negated).toBe(await apiCount(`not ${text}`));
    await visible(page.getByTestId("segment-sample").locator(".ant-list-item").first());

    // Typing in the text box rebuilds the builder and recounts.
    await page.getByTestId("segment-text").fill(`${text} or orders>=1`);
    await expect.poll(() => page.getByTestId("segment-row").count(), { timeout: STEP_TIMEOUT }).toBe(2);
    await visible(page.getByTestId("segment-row").nth(1).getByText("订单数"));
    expect(await shownCount()).toBe(tagged);

    // An unknown name is marked in the text; the last good count stays.
    await page.getByTestId("segment-text").fill(`${text} and tag:没有这个标签`);
    await visible(page.getByTestId("segment-text-error"));
    expect(await page.getByTestId("segment-error-range").textContent()).toBe("没有这个标签");
    await page.getByTestId("segment-text").fill(text);
    await expect
      .poll(() => page.getByTestId("segment-text-error").count(), { timeout: STEP_TIMEOUT })
      .toBe(0);
    expect(await shownCount()).toBe(tagged);

    // Saved: listed with its count, and its history charted.
    await page.getByTestId("segment-name").fill("高意向客户");
    await page.getByTestId("segment-save").click();
    await visible(page.getByText("人群已保存"));
    const listed = page.getByTestId("segment-list").getByRole("row", { name: /高意向客户/ });
    await visible(listed);
    await visible(listed.getByText(String(tagged), { exact: true }));
    await listed.getByRole("button", { name: /人数变化/ }).click();
    await visible(page.getByTestId("segment-history-chart").locator("canvas"));
  }, 120_000);
});
