// The risk pages in a real browser against the real server: the send gate's rules explained in Chinese with
// their current settings; the quota policy and quiet hours changed (a bad time refused on its field first)
// and still there after a reload; sensitive words pasted in bulk, after which a dry run of a message
// containing one is dropped with the reason; a manual opt-out and opting back in; a staff account's
// restriction recorded, seen by the dry run, and lifted.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickMember, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_gate",
    corp: {
      corpId: "wwgate",
      name: "闸门测试品牌",
      secret: "s".repeat(20),
      token: "tok",
      aesKey: AES_KEY,
      // Nothing here calls WeCom: the gate decides from Siyu's own tables.
      apiBase: "http://127.0.0.1:9",
    },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    connect: "added",
  });
  ({ siyu, page } = world);
}, 90_000);

afterAll(async () => {
  await world?.close();
});

async function dryRun(fill: { recipient: string; sender?: string; text: string }) {
  const box = page.getByTestId("gate-try");
  await box.getByLabel("接收客户（external_userid）").fill(fill.recipient);
  if (fill.sender) await pickMember(page, box.getByLabel("发送员工（userid，可选）"), fill.sender);
  await box.getByLabel("内容").fill(fill.text);
  await box.getByRole("button", { name: /检\s*查/ }).click();
  const result = page.getByTestId("gate-try-result");
  await visible(result);
  return result;
}

