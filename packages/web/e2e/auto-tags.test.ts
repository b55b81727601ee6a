// Auto-tagging rules in a real browser against the real server and the emulator: the empty list, a keyword rule
// created through the form (the server's field errors shown first), its summary in the list, an edit, a switch
// off, and the page in English.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwAutoTagE2E";
const SECRET = "auto-tag-e2e-secret";
const TOKEN = "AutoTagE2E";
const AES_KEY = "QXV0b1RhZ0UyRUVuY29kaW5nQUVTS2V5Rm9yVGhlVGV";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_at",
    corp: { corpId: CORP_ID, name: "自动打标品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 43,
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    connect: "added",
  });
  ({ siyu, page, api: siyuApi } = world);
  const tags = await siyuApi("POST", `/api/corps/${CORP_ID}/tags`, {
    groupName: "兴趣",
    tags: [{ name: "美妆兴趣" }, { name: "母婴兴趣" }],
  });
  expect(tags.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("auto-tagging rules", () => {
  it("creates a keyword rule through the form, shows it, edits it and switches it off", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/customers/auto-tag`);
    await visible(page.getByText("还没有规则", { exact: false }));
    await page.getByRole("button", { name: /新建规则/ }).click();
    const dialog = page.getByRole("dialog");
    await visible(dialog);

    // Saved empty: the server's field errors land on the form, nothing is stored.
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await visible(dialog.locator(".ant-form-item-explain-error").first());
    expect(
      (await siyuApi<{ rules: unknown[] }>("GET", `/api/corps/${CORP_ID}/tag-rules`)).json.rules,
    ).toEqual([]);

    await dialog.getByLabel("规则名称").fill("美妆关键词");
    const tagPicker = dialog.getByLabel("打上标签");
    await tagPicker.click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "美妆兴趣" })
      .click();
    await page.keyboard.press("Escape");
    await dialog.getByTestId("rule-keywords").fill("口红\nＳＫ－ＩＩ\n粉底液");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });

    const table = page.getByTestId("rules-table");
    await visible(table.getByText("美妆关键词"));
    await visible(table.getByText("3 个关键词：口红、ＳＫ－ＩＩ、粉底液"));
    await visible(table.getByText("美妆兴趣"));
    const stored = (
      await siyuApi<{ rules: { id: string; config: { keywords: string[] }; enabled: boolean }[] }>(
        "GET",
        `/api/corps/${CORP_ID}/tag-rules`,
      )
    ).json.rules;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.config.keywords).toEqual(["口红", "ＳＫ－ＩＩ", "粉底液"]);

    // Edit: the kind is fixed; one keyword more.
    await table.getByRole("button", { name: /编\s*辑/ }).click();
    await visible(dialog);
    await visible(dialog.getByText("规则类型创建后不能修改"));
    await dialog.getByTestId("rule-keywords").fill("口红\nＳＫ－ＩＩ\n粉底液\n眼霜");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await visible(table.getByText("4 个关键词：口红、ＳＫ－ＩＩ、粉底液、眼霜"));

    await table.getByRole("switch", { name: "启用" }).click();
    await expect
      .poll(
        async () =>
          (await siyuApi<{ rules: { enabled: boolean }[] }>("GET", `/api/corps/${CORP_ID}/tag-rules`)).json
            .rules[0]?.enabled,
        { timeout: STEP_TIMEOUT },
      )
      .toBe(false);
  }, 90_000);

  it("speaks English when switched", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.evaluate(() => localStorage.setItem("siyu.language", "en"));
    await page.goto(`${siyu.url}/customers/auto-tag`);
    await visible(page.getByText("Auto-tagging rules"));
    await visible(page.getByText("4 keywords: 口红、ＳＫ－ＩＩ、粉底液、眼霜"));
    await visible(page.getByRole("tab", { name: "Live viewer import" }));
    await page.evaluate(() => localStorage.setItem("siyu.language", "zh-CN"));
  }, 60_000);
});
