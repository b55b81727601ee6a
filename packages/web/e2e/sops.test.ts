// SOPs in a real browser against the real server and the emulator: a SOP with a weekly entry and a festival
// entry is written in the editor; a festival date already past is refused on its field, in Chinese; once saved
// the list shows the calendar; when the weekly entry fires, the staff member's task (their two customers) shows
// on the tasks tab and is marked done with its button.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwSopsE2E";
const SECRET = "sops-e2e-secret";
const TOKEN = "SopsE2E";
const AES_KEY = "c29wc0UyRUVuY29kaW5nQUVTS2V5Rm9yVGhlVGVzdDE";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_sops",
    corp: { corpId: CORP_ID, name: "SOP 品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 61,
    adminPassword,
    prepare: async ({ control }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "wang.dian", name: "王店长" });
      for (const name of ["陈静", "李雷"])
        await control("POST", `/_emulator/corps/${CORP_ID}/people/add-customer`, {
          userid: "wang.dian",
          customer: { name },
        });
    },
  });
  ({ siyu, page } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** Picks an option of the antd select labelled `label` inside `scope`. */
async function choose(scope: Locator, label: string, option: string) {
  await scope.getByLabel(label).click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).click();
}

describe("SOPs", () => {
  it("writes a SOP with a weekly and a festival entry, then completes the task it makes", async () => {
    if (!siyu || !world) throw new Error("setup failed");
    await page.goto(`${siyu.url}/engagement/sop`);
    await visible(page.getByText("还没有 SOP"));
    await page
      .getByRole("button", { name: /新建 SOP/ })
      .first()
      .click();
    await page.waitForURL(/\/engagement\/sop\/new$/, { timeout: STEP_TIMEOUT });

    await page.getByLabel("名称").fill("周一早安");
    const weekly = page.getByTestId("sop-entry-0");
    await weekly.getByLabel("发送内容").fill("周一早安，本周新品已上架");
    await page.getByRole("button", { name: /添加日程/ }).click();
    const festival = page.getByTestId("sop-entry-1");
    await choose(festival, "时间规则", "指定日期");
    await festival.getByLabel("日期").fill("2020-11-11");
    await festival.getByLabel("时间", { exact: true }).fill("10:00");
    await festival.getByLabel("发送内容").fill("双十一狂欢，全场五折");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    // The server refuses the past date on its field, in Chinese; nothing typed is lost.
    await visible(festival.getByText("2020-11-11 10:00 已经过去"));
    expect(await weekly.getByLabel("发送内容").inputValue()).toBe("周一早安，本周新品已上架");

    await festival.getByLabel("日期").fill("2030-11-11");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.waitForURL(/\/engagement\/sop$/, { timeout: STEP_TIMEOUT });
    const row = page.locator("tr", { hasText: "周一早安" });
    await visible(row.getByText("每周一 09:00"));
    await visible(row.getByText("2030-11-11 10:00"));
    await visible(row.getByText("进行中 0 · 超时 0 · 已完成 0"));

    // The weekly entry's time comes (its next firing moved to now rather than waiting for Monday 09:00): the
    // scheduler makes the staff member's task.
    const client = new pg.Client({ connectionString: world.database.url });
    await client.connect();
    try {
      await client.query(
        "update sop_rules set next_due_at = now() where position = 0 and sop_id = (select id from sops where name = $1)",
        ["周一早安"],
      );
    } finally {
      await client.end();
    }
    await expect
      .poll(
        async () =>
          (await siyuApi<{ items: unknown[] }>("GET", `/api/corps/${CORP_ID}/sops/tasks`)).json.items.length,
        { timeout: STEP_TIMEOUT },
      )
      .toBe(1);

    await page.getByRole("tab", { name: "任务" }).click();
    await page.waitForURL(/\/engagement\/sop\/tasks$/, { timeout: STEP_TIMEOUT });
    const task = page.locator("tr", { hasText: "周一早安，本周新品已上架" });
    await visible(task.getByText("王店长"));
    await visible(task.getByText("发送给 2 位客户"));
    await task.getByRole("button", { name: /标记完成/ }).click();
    await visible(page.getByText("已标记完成"));
    await task.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });

    await choose(page.locator("body"), "状态", "已完成");
    await visible(page.locator("tr", { hasText: "周一早安，本周新品已上架" }).getByText("已手动标记"));
    await page.getByRole("tab", { name: "SOP 列表" }).click();
    await visible(page.locator("tr", { hasText: "周一早安" }).getByText("进行中 0 · 超时 0 · 已完成 1"));
  }, 120_000);
});
