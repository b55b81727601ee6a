// The console in a real browser against the real server and a running emulator, on a corp connected to
// the emulator's demo corp: a live code created through the form (field checks first) with a welcome
// message, its QR shown and downloadable; a simulated customer scans it, is greeted in WeCom and counted;
// the corp default welcome; a sync with progress; the scanned customer found and opened (360° view);
// a tag group created in WeCom and a bulk tag job run on a selection.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DEMO_CORP_ID, DEMO_SECRET, type RunningEmulator } from "@siyu/emulator";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, naturalWidth, pickMember, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const adminPassword = randomBytes(12).toString("base64url");
const corp = demoCorp("演示品牌");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let emulator: RunningEmulator | undefined;
let page: Page;
/** A call to Siyu's API as the signed-in console user (session cookie and CSRF header). */
let siyuApi: ConsoleWorld["api"];
let staff: string[] = [];
let scanned: { externalUserId: string; userid: string } | undefined;

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

async function emulatorJson<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator?.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Active members of the demo corp's HQ team, read through the WeCom API like any app would. */
async function demoStaff(): Promise<string[]> {
  const { access_token } = await emulatorJson<{ access_token: string }>(
    `/cgi-bin/gettoken?corpid=${DEMO_CORP_ID}&corpsecret=${DEMO_SECRET}`,
  );
  const { userlist } = await emulatorJson<{ userlist: { userid: string }[] }>(
    `/cgi-bin/user/simplelist?access_token=${access_token}&department_id=2`,
  );
  return userlist.map((u) => u.userid);
}

beforeAll(async () => {
  // No corp in Siyu yet (the test adds it); the emulator's app calls back to this Siyu, like a WeCom admin
  // setting the callback URL.
  world = await startConsoleWorld({
    name: "siyu_web_acq",
    corp,
    demo: { customers: 50 },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    connect: "no",
  });
  ({ siyu, emulator, page, api: siyuApi } = world);
  staff = (await demoStaff()).slice(0, 3);
  expect(staff).toHaveLength(3);
}, 90_000);

afterAll(async () => {
  await world?.close();
});

