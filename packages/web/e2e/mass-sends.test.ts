// Mass sends (群发) in a real browser against the real server and the emulator's demo corp (synced): a send to a
// saved segment is composed, its pre-flight read (one customer who opted out is dropped, with the reason in
// Chinese), sent after confirming, and its report fills in — first waiting for staff, then, once the members
// confirm in the emulator, sent — with the senders' tasks and the recipients by status. A segment deleted
// while composing is refused on the segment field, in Chinese, and nothing typed is lost. A send nobody has
// confirmed yet is reminded (counted per sender) and cancelled.
import { randomBytes } from "node:crypto";
import { DEMO_CORP_ID } from "@siyu/emulator";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSiyu, saveSegment } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 20_000;
const CUSTOMERS = 40;
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];
let optedOut = "";

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

const corpPath = `/api/corps/${DEMO_CORP_ID}`;

/** The number a statistic shows (digits only, so "1,234" reads as 1234). */
async function shown(testId: string, within: Locator | Page = page): Promise<number> {
  const text = (await within.getByTestId(testId).locator(".ant-statistic-content-value").textContent()) ?? "";
  return Number(text.replace(/[^\d]/g, ""));
}

type View = { status: string; senders: { sender: string; msgid: string | null; status: string }[] };

/** The send once every sender's task has reached WeCom. */
async function submitted(id: string): Promise<View> {
  let view: View | undefined;
  await expect
    .poll(
      async () => {
        view = (await siyuApi<View>("GET", `${corpPath}/mass-sends/${id}`)).json;
        return view.senders.length > 0 && view.senders.every((s) => s.msgid !== null);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  if (!view) throw new Error("no view");
  return view;
}

async function pickSegment(name: string) {
  await page.getByTestId("mass-send-segment").click();
  const option = page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: name });
  await visible(option.first());
  await option.first().click();
}

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_mass",
    corp: demoCorp("演示品牌"),
    demo: { customers: CUSTOMERS },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    viewport: { width: 1440, height: 1000 },
  });
  ({ siyu, page, api: siyuApi } = world);
  // Whatever the hour the test runs at: no quiet hours or active windows in the way.
  const gate = await siyuApi("PATCH", `${corpPath}/send-gate/settings`, {
    quietHours: null,
    activeWindows: false,
  });
  expect(gate.status).toBe(200);
  // One customer has said 退订: the gate drops marketing to them.
  const customers = await siyuApi<{ items: { externalUserId: string }[] }>(
    "GET",
    `/api/customers?corpId=${DEMO_CORP_ID}&limit=1`,
  );
  optedOut = customers.json.items[0]?.externalUserId ?? "";
  expect(optedOut).not.toBe("");
  const opt = await siyuApi("POST", `${corpPath}/opt-outs`, { externalUserid: optedOut, detail: "e2e" });
  expect(opt.status).toBeLessThan(300);
}, 150_000);

afterAll(async () => {
  await world?.close();
});

