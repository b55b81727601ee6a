// Outbound calls (外呼加微) in a real browser against the real server and the emulator: the page shows the team's
// capacity and the call lists; a campaign is planned from the receiving bucket (schedule by window); a result
// file is imported (A, B, C and an unanswered call) and the funnel shows called → connected → A/B/C.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwCallsE2E";
const SECRET = "calls-e2e-secret";
const TOKEN = "CallsE2E";
const AES_KEY = "Y2FsbHNFMkVFbmNvZGluZ0FFU0tleUZvclRoZURlbW8";
const adminPassword = randomBytes(12).toString("base64url");
const PHONES = ["13800001001", "13800001002", "13800001003", "13800001004"];

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_calls",
    corp: { corpId: CORP_ID, name: "外呼品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 71,
    adminPassword,
    prepare: async ({ control }) => {
      for (const [userid, name] of [
        ["zhou.xiao", "周晓"],
        ["wu.lei", "吴磊"],
        ["zheng.li", "郑丽"],
      ])
        await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid, name });
    },
  });
  ({ siyu, page } = world);
  // Four beauty buyers five days after their order: the receiving period.
  const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000).toISOString();
  const orders = await siyuApi("POST", "/api/orders", {
    corpId: CORP_ID,
    source: "shop",
    orders: PHONES.map((phone, i) => ({
      orderNo: `E2E-${i}`,
      status: "paid",
      amountCents: 8000,
      orderedAt: fiveDaysAgo,
      phone,
      buyerName: `顾客${i + 1}`,
      categories: ["美妆"],
    })),
  });
  expect(orders.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("outbound calls", () => {
  it("plans a campaign from a bucket, shows capacity and the schedule, imports results, shows the funnel", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/acquisition/outbound-calls`);
    // three new accounts × 40 adds a day
    const capacity = page.getByTestId("call-capacity");
    await visible(capacity.getByText("每日可加好友"));
    await visible(capacity.getByText("120").first());
    const receiving = page.getByTestId("call-lists").locator("tr", { hasText: "3-7 日下单（收货期）" });
    await visible(receiving.getByText("净值 4"));
    await receiving.getByRole("button", { name: "规划外呼" }).click();

    const form = page.getByTestId("plan-campaign-form");
    await visible(form);
    await form.getByLabel("活动名称").fill("收货期回访");
    await form.getByLabel("品牌名").fill("花漾");
    await page.getByRole("button", { name: "生成计划" }).click();
    await visible(page.getByText("外呼计划已生成"));
    await visible(page.getByTestId("schedule-summary").getByText("共 4 人，1 天完成"));
    // beauty: 11:30–12:30 and 18:30–19:30, two calls each
    const schedule = page.getByTestId("call-schedule");
    await visible(schedule.locator("tr", { hasText: "11:30-12:30" }).getByText("2", { exact: true }));
    await visible(schedule.locator("tr", { hasText: "18:30-19:30" }).getByText("2", { exact: true }));
    await visible(page.getByTestId("call-list").getByText("满100减10").first());

    const csv = [
      "手机号,结果代码,通话备注",
      `${PHONES[0]},A,同意`,
      `${PHONES[1]},B,微信不同号`,
      `${PHONES[2]},C,不需要`,
      `${PHONES[3]},no_answer,`,
    ].join("\n");
    await page
      .getByTestId("call-import")
      .locator("input[type=file]")
      .setInputFiles({ name: "results.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await visible(
      page
        .getByTestId("call-import-report")
        .getByText("已导入：新增 4 条，未变 0 条，跳过 0 条，发送短信 3 条"),
    );
    const total = page.getByTestId("call-funnel").locator("tr", { hasText: "合计" });
    // planned, called, connected, A, B, C
    await expect
      .poll(async () => (await total.locator("td").allTextContents()).slice(1, 7), { timeout: STEP_TIMEOUT })
      .toEqual(["4", "4", "3", "1", "1", "1"]);
    await page.getByRole("tab", { name: "未接（待重拨）" }).click();
    await visible(
      page
        .getByTestId("call-list")
        .locator("tr", { hasText: PHONES[3] as string })
        .getByText("未接"),
    );
  }, 120_000);
});