describe("a corp connected to the emulator", () => {
  it("asks for a corp first, then creates a live code with a welcome message and shows its QR", async () => {
    if (!siyu || !emulator) throw new Error("setup failed");
    await page.goto(`${siyu.url}/acquisition/live-codes`);
    await visible(page.getByText("还没有接入企业"));

    const added = await siyuApi("POST", "/api/corps", { ...corp, apiBase: emulator.url });
    expect(added.status).toBeLessThan(300);
    await page.reload();

    // The empty state says what to do first and leads to the form.
    await visible(page.getByText("还没有渠道活码"));
    await page
      .getByRole("button", { name: /新建活码/ })
      .first()
      .click();
    await page.waitForURL(/\/acquisition\/live-codes\/new$/, { timeout: STEP_TIMEOUT });

    // Field checks before anything is sent: a name, a member, text or an attachment, a short state,
    // ranges that do not overlap.
    const save = page.getByRole("button", { name: /新建活码/ }).last();
    await page.getByLabel("渠道参数（state）").fill("x".repeat(31));
    await page.getByRole("button", { name: /添加时段/ }).click();
    await page.getByRole("button", { name: /添加时段/ }).click();
    await save.click();
    await visible(page.getByText("请输入名称"));
    await visible(page.getByText("请输入员工账号（userid）"));
    await visible(page.getByText("欢迎语需要文字或至少一个附件"));
    await visible(page.getByText("渠道参数最多 30 个字符（企业微信限制）"));
    await visible(page.getByTestId("staff-pool").getByText("第 2 个时段与第 1 个时段重叠"));

    // A member WeCom does not know: the API's refusal lands on the staff list, and the input is kept.
    await page.getByLabel("名称", { exact: true }).fill("地铁海报 A");
    await page.getByLabel("渠道参数（state）").fill("metro-a");
    await page.getByRole("button", { name: "删除时段" }).last().click();
    await pickMember(page, page.getByLabel("员工账号（userid）"), "nobody-here");
    await page.getByLabel("欢迎语内容").fill("你好 ");
    await page.getByRole("button", { name: "客户昵称" }).click();
    await save.click();
    await visible(page.getByTestId("staff-pool").getByText("企业微信拒绝了该配置", { exact: false }));
    expect(await page.getByLabel("名称", { exact: true }).inputValue()).toBe("地铁海报 A");

    // Real members, a cap, a backup and a link attachment.
    await pickMember(page, page.getByLabel("员工账号（userid）"), staff[0] ?? "");
    await page.getByRole("button", { name: /添加员工/ }).click();
    await pickMember(page, page.getByLabel("员工账号（userid）").nth(1), staff[1] ?? "");
    await page.getByLabel("每人每日上限").fill("2");
    await page.getByRole("button", { name: /添加备用员工/ }).click();
    await pickMember(page, page.getByLabel("员工账号（userid）").nth(2), staff[2] ?? "");
    await page.getByRole("button", { name: /添加附件/ }).click();
    await page.getByLabel("标题").fill("新人礼");
    await page.getByLabel("链接地址").fill("https://shop.example.com/gift");
    await save.click();

    await page.waitForURL(/\/acquisition\/live-codes\/\d+$/, { timeout: STEP_TIMEOUT });
    await visible(page.getByRole("heading", { name: "地铁海报 A" }));
    await visible(page.getByTestId("live-code-welcome").getByText("你好 {customer_name}"));
    await visible(page.getByText("新人礼 · https://shop.example.com/gift"));
    const qr = page.getByTestId("live-code-qr");
    await visible(qr);
    await expect
      .poll(() => naturalWidth(qr.locator("xpath=descendant-or-self::img").first()), {
        timeout: STEP_TIMEOUT,
      })
      .toBeGreaterThan(0);
    const png = await download(page, page.getByRole("link", { name: /下载 PNG/ }), STEP_TIMEOUT);
    expect(png.suggestedFilename()).toMatch(/^live-code-\d+\.png$/);
    await visible(page.getByTestId("live-code-chart").locator("canvas"));
  }, 90_000);

  it("counts a customer who scans the code, and the customer is greeted in WeCom", async () => {
    if (!siyu || !emulator) throw new Error("setup failed");
    const id = /live-codes\/(\d+)$/.exec(page.url())?.[1] ?? "";
    const code = (await siyuApi("GET", `/api/corps/${DEMO_CORP_ID}/live-codes/${id}`)).json as {
      configId: string;
    };
    const scan = await emulatorJson<{ externalUserId: string; userid: string }>(
      `/_emulator/corps/${DEMO_CORP_ID}/people/scan-contact-way`,
      { configId: code.configId, customer: { name: "扫码客户" } },
    );
    expect(staff.slice(0, 2)).toContain(scan.userid);
    scanned = scan;

    // The welcome message arrives within WeCom's window, with the customer's name filled in.
    await expect
      .poll(
        async () => {
          const messages = await emulatorJson<{ received: { text?: string }[] }>(
            `/_emulator/corps/${DEMO_CORP_ID}/customers/${scan.externalUserId}/messages`,
          );
          return messages.received.map((m) => m.text ?? "").join("\n");
        },
        { timeout: STEP_TIMEOUT },
      )
      .toContain("你好 扫码客户");

    // The list shows today's add.
    await page.goto(`${siyu.url}/acquisition/live-codes`);
    await expect
      .poll(
        async () => {
          await page.reload();
          const cell = page.getByTestId(`today-adds-${id}`);
          await visible(cell);
          return cell.textContent();
        },
        { timeout: STEP_TIMEOUT, interval: 1000 },
      )
      .toBe("1");
  }, 60_000);

  it("sets the corp default welcome message, and lists the code's own message beside it", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/engagement/welcome`);
    await visible(page.getByText("还没有默认欢迎语", { exact: false }));
    await page.getByRole("button", { name: /创建默认欢迎语/ }).click();
    const modal = page.locator(".ant-modal");
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await visible(modal.getByText("欢迎语需要文字或至少一个附件"));
    await modal.getByLabel("欢迎语内容").fill("欢迎 ");
    await modal.getByRole("button", { name: "员工姓名" }).click();
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await visible(page.getByTestId("welcome-default").getByText("欢迎 {staff_name}"));
    await visible(page.getByRole("link", { name: "地铁海报 A" }));
  }, 30_000);

  it("syncs the corp with progress, then finds the scanned customer and opens the 360° view", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/settings/corps`);
    const sync = page.getByTestId(`sync-${DEMO_CORP_ID}`);
    await visible(sync.getByText("尚未同步"));
    await sync.getByRole("button", { name: /立即同步/ }).click();
    await visible(sync.getByText("上次同步完成于", { exact: false }));

    await page.goto(`${siyu.url}/customers/list`);
    await page.getByLabel("搜索客户").fill("扫码客户");
    await page.getByLabel("搜索客户").press("Enter");
    await page.getByRole("link", { name: "扫码客户" }).click();
    await page.waitForURL(/\/customers\/profile\/\d+$/, { timeout: STEP_TIMEOUT });
    await visible(page.getByTestId("customer-name").getByText("扫码客户"));
    await visible(page.getByRole("cell", { name: "metro-a" }));
    await visible(page.getByRole("cell", { name: "正常" }));
    await visible(page.getByTestId("customer-timeline").getByText("添加为客户").first());
  }, 60_000);

  it("creates a tag group in WeCom and bulk-tags a selected customer with progress", async () => {
    if (!siyu || !scanned) throw new Error("setup failed");
    await page.goto(`${siyu.url}/customers/tags`);
    await page
      .getByRole("button", { name: /新建标签组/ })
      .first()
      .click();
    const modal = page.locator(".ant-modal");
    await modal.getByLabel("标签组名称").fill("端到端");
    await modal.getByLabel("标签 1").fill("高意向");
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await visible(page.getByTestId("tag-group-端到端").getByText("高意向"));

    await page.goto(`${siyu.url}/customers/list?q=${encodeURIComponent("扫码客户")}`);
    const row = page.getByRole("row", { name: /扫码客户/ });
    await visible(row);
    await row.getByRole("checkbox").check();
    await page.getByRole("button", { name: /给选中的 1 位客户打标签/ }).click();
    const bulk = page.locator(".ant-modal");
    await bulk.getByLabel("添加标签").click();
    await page.keyboard.type("高意向");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await visible(bulk.locator(".ant-select-selection-item").getByText("高意向"));
    await bulk.getByRole("button", { name: /开\s*始/ }).click();
    await visible(page.getByText("批量打标签已完成"));
    await visible(page.getByRole("row", { name: /扫码客户/ }).getByText("高意向"));

    // The export of the current filter carries the new tag.
    const csv = await download(page, page.getByRole("button", { name: /导出筛选结果/ }), STEP_TIMEOUT);
    const exported = await readFile((await csv.path()) ?? "", "utf8");
    expect(exported).toContain("扫码客户");
    expect(exported).toContain("高意向");

    // WeCom (the emulator) has the tag on the relation too.
    const tags = (await siyuApi("GET", `/api/corps/${DEMO_CORP_ID}/tags`)).json as {
      groups: { name: string; tags: { id: string; name: string }[] }[];
    };
    const tagId = tags.groups.find((g) => g.name === "端到端")?.tags.find((x) => x.name === "高意向")?.id;
    expect(tagId).toBeTruthy();
    const inWeCom = await emulatorJson<{ follows: { userid: string; tagIds: string[] }[] }>(
      `/_emulator/corps/${DEMO_CORP_ID}/customers/${scanned.externalUserId}`,
    );
    expect(inWeCom.follows.find((f) => f.userid === scanned?.userid)?.tagIds).toContain(tagId);
  }, 60_000);
});
