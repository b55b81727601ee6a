// Customer moments (朋友圈) in a real browser against the real server and the emulator: an empty post is refused
// on its field; a post with text and an image uploaded from the compose form, visible to VIP-tagged customers,
// is published to WeCom; a rule on its likes is made in the auto-tag editor; the staff member posts it in 企业微信
// and a VIP customer likes it; "pull now" shows the member's status and the like on the detail page, the rule tags
// the customer (timeline), and the list counts it.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwMomentsE2E";
const SECRET = "moments-e2e-secret";
const TOKEN = "MomentsE2E";
const AES_KEY = "bW9tZW50c0UyRUVuY29kaW5nQUVTS2V5Rm9yVGhlVGV";
const adminPassword = randomBytes(12).toString("base64url");
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(1500, 7)]);

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let people: ConsoleWorld["people"];
let vip: string;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_moments",
    corp: { corpId: CORP_ID, name: "朋友圈品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 53,
    adminPassword,
    prepare: async ({ control, people }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "wang.dian", name: "王店长" });
      vip = (
        await people<{ externalUserId: string }>("add-customer", {
          userid: "wang.dian",
          customer: { name: "陈静" },
        })
      ).externalUserId;
    },
  });
  ({ siyu, page, people } = world);

  // A VIP tag, put on the customer in WeCom through a Siyu tag job.
  const tags = await siyuApi<{ tags: { id: string; name: string }[] }>("POST", `/api/corps/${CORP_ID}/tags`, {
    groupName: "会员等级",
    tags: [{ name: "VIP" }],
  });
  expect(tags.status).toBe(200);
  const engaged = await siyuApi("POST", `/api/corps/${CORP_ID}/tags`, {
    groupName: "互动",
    tags: [{ name: "朋友圈点赞" }],
  });
  expect(engaged.status).toBe(200);
  const customers = await siyuApi<{ items: { id: string }[] }>("GET", `/api/customers?corpId=${CORP_ID}`);
  const job = await siyuApi<{ id: string }>("POST", `/api/corps/${CORP_ID}/tag-jobs`, {
    add: [tags.json.tags[0]!.id],
    customerIds: customers.json.items.map((c) => c.id),
  });
  expect(job.status).toBeLessThan(300);
  for (let tries = 0; ; tries++) {
    const { json } = await siyuApi<{ status: string }>(
      "GET",
      `/api/corps/${CORP_ID}/tag-jobs/${job.json.id}`,
    );
    if (json.status === "done") break;
    if (json.status === "failed" || tries > 100)
      throw new Error(`tag job did not finish: ${JSON.stringify(json)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("moments", () => {
  it("composes a moment with an image for VIP customers, then shows the staff's posting and a customer's like", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/engagement/moments`);
    await visible(page.getByText("还没有朋友圈"));
    await page
      .getByRole("button", { name: /发朋友圈/ })
      .first()
      .click();
    await page.waitForURL(/\/engagement\/moments\/new$/, { timeout: STEP_TIMEOUT });

    // An empty post: the server refuses it on the text field, in Chinese.
    await visible(page.getByTestId("moment-text"));
    const submit = page.getByRole("button", { name: /发朋友圈/ }).last();
    await submit.click();
    await visible(page.getByText("请填写文案或添加附件"));

    await page.getByTestId("moment-text").fill("秋季新品上市，会员专享");
    await page.getByText("请填写文案或添加附件").waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await page.getByText("图片", { exact: true }).click();
    // The image is uploaded to the materials library from the picker and chosen at once.
    await page
      .locator("input[type=file]")
      .setInputFiles({ name: "新品海报.png", mimeType: "image/png", buffer: PNG });
    await visible(page.locator("form").getByText("新品海报.png"));
    const tagPicker = page.getByLabel("可见客户标签");
    await tagPicker.click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "VIP" }).click();
    await page.keyboard.press("Escape");
    await submit.click();
    await page.waitForURL(/\/engagement\/moments\/\d+$/, { timeout: STEP_TIMEOUT });
    const id = page.url().split("/").at(-1)!;

    // Published to WeCom as a moment task: the page shows it once reloaded after the worker ran.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("moment-status").first().textContent({ timeout: STEP_TIMEOUT });
        },
        { timeout: STEP_TIMEOUT },
      )
      .toBe("已下发");
    await visible(page.getByTestId("moment-members").getByText("王店长（wang.dian）"));
    await visible(page.getByTestId("moment-members").getByText("未发表"));

    // An auto-tag rule on this moment's likes, made in the rule editor.
    await page.goto(`${siyu.url}/customers/auto-tag`);
    await page.getByRole("button", { name: /新建规则/ }).click();
    const dialog = page.getByRole("dialog");
    await visible(dialog);
    const pick = async (label: string, option: string | RegExp) => {
      await dialog.getByLabel(label, { exact: true }).click();
      await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).click();
    };
    await pick("类型", "朋友圈互动");
    await dialog.getByLabel("规则名称").fill("点赞新品朋友圈");
    await pick("打上标签", "朋友圈点赞");
    await page.keyboard.press("Escape");
    await pick("朋友圈", "秋季新品上市");
    await pick("互动方式", /^点赞$/);
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await visible(page.getByTestId("rules-table").getByText(`#${id} · 点赞`));
    await page.goto(`${siyu.url}/engagement/moments/${id}`);

    // The staff member posts it in 企业微信; the VIP customer likes it.
    const detail = await siyuApi<{ wecomMomentId: string }>("GET", `/api/corps/${CORP_ID}/moments/${id}`);
    const momentId = detail.json.wecomMomentId;
    await people("publish-moment", { momentId, userid: "wang.dian" });
    await people("comment-moment", { momentId, userid: "wang.dian", externalUserId: vip, like: true });

    await page.getByRole("button", { name: /立即同步/ }).click();
    await visible(page.getByText("已同步，新增 1 条互动"));
    await visible(page.getByTestId("moment-members").getByText("已发表"));
    const interactions = page.getByTestId("moment-interactions");
    await visible(interactions.getByRole("link", { name: "陈静" }));
    await visible(interactions.getByText("点赞"));
    await expect.poll(() => page.getByTestId("moment-likes").textContent()).toBe("1");
    await expect.poll(() => page.getByTestId("moment-membersPublished").textContent()).toBe("1 / 1");

    // The rule tags the customer: the profile shows the tag and why.
    await interactions.getByRole("link", { name: "陈静" }).click();
    await page.waitForURL(/\/customers\/profile\/\d+$/, { timeout: STEP_TIMEOUT });
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("customer-timeline").textContent({ timeout: STEP_TIMEOUT });
        },
        { timeout: STEP_TIMEOUT },
      )
      .toContain(`liked moment #${id}`);
    await visible(page.getByTestId("customer-timeline").getByText("点赞了朋友圈"));
    await page.goto(`${siyu.url}/engagement/moments/${id}`);

    await page.getByRole("button", { name: /返回列表/ }).click();
    await page.waitForURL(/\/engagement\/moments$/, { timeout: STEP_TIMEOUT });
    const row = page.locator("tr", { hasText: "秋季新品上市，会员专享" });
    await visible(row.getByText("已下发"));
    await visible(row.getByText("1 / 1"));
  }, 90_000);
});
