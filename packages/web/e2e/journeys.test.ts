// Message lines (触达 → 消息线) in a real browser against the real server and the emulator: steps out of order are
// refused on the step's field in Chinese; a T+0 / T+3 line is created; two customers are enrolled by hand (an
// unknown id is named); the journey scheduler moves them past T+0 and the detail page shows them waiting for T+3;
// pausing shows on the page.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwJourneysE2E";
const SECRET = "journeys-e2e-secret";
const TOKEN = "JourneysE2E";
const AES_KEY = "am91cm5leXNFMkVFbmNvZGluZ0FFU0tleUZvclRoZVQ";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
const customers: string[] = [];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_journeys",
    corp: { corpId: CORP_ID, name: "消息线品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 59,
    adminPassword,
    prepare: async ({ control }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "li.dao", name: "李导购" });
      for (const name of ["周敏", "吴磊"]) {
        const r = await control<{ externalUserId: string }>(
          "POST",
          `/_emulator/corps/${CORP_ID}/people/add-customer`,
          {
            userid: "li.dao",
            customer: { name },
          },
        );
        customers.push(r.externalUserId);
      }
    },
  });
  ({ siyu, page } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("message lines", () => {
  it("creates a T+ line, enrols customers by hand and shows them move past T+0", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/engagement/lines`);
    await visible(page.getByText("还没有消息线"));
    await page
      .getByRole("button", { name: /新建消息线/ })
      .first()
      .click();
    await page.waitForURL(/\/engagement\/lines\/new$/, { timeout: STEP_TIMEOUT });

    await page.getByTestId("line-name").fill("新客 3 天培育");
    // Step 1 at T+3 10:00, step 2 at T+0 "0 hours after joining": out of order.
    await page.getByTestId("step-0-day").fill("3");
    await page.getByTestId("step-0-at").fill("10:00");
    await page.getByTestId("step-0-text").fill("品牌故事：我们的第一家店");
    await page.getByRole("button", { name: /添加步骤/ }).click();
    await page.getByText("加入后 N 小时", { exact: true }).nth(1).click();
    await page.getByTestId("step-1-hours").fill("0");
    await page.getByTestId("step-1-text").fill("欢迎加入！");
    await page.getByTestId("line-save").click();
    await visible(page.getByText("第 2 步早于第 1 步，请按时间顺序排列步骤"));

    // Put them in order: the welcome first, the story at T+3.
    await page.getByText("第 N 天的某个时间", { exact: true }).nth(1).click();
    await page.getByTestId("step-1-day").fill("3");
    await page.getByTestId("step-1-at").fill("10:00");
    await page.getByTestId("step-1-text").fill("品牌故事：我们的第一家店");
    await page.getByText("加入后 N 小时", { exact: true }).first().click();
    await page.getByTestId("step-0-hours").fill("0");
    await page.getByTestId("step-0-text").fill("欢迎加入！");
    await page.getByTestId("line-save").click();
    await page.waitForURL(/\/engagement\/lines\/\d+$/, { timeout: STEP_TIMEOUT });
    await visible(page.getByText("T+3 10:00"));
    await visible(page.getByText("+0 h"));

    await page.getByTestId("line-enroll-ids").fill([...customers, "wmNobodyAtAll"].join("\n"));
    await page.getByTestId("line-enroll").click();
    await visible(page.getByText("加入 2 人，已在线上 0 人"));
    await visible(page.getByText("未找到这些客户：wmNobodyAtAll"));

    // The scheduler plans the T+0 step for both (within its 5 s scan); the page then shows both waiting for T+3.
    const waiting = async (n: number) => (await page.getByTestId(`step-${n}-waiting`).textContent())?.trim();
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.reload();
      await visible(page.getByText("T+3 10:00"));
      const waitingForStory = await waiting(2);
      if (waitingForStory === "2") break;
      if (Date.now() > deadline)
        throw new Error(`customers did not move past T+0 (waiting for T+3: ${waitingForStory})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(await waiting(1)).toBe("0");
    expect((await page.getByTestId("step-1-planned").textContent())?.trim()).toBe("2");
    const outbox = await pageApi<{ items: { recipient: string; planner: string }[] }>(
      page,
      "GET",
      `/api/corps/${CORP_ID}/outbox?planner=${encodeURIComponent(`journey:${page.url().split("/").pop()}`)}`,
    );
    expect(outbox.json.items.map((i) => i.recipient).sort()).toEqual([...customers].sort());

    await page.getByTestId("line-toggle").click();
    await visible(page.getByText("已暂停：到期的步骤不再发送"));
    await visible(page.getByRole("button", { name: /恢\s?复/ }));
  }, 120_000);
});
