// Inheritance (离职继承) in a real browser against the real server and the emulator: a member with 12 customers
// and a group resigns; the console lists them under 离职员工, the operator assigns them by rule (the store
// colleagues), the transfer's progress shows them waiting; one customer refuses; after the emulator's 24 h the
// progress shows 11 taken over, the refused one in the action list, the group with its new owner, and the
// report balanced.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu, syncCorp } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwInheritE2E";
const SECRET = "inherit-e2e-secret";
const TOKEN = "InheritE2E";
const AES_KEY = "aW5oZXJpdEUyRUVuY29kaW5nQUVTS2V5Rm9yVGhlVGV";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let control: ConsoleWorld["control"];
let people: ConsoleWorld["people"];
const customers: string[] = [];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_inherit",
    corp: { corpId: CORP_ID, name: "继承品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 71,
    adminPassword,
    prepare: async ({ control, people }) => {
      for (const [userid, name] of [
        ["li.dao", "李导购"],
        ["zhang.s", "张同店"],
        ["wang.s", "王同店"],
      ])
        await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid, name });
      for (let i = 0; i < 12; i++) {
        const r = await people<{ externalUserId: string }>("add-customer", {
          userid: "li.dao",
          customer: { name: `老顾客${i}` },
        });
        customers.push(r.externalUserId);
      }
      await people("create-group", {
        owner: "li.dao",
        name: "李导购的老客群",
        externalUserIds: customers.slice(0, 3),
      });
    },
  });
  ({ siyu, page, control, people } = world);
  const store = await siyuApi("POST", `/api/corps/${CORP_ID}/stores`, {
    name: "徐汇店",
    city: "上海市",
    staff: ["li.dao", "zhang.s", "wang.s"],
  });
  expect(store.status).toBeLessThan(300);
  await people("member-resigns", { userid: "li.dao" });
  await syncCorp(page, CORP_ID);
}, 150_000);

afterAll(async () => {
  await world?.close();
});

describe("inheritance", () => {
  it("assigns a departed member's customers by rule and shows the transfer's progress to the end", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/settings/inheritance`);
    const row = page.getByTestId("departed-members").locator("tr", { hasText: "李导购" });
    await visible(row.getByText("12", { exact: true }));
    await row.getByRole("button", { name: /分\s*配/ }).click();
    await visible(page.getByTestId("transfer-summary").getByText("12 位客户，1 个客户群待分配"));
    await page.getByRole("button", { name: /开始转接/ }).click();
    await page.waitForURL(/\/settings\/inheritance\/transfers\/\d+$/, { timeout: STEP_TIMEOUT });
    const jobId = /transfers\/(\d+)$/.exec(page.url())?.[1] as string;
    const report = page.getByTestId("transfer-report");
    await visible(report.getByTestId("report-open").getByText("12"));

    // The transfers start (the scheduler, or "check now"); WeCom then waits 24 h. One customer refuses.
    await page.getByRole("button", { name: /立即查询结果/ }).click();
    await expect
      .poll(
        async () =>
          (
            await siyuApi<{ customers: { waiting: number } }>(
              "GET",
              `/api/corps/${CORP_ID}/inheritance/transfers/${jobId}`,
            )
          ).json.customers.waiting,
        { timeout: STEP_TIMEOUT },
      )
      .toBe(12);
    await page.getByRole("tab", { name: "全部客户" }).click();
    await visible(page.getByTestId("transfer-customers").getByText("等待接替").first());
    await people("refuse-transfer", { externalUserId: customers[5] });
    await control("POST", "/_emulator/clock/advance", { hours: 25 });
    await page.getByRole("button", { name: /立即查询结果/ }).click();
    await visible(report.getByTestId("report-new-owner").getByText("11"));
    await visible(report.getByTestId("report-open").getByText("0"));
    await visible(page.getByText("对账平衡：每位客户都有了新跟进人，或列在下方需处理名单中"));
    await page.getByRole("tab", { name: /需处理/ }).click();
    const refused = page.getByTestId("transfer-failed").locator("tr", { hasText: "老顾客5" });
    await visible(refused.getByText("客户拒绝"));

    // Every taken-over customer went to a store colleague; the group has a new owner.
    const all = await siyuApi<{ items: { takeover: string; status: string }[] }>(
      "GET",
      `/api/corps/${CORP_ID}/inheritance/transfers/${jobId}/customers`,
    );
    expect(new Set(all.json.items.map((i) => i.takeover))).toEqual(new Set(["zhang.s", "wang.s"]));
    const groups = await siyuApi<{ items: { status: string; newOwner: string }[] }>(
      "GET",
      `/api/corps/${CORP_ID}/inheritance/transfers/${jobId}/groups`,
    );
    expect(groups.json.items).toHaveLength(1);
    expect(groups.json.items[0]?.status).toBe("succeeded");

    await page.goto(`${siyu.url}/settings/inheritance/transfers`);
    await visible(page.getByTestId("transfer-jobs").locator("tr", { hasText: "李导购" }).getByText("11/12"));
  }, 120_000);
});