describe("mass sends", () => {
  it("refuses a segment deleted while composing on its field, keeping what was typed", async () => {
    if (!siyu) throw new Error("setup failed");
    const doomed = await saveSegment(page, DEMO_CORP_ID, { name: "临时人群", text: "订单数>=0" });
    await page.goto(`${siyu.url}/engagement/mass-sends/new`);
    await page.getByTestId("mass-send-name").fill("会被拒绝的群发");
    await pickSegment("临时人群");
    await page.getByTestId("mass-send-text").fill("这条不会发出");
    await expect
      .poll(() => page.getByTestId("preflight").getAttribute("data-state"), { timeout: STEP_TIMEOUT })
      .toBe("ready");

    const removed = await siyuApi("DELETE", `${corpPath}/segments/${doomed.id}`, {});
    expect(removed.status).toBeLessThan(300);
    await page.getByTestId("mass-send-submit").click();
    await page.getByRole("button", { name: "确认发送" }).click();
    const segmentField = page
      .locator(".ant-form-item")
      .filter({ has: page.getByTestId("mass-send-segment") });
    await visible(
      segmentField.locator(".ant-form-item-explain-error").getByText("该人群已不存在，请重新选择"),
    );
    expect(await page.getByTestId("mass-send-text").inputValue()).toBe("这条不会发出");
    expect(await page.getByTestId("mass-send-name").inputValue()).toBe("会被拒绝的群发");
    const list = await siyuApi<{ items: unknown[] }>("GET", `${corpPath}/mass-sends`);
    expect(list.json.items).toHaveLength(0);
  }, 90_000);

  it("composes a send to a segment, reads the pre-flight, sends it and sees the report fill in", async () => {
    if (!siyu || !world) throw new Error("setup failed");
    const segment = await saveSegment(page, DEMO_CORP_ID, { name: "全部客户", text: "订单数>=0" });
    expect(segment.lastCount).toBe(CUSTOMERS);

    await page.goto(`${siyu.url}/engagement/mass-sends`);
    await visible(page.getByText("还没有群发"));
    await page.getByTestId("mass-send-new").first().click();
    await visible(page.getByText("选择发送对象并填写内容后，这里会显示有多少人现在能收到。"));

    await page.getByTestId("mass-send-name").fill("双十一会员预热");
    await pickSegment("全部客户");
    await page.getByTestId("mass-send-text").fill("双十一会员专享：全场 8 折，今晚 8 点开始");

    // The pre-flight: everyone in the segment, the opted-out customer dropped with the reason, per sender.
    const preflight = page.getByTestId("preflight");
    await expect.poll(() => preflight.getAttribute("data-state"), { timeout: STEP_TIMEOUT }).toBe("ready");
    expect(await shown("preflight-total")).toBe(CUSTOMERS);
    const dropped = await shown("preflight-dropped");
    const deferred = await shown("preflight-deferred");
    const now = await shown("preflight-now");
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect(now + deferred + dropped).toBe(CUSTOMERS);
    expect(now).toBeGreaterThan(0);
    await visible(preflight.getByTestId("preflight-reasons").getByText(/已于 .* 退订/));
    const senderRows = preflight.getByTestId("preflight-senders").locator("tbody tr.ant-table-row");
    expect(await senderRows.count()).toBeGreaterThan(0);

    // Sent after confirming the numbers; the report page opens.
    await page.getByTestId("mass-send-submit").click();
    await visible(page.getByText(new RegExp(`现在发送 ${now}，推迟 ${deferred}，不发 ${dropped}`)));
    await page.getByRole("button", { name: "确认发送" }).click();
    await page.waitForURL(/\/engagement\/mass-sends\/\d+$/, { timeout: STEP_TIMEOUT });
    const id = page.url().split("/").pop() ?? "";
    await expect.poll(() => shown("report-recipients"), { timeout: STEP_TIMEOUT }).toBe(CUSTOMERS);
    expect(await shown("report-dropped")).toBe(dropped);

    // The members' tasks reach WeCom and wait for them; the page shows them waiting.
    const view = await submitted(id);
    await page.getByTestId("mass-send-refresh").click();
    await expect.poll(() => shown("report-unconfirmed"), { timeout: STEP_TIMEOUT }).toBe(now);
    const senders = page.getByTestId("mass-send-senders");
    await visible(senders.getByText("待员工确认").first());
    await page.getByTestId("recipient-status").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "不发" })
      .click();
    await visible(page.getByTestId("mass-send-recipients").getByText(optedOut));

    // Every member confirms in their WeCom client (the emulator); the report fills in.
    const { control } = world;
    for (const s of view.senders) {
      await control("POST", `/_emulator/corps/${DEMO_CORP_ID}/people/confirm-mass`, {
        msgid: s.msgid,
        userid: s.sender,
      });
    }
    await page.getByTestId("mass-send-refresh").click();
    await expect.poll(() => shown("report-sent"), { timeout: 30_000 }).toBe(now);
    expect(await shown("report-unconfirmed")).toBe(0);
    expect(await shown("report-notFriend")).toBe(0);
    expect(await shown("report-quotaHit")).toBe(0);
    await visible(senders.getByText("已发送").first());
    expect(await senders.getByText("待员工确认").count()).toBe(0);

    // The list shows the send with its numbers.
    await page.getByRole("button", { name: "返回列表" }).click();
    const row = page.getByTestId("mass-send-list").getByRole("row", { name: /双十一会员预热/ });
    await visible(row);
    await visible(row.getByText("人群：全部客户"));
    await expect
      .poll(() => page.getByTestId(`mass-send-sent-${id}`).textContent(), { timeout: STEP_TIMEOUT })
      .toBe(`${now} / ${CUSTOMERS}`);
  }, 180_000);

  it("reminds the members who have not sent it, then cancels the send", async () => {
    if (!siyu) throw new Error("setup failed");
    // Everyone received one mass message today: allow 7 a week so this one goes out now.
    const gate = await siyuApi("PATCH", `${corpPath}/send-gate/settings`, {
      quota: { policy: "week7", onHit: "defer" },
    });
    expect(gate.status).toBe(200);

    await page.goto(`${siyu.url}/engagement/mass-sends/new`);
    await page.getByTestId("mass-send-name").fill("周末提醒");
    await pickSegment("全部客户");
    await page.getByTestId("mass-send-text").fill("周末门店有新品试用，欢迎到店");
    await expect
      .poll(() => page.getByTestId("preflight").getAttribute("data-state"), { timeout: STEP_TIMEOUT })
      .toBe("ready");
    await page.getByTestId("mass-send-submit").click();
    await page.getByRole("button", { name: "确认发送" }).click();
    await page.waitForURL(/\/engagement\/mass-sends\/\d+$/, { timeout: STEP_TIMEOUT });
    const id = page.url().split("/").pop() ?? "";
    const view = await submitted(id);
    await page.getByTestId("mass-send-refresh").click();
    const senders = page.getByTestId("mass-send-senders");
    await visible(senders.getByText("待员工确认").first());

    // Reminded: every waiting member once.
    await page.getByTestId("mass-send-remind").click();
    await visible(page.getByText(`已提醒 ${view.senders.length} 位员工`));
    await expect.poll(() => senders.getByText("1 / 3").count(), { timeout: STEP_TIMEOUT }).toBeGreaterThan(0);
    expect(await senders.getByText("0 / 3").count()).toBe(0);

    // Cancelled: the tasks are withdrawn and nothing more can be done.
    await page.getByTestId("mass-send-cancel").click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: "取消群发" }).click();
    await visible(page.getByTestId("mass-send-status").getByText("已取消"));
    expect(await page.getByTestId("mass-send-cancel").isDisabled()).toBe(true);
    expect(await page.getByTestId("mass-send-remind").isDisabled()).toBe(true);
    const after = await siyuApi<View>("GET", `${corpPath}/mass-sends/${id}`);
    expect(after.json.status).toBe("cancelled");
    expect(after.json.senders.every((s) => s.status === "cancelled")).toBe(true);
  }, 120_000);
});
