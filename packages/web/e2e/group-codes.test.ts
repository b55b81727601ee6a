// Group live codes (群活码) in a real browser against the real server and the emulator: a synced corp with
// three customer groups; a code created through the form (field checks first) choosing two groups with the
// group picker; its QR shown and downloadable; a customer joins through it and the stats page counts the join.
// On the same corp, the live-code list pages on the server and searches there, with staff from the member picker.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, naturalWidth, pickMember, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwGroupCodesE2E";
const SECRET = "group-codes-e2e-secret";
const TOKEN = "GroupCodesE2E";
const AES_KEY = "Z3JvdXBDb2Rlc0UyRUVuY29kaW5nQUVTS2V5Rm9yVGV";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
/** A call to Siyu's API as the signed-in console user (session cookie and CSRF header). */
let siyuApi: ConsoleWorld["api"];
const chats: Record<string, string> = {};

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  // The corp, connected to the emulator and synced (directory and customer groups).
  world = await startConsoleWorld({
    name: "siyu_web_gc",
    corp: { corpId: CORP_ID, name: "群活码品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 41,
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    prepare: async ({ control, people }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "wang.dian", name: "王店长" });
      for (const name of ["会员福利群1", "会员福利群2", "新品体验群"]) {
        chats[name] = (await people<{ chatId: string }>("create-group", { owner: "wang.dian", name })).chatId;
      }
    },
  });
  ({ siyu, page, api: siyuApi } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("group codes", () => {
  it("creates a group code with two groups chosen from the picker and shows its QR", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/acquisition/group-codes`);
    await visible(page.getByText("还没有群活码"));
    await page
      .getByRole("button", { name: /新建群活码/ })
      .first()
      .click();
    await page.waitForURL(/\/acquisition\/group-codes\/new$/, { timeout: STEP_TIMEOUT });

    // Field checks before anything is sent: a name, at least one group, a short state.
    const save = page.getByRole("button", { name: /新建群活码/ }).last();
    await page.getByLabel("渠道参数（state）").fill("g".repeat(31));
    await save.click();
    await visible(page.getByText("请输入名称"));
    await visible(page.getByText("群活码至少需要一个客户群"));
    await visible(page.getByText("渠道参数最多 30 个字符（企业微信限制）"));

    // Two groups from the picker: searched on the server by name.
    await page.getByLabel("名称", { exact: true }).fill("会员福利群活码");
    await page.getByLabel("渠道参数（state）").fill("gc-members");
    const picker = page.getByLabel("客户群", { exact: true });
    await picker.click();
    await picker.fill("会员福利");
    const options = page.locator(".ant-select-dropdown:visible .ant-select-item-option");
    await expect.poll(() => options.count(), { timeout: STEP_TIMEOUT }).toBe(2);
    await visible(options.first().getByText("群主 王店长", { exact: false }));
    await page.getByTestId(`group-option-${chats.会员福利群2}`).click();
    await picker.fill("会员福利");
    await expect.poll(() => options.count(), { timeout: STEP_TIMEOUT }).toBe(2);
    await page.getByTestId(`group-option-${chats.会员福利群1}`).click();
    await page.keyboard.press("Escape");
    const chosen = page.locator(".ant-select-selection-item");
    await expect.poll(() => chosen.allTextContents()).toEqual(["会员福利群2", "会员福利群1"]);
    await page.getByLabel("新群名称前缀").fill("会员福利群");
    await page.getByLabel("起始序号").fill("3");
    await save.click();

    await page.waitForURL(/\/acquisition\/group-codes\/\d+$/, { timeout: STEP_TIMEOUT });
    await visible(page.getByRole("heading", { name: "会员福利群活码" }));
    const groups = page.getByTestId("group-code-groups");
    await visible(groups.getByText("会员福利群2"));
    await visible(groups.getByText("会员福利群1"));
    const qr = page.getByTestId("group-code-qr");
    await visible(qr);
    await expect
      .poll(() => naturalWidth(qr.locator("xpath=descendant-or-self::img").first()), {
        timeout: STEP_TIMEOUT,
      })
      .toBeGreaterThan(0);
    const png = await download(page, page.getByRole("link", { name: /下载 PNG/ }), STEP_TIMEOUT);
    expect(png.suggestedFilename()).toMatch(/^group-code-\d+\.png$/);

    // WeCom (the emulator) has the join way over the two groups, in the chosen order.
    const id = /group-codes\/(\d+)$/.exec(page.url())?.[1] ?? "";
    const code = (
      await siyuApi<{ chats: { chatId: string }[] }>("GET", `/api/corps/${CORP_ID}/group-codes/${id}`)
    ).json;
    expect(code.chats.map((c) => c.chatId)).toEqual([chats.会员福利群2, chats.会员福利群1]);
  }, 90_000);

  it("counts a customer who joins through the code on its stats", async () => {
    if (!siyu || !world) throw new Error("setup failed");
    const id = /group-codes\/(\d+)$/.exec(page.url())?.[1] ?? "";
    const code = (await siyuApi<{ configId: string }>("GET", `/api/corps/${CORP_ID}/group-codes/${id}`)).json;
    const joined = await world.people<{ chatId: string }>("join-group", {
      configId: code.configId,
      customer: { name: "入群客户" },
    });
    expect(joined.chatId).toBe(chats.会员福利群2);
    await world.control("POST", "/_emulator/callbacks/flush");

    // The detail page's stats: today's join in the totals and the chart.
    await expect
      .poll(
        async () => {
          await page.reload();
          const joins = page.getByTestId("group-code-joins");
          await visible(joins);
          return joins.textContent();
        },
        { timeout: STEP_TIMEOUT, interval: 1000 },
      )
      .toBe("1");
    await visible(page.getByText("每日数据"));
    await visible(page.getByTestId("group-code-chart").locator("canvas"));
    const totals = page.locator(".ant-statistic").filter({ hasText: "入群合计" });
    await expect.poll(() => totals.locator(".ant-statistic-content").textContent()).toBe("1");

    // The list shows the code with its groups and the join.
    await page.goto(`${siyu.url}/acquisition/group-codes`);
    await visible(page.getByRole("link", { name: "会员福利群活码" }));
    expect(await page.getByTestId(`group-code-joins-${id}`).textContent()).toBe("1");
    await visible(page.getByRole("row", { name: /会员福利群活码/ }).getByText("会员福利群1"));
  }, 60_000);
});

describe("live-code list", () => {
  it("pages through 21 codes on the server, and searches by a member picked in the editor", async () => {
    if (!siyu) throw new Error("setup failed");
    // One code through the form, its member chosen in the picker from the synced directory.
    await page.goto(`${siyu.url}/acquisition/live-codes/new`);
    await page.getByLabel("名称", { exact: true }).fill("海报 00");
    const member = page.getByLabel("员工账号（userid）");
    await pickMember(page, member, "王店", "王店长（wang.dian）", STEP_TIMEOUT);
    await page.getByLabel("欢迎语内容").fill("欢迎");
    await page
      .getByRole("button", { name: /新建活码/ })
      .last()
      .click();
    await page.waitForURL(/\/acquisition\/live-codes\/\d+$/, { timeout: STEP_TIMEOUT });
    await visible(page.getByRole("cell", { name: "wang.dian" }).first());

    for (let i = 1; i <= 20; i++) {
      const name = `海报 ${String(i).padStart(2, "0")}`;
      const res = await siyuApi("POST", `/api/corps/${CORP_ID}/live-codes`, {
        name,
        staff: [{ userid: "wang.dian" }],
      });
      expect(res.status).toBe(200);
    }
    await page.goto(`${siyu.url}/acquisition/live-codes`);
    const rows = page.locator(".ant-table-tbody tr.ant-table-row");
    await visible(page.getByRole("link", { name: "海报 20" }));
    expect(await rows.count()).toBe(20);
    await page.getByRole("button", { name: /下一页/ }).click();
    await visible(page.getByRole("link", { name: "海报 00" }));
    expect(await rows.count()).toBe(1);
    await page.getByRole("button", { name: /上一页/ }).click();
    await visible(page.getByRole("link", { name: "海报 20" }));

    // The search runs on the server: one code by name.
    await page.getByPlaceholder("搜索名称、渠道参数或员工").fill("海报 07");
    await page.getByPlaceholder("搜索名称、渠道参数或员工").press("Enter");
    await expect.poll(() => rows.count(), { timeout: STEP_TIMEOUT }).toBe(1);
    await visible(page.getByRole("link", { name: "海报 07" }));
  }, 90_000);
});