describe("risk pages", () => {
  it("explains the gate's rules and keeps a changed quota policy and quiet hours", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/risk/send-gate`);
    const rules = page.getByTestId("gate-rules");
    await visible(rules.getByText("接收额度", { exact: true }));
    // In order, each in Chinese, with the current setting (the seeds' defaults).
    const names = await rules.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(names).toEqual([
      "空消息",
      "附件数量",
      "最晚发送时间",
      "流失监控暂停",
      "敏感词",
      "退订",
      "账号健康",
      "计划时间",
      "免打扰时段",
      "客户活跃时段",
      "接收额度",
      "触达上限",
    ]);
    await visible(page.getByTestId("current-quota").getByText("每位客户每天 1 条，超出后延后到可发送时"));
    await visible(page.getByTestId("current-quiet-hours").getByText("22:00–08:00"));
    await visible(rules.getByText("任意 7 天最多 3 次，超出后延后到可发送时"));
    expect(await rules.textContent()).not.toContain("WeCom takes at most");

    // A time that is not HH:MM: the server's refusal lands on that field, in Chinese; nothing is lost.
    const settings = page.getByTestId("gate-settings");
    await settings.getByRole("radio", { name: "每位客户每周 7 条" }).check();
    await settings.getByRole("radio", { name: "直接丢弃" }).check();
    await settings.getByLabel("免打扰开始").fill("25:00");
    await settings.getByLabel("免打扰结束").fill("07:30");
    await settings.getByRole("button", { name: /保\s*存/ }).click();
    await visible(settings.getByText("时间格式为 HH:MM（00:00–23:59），例如 21:30"));
    expect(await settings.getByLabel("免打扰结束").inputValue()).toBe("07:30");
    expect(await settings.getByRole("radio", { name: "每位客户每周 7 条" }).isChecked()).toBe(true);

    await settings.getByLabel("免打扰开始").fill("23:00");
    await settings.getByRole("button", { name: /保\s*存/ }).click();
    await visible(page.getByText("闸门设置已保存"));

    await page.reload();
    await visible(page.getByTestId("current-quota").getByText("每位客户每周 7 条，超出后直接丢弃"));
    await visible(page.getByTestId("current-quiet-hours").getByText("23:00–07:30"));
    const reloaded = page.getByTestId("gate-settings");
    expect(await reloaded.getByLabel("免打扰开始").inputValue()).toBe("23:00");
    expect(await reloaded.getByLabel("免打扰结束").inputValue()).toBe("07:30");
    expect(await reloaded.getByRole("radio", { name: "每位客户每周 7 条" }).isChecked()).toBe(true);
    expect(await reloaded.getByRole("radio", { name: "直接丢弃" }).isChecked()).toBe(true);
  }, 120_000);

  it("adds sensitive words in bulk, and a dry run of a message with one is dropped with the reason", async () => {
    if (!siyu) throw new Error("setup failed");
    // Before any word is listed, the message passes the word check (the gate stops it, if at all, later).
    await page.goto(`${siyu.url}/risk/send-gate`);
    const before = await dryRun({ recipient: "wm_cust_1", text: "帮你刷单，日赚三百" });
    expect(await before.textContent()).not.toContain("敏感词");

    await page.goto(`${siyu.url}/risk/sensitive-words`);
    await visible(page.getByText("还没有敏感词。", { exact: false }));
    await page.getByRole("button", { name: /批量添加/ }).click();
    const dialog = page.getByRole("dialog");
    // Blank lines are skipped; a word over 50 characters is named by its line.
    await dialog.getByLabel("敏感词（每行一个）").fill(`刷单\n\n加微信返现\n${"长".repeat(51)}`);
    await dialog.getByRole("button", { name: /添\s*加/ }).click();
    await visible(dialog.getByText("第 4 行：最多 50 个字符"));
    await dialog.getByLabel("敏感词（每行一个）").fill("刷单\n\n加微信返现\n");
    await dialog.getByRole("button", { name: /添\s*加/ }).click();
    await visible(page.getByText("已添加 2 个，0 个已存在"));
    const words = page.getByTestId("sensitive-words");
    await visible(words.getByRole("cell", { name: "刷单", exact: true }));
    await visible(words.getByRole("cell", { name: "加微信返现", exact: true }));
    expect(await words.getByText("违禁").count()).toBe(2);

    await page.goto(`${siyu.url}/risk/send-gate`);
    await visible(page.getByTestId("gate-rules").getByText("2 个敏感词"));
    const after = await dryRun({ recipient: "wm_cust_1", text: "帮你刷单，日赚三百" });
    await visible(after.getByText("拦截", { exact: true }));
    await visible(after.getByText("规则：敏感词"));
    await visible(after.getByText("包含敏感词“刷单”"));

    // Removing the word lets the same message past that rule again.
    await page.goto(`${siyu.url}/risk/sensitive-words`);
    const row = page.getByTestId("sensitive-words").getByRole("row", { name: /刷单/ });
    await row.getByRole("button", { name: /删\s*除/ }).click();
    await page
      .getByRole("tooltip")
      .getByRole("button", { name: /删\s*除/ })
      .click();
    await visible(page.getByText("已删除"));
    await page.getByTestId("sensitive-words").getByRole("cell", { name: "刷单", exact: true }).waitFor({
      state: "detached",
      timeout: STEP_TIMEOUT,
    });
  }, 120_000);

  it("opts a customer out by hand, the gate drops marketing to them, and opts them back in", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/risk/sensitive-words`);
    await visible(page.getByText("没有退订的客户。"));
    await page.getByLabel("客户（external_userid）").fill("wm_quiet_1");
    await page.getByLabel("备注").fill("电话里要求不再推送");
    await page.getByRole("button", { name: /手动退订/ }).click();
    const optOuts = page.getByTestId("opt-outs");
    await visible(optOuts.getByRole("cell", { name: "wm_quiet_1" }));
    await visible(optOuts.getByText("手动"));

    await page.goto(`${siyu.url}/risk/send-gate`);
    const result = await dryRun({ recipient: "wm_quiet_1", text: "双十一大促" });
    await visible(result.getByText("规则：退订"));
    await visible(result.getByText(/客户已于 .+ 退订（手动）/));

    await page.goto(`${siyu.url}/risk/sensitive-words`);
    await page.getByRole("button", { name: /恢复接收/ }).click();
    await page
      .getByRole("tooltip")
      .getByRole("button", { name: /恢复接收/ })
      .click();
    await visible(page.getByText("没有退订的客户。"));
  }, 120_000);

  it("records a restriction on a staff account, which the gate respects, and lifts it", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/risk/account-health`);
    await visible(page.getByText("所有员工账号目前正常。"));
    await page.getByRole("button", { name: /记录受限/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await visible(dialog.getByText("请输入员工账号（userid）"));
    // The directory was never synced: the picker offers the typed userid as it is.
    await pickMember(page, dialog.getByLabel("员工账号"), "zhangsan");
    await dialog.getByText("受限 72 小时").click();
    await dialog.getByLabel("备注").fill("被多名客户投诉");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    const current = page.getByTestId("restrictions-current");
    await visible(current.getByRole("cell", { name: "zhangsan" }));
    await visible(current.getByText("受限", { exact: true }));
    await visible(current.getByText("被多名客户投诉"));

    await page.goto(`${siyu.url}/risk/send-gate`);
    await visible(page.getByTestId("gate-rules").getByText("1 个账号当前受限"));
    const result = await dryRun({ recipient: "wm_cust_2", sender: "zhangsan", text: "新品上市" });
    await visible(result.getByText("延后", { exact: true }));
    await visible(result.getByText("规则：账号健康"));
    await visible(result.getByText(/zhangsan 受限至 .+（被多名客户投诉）/));
    await visible(result.getByText(/延后至 /));

    await page.goto(`${siyu.url}/risk/account-health`);
    await page
      .getByTestId("restrictions-current")
      .getByRole("button", { name: /解\s*除/ })
      .click();
    await page
      .getByRole("tooltip")
      .getByRole("button", { name: /解\s*除/ })
      .click();
    await visible(page.getByText("所有员工账号目前正常。"));
    await visible(page.getByTestId("restrictions-history").getByText(/已于 .+ 解除/));
  }, 120_000);
});
