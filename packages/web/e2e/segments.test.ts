// The segment editor in a real browser against the real server and the emulator's demo corp (synced): a condition
// built in the visual builder shows a live count and fills the text box; negating it changes the count; typing in
// the text box rebuilds the builder and recounts; an unknown name is marked in the text; the segment is saved and
// its count history charted.
import { randomBytes } from "node:crypto";
import { DEMO_CORP_ID } from "@siyu/emulator";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 20_000;
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

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
  world = await startConsoleWorld({
    name: "siyu_web_seg",
    corp: demoCorp("演示品牌"),
    demo: { customers: 60 },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
  });
  ({ siyu, page, api: siyuApi } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
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
