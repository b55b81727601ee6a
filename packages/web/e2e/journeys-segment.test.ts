// A three-step message line in a real browser against the real server and the emulator, with Siyu's test clock:
// the line is built in the console (welcome at once, a story 24 h later, an offer at 48 h); a saved segment (the
// customers of one staff member) is enrolled from the line's page; the page then shows the customers move through
// the steps as the clock moves on — waiting for step 2, then step 3, then done — with the messages planned per step,
// and a customer outside the segment is never enrolled.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu, saveSegment } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwLineSegmentE2E";
const SECRET = "line-segment-e2e-secret";
const TOKEN = "LineSegmentE2E";
const AES_KEY = "bGluZVNlZ21lbnRFMkVFbmNvZGluZ0FFU0tleUZvclQ";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
const ours: string[] = [];
let outsider = "";

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_line_segment",
    corp: { corpId: CORP_ID, name: "分群消息线品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 61,
    adminPassword,
    testClock: true,
    prepare: async ({ control }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "li.dao", name: "李导购" });
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "wang.dao", name: "王导购" });
      const add = async (userid: string, name: string) =>
        (
          await control<{ externalUserId: string }>(
            "POST",
            `/_emulator/corps/${CORP_ID}/people/add-customer`,
            {
              userid,
              customer: { name },
            },
          )
        ).externalUserId;
      for (const name of ["周敏", "吴磊", "郑洁"]) ours.push(await add("li.dao", name));
      outsider = await add("wang.dao", "钱多");
    },
  });
  ({ siyu, page } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const cell = async (testId: string) => (await page.getByTestId(testId).textContent())?.trim();

/** Reloads the line's page until every cell shows its value (the scheduler scans every 5 s). */
async function expectCells(want: Record<string, string>, withinMs: number) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    await page.reload();
    await visible(page.getByTestId("step-3-waiting"));
    const seen: Record<string, string | undefined> = {};
    for (const k of Object.keys(want)) seen[k] = await cell(k);
    if (Object.entries(want).every(([k, v]) => seen[k] === v)) return;
    if (Date.now() > deadline)
      throw new Error(`the line's page shows ${JSON.stringify(seen)}, not ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const statistic = async (k: "active" | "done" | "exited") =>
  (await page.getByTestId(`line-count-${k}`).locator(".ant-statistic-content-value").textContent())?.trim();

describe("a three-step line fed by a segment", () => {
  it("is built in the console, enrols the segment and shows customers move through the steps", async () => {
    if (!siyu) throw new Error("setup failed");
    await saveSegment(page, CORP_ID, { name: "李导购的客户", expr: { term: "staff", userids: ["li.dao"] } });

    await page.goto(`${siyu.url}/engagement/lines`);
    await visible(page.getByText("还没有消息线"));
    await page
      .getByRole("button", { name: /新建消息线/ })
      .first()
      .click();
    await page.waitForURL(/\/engagement\/lines\/new$/, { timeout: STEP_TIMEOUT });
    await page.getByTestId("line-name").fill("新客三步走");
    const texts = ["欢迎加入，我是你的专属顾问", "品牌故事：我们的第一家店", "新人专享 8 折，今天有效"];
    for (const [i, text] of texts.entries()) {
      if (i > 0) await page.getByRole("button", { name: /添加步骤/ }).click();
      await page.getByText("加入后 N 小时", { exact: true }).nth(i).click();
      await page.getByTestId(`step-${i}-hours`).fill(String(i * 24));
      await page.getByTestId(`step-${i}-text`).fill(text);
    }
    await page.getByTestId("line-save").click();
    await page.waitForURL(/\/engagement\/lines\/\d+$/, { timeout: STEP_TIMEOUT });
    const lineId = page.url().split("/").pop() as string;
    await visible(page.getByText("+48 h"));
    expect(await statistic("active")).toBe("0");

    // Enrol the segment from the line's page.
    await page.getByTestId("line-segment-select").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "李导购的客户" })
      .click();
    await page.getByTestId("line-segment-enroll").click();
    await visible(page.getByText("已设置：分群成员将在约一分钟内加入"));
    await visible(page.getByText("当前来源：分群「李导购的客户」（一次）"));

    // The segment enroller (every 30 s) enrols the three; the scheduler sends step 1 at once.
    await expectCells({ "step-1-planned": "3", "step-1-waiting": "0", "step-2-waiting": "3" }, 90_000);
    expect(await statistic("active")).toBe("3");

    // A day later: step 2 goes, everyone waits for step 3.
    await pageApi(page, "POST", "/api/test-clock/advance", { minutes: 24 * 60 });
    await expectCells({ "step-2-planned": "3", "step-2-waiting": "0", "step-3-waiting": "3" }, 30_000);

    // Another day: step 3 goes and the line is done for all three.
    await pageApi(page, "POST", "/api/test-clock/advance", { minutes: 24 * 60 });
    await expectCells({ "step-3-planned": "3", "step-3-waiting": "0" }, 30_000);
    expect(await statistic("done")).toBe("3");
    expect(await statistic("active")).toBe("0");
    expect(await cell("step-1-skipped")).toBe("0");

    // Three messages for each customer of the segment, in the outbox through the send gate; none for the outsider.
    const outbox = await pageApi<{ items: { recipient: string }[] }>(
      page,
      "GET",
      `/api/corps/${CORP_ID}/outbox?planner=${encodeURIComponent(`journey:${lineId}`)}`,
    );
    const perRecipient = new Map<string, number>();
    for (const i of outbox.json.items)
      perRecipient.set(i.recipient, (perRecipient.get(i.recipient) ?? 0) + 1);
    expect([...perRecipient.keys()].sort()).toEqual([...ours].sort());
    expect([...perRecipient.values()]).toEqual([3, 3, 3]);
    expect(perRecipient.has(outsider)).toBe(false);
  }, 240_000);
});
