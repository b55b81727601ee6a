// Duplicate members in a real browser against the real server and the emulator: a customer in 3 groups is one
// row of the report with the group the rules keep; "生成移除任务" makes 2 tasks waiting for the owner; the owner
// confirms one (the console user is linked to the owning member) and is told to remove the member by hand; the
// owner's manual removal in WeCom comes back as a leave callback and the task shows as removed.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwGroupDupesE2E";
const SECRET = "group-dupes-e2e-secret";
const TOKEN = "GroupDupesE2E";
const AES_KEY = "Z3JvdXBEdXBlc0UyRUVuY29kaW5nQUVTS2V5Rm9yVGg";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let people: ConsoleWorld["people"];
const chats: string[] = [];
let customer = "";

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_group_dupes",
    corp: { corpId: CORP_ID, name: "社群品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 71,
    adminPassword,
    prepare: async ({ control, people }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "wang.qun", name: "王群主" });
      customer = (
        await people<{ externalUserId: string }>("add-customer", {
          userid: "wang.qun",
          customer: { name: "陈重复" },
        })
      ).externalUserId;
      for (const name of ["一群", "二群", "三群"]) {
        const { chatId } = await people<{ chatId: string }>("create-group", { owner: "wang.qun", name });
        chats.push(chatId);
        await people("join-group", { chatId, externalUserId: customer });
        // Join times a few seconds apart: the newest membership (三群) is the one the default rules keep.
        await control("POST", "/_emulator/clock/advance", { seconds: 3 });
      }
    },
  });
  ({ siyu, page, people } = world);
  const me = await siyuApi<{ user: { id: string } }>("GET", "/api/auth/me");
  const linked = await siyuApi("PUT", `/api/users/${me.json.user.id}/member`, {
    corpId: CORP_ID,
    userid: "wang.qun",
  });
  expect(linked.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("duplicate members", () => {
  it("lists the customer once, and removes only after the owner confirms", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/groups/duplicates`);
    const report = page.getByTestId("duplicate-customers");
    const row = report.locator("tr", { hasText: "陈重复" });
    await visible(row);
    expect(await row.count()).toBe(1);
    await visible(row.getByText("三群 · 保留"));
    await visible(row.getByText("一群", { exact: true }));
    await visible(page.getByText("共 1 位客户在多个群中"));

    await page.getByTestId("plan-removals").click();
    await visible(page.getByText("新建 2 个任务，待处理共 2 个"));
    const tasks = page.getByTestId("removal-tasks");
    const first = tasks.locator("tr", { hasText: "一群" });
    await visible(first.getByText("待群主确认"));
    await visible(tasks.locator("tr", { hasText: "二群" }).getByText("待群主确认"));

    await first.getByRole("button", { name: "确认移除" }).click();
    await visible(first.getByText("待群主移出"));
    await visible(first.getByText(/将「陈重复」移出群聊/));
    // Siyu removed nobody: the customer is still in the group in WeCom.
    const still = await siyuApi<{ members: { memberId: string }[] }>(
      "GET",
      `/api/corps/${CORP_ID}/groups/${chats[0]}`,
    );
    expect(still.json.members.map((m) => m.memberId)).toContain(customer);

    // The owner removes them by hand in WeCom; the leave callback completes the task.
    await people("leave-group", { chatId: chats[0], externalUserId: customer, removed: true });
    await expect
      .poll(
        async () =>
          (
            await siyuApi<{ items: { chatId: string; status: string }[] }>(
              "GET",
              `/api/corps/${CORP_ID}/group-removals`,
            )
          ).json.items.find((t) => t.chatId === chats[0])?.status,
        { timeout: STEP_TIMEOUT },
      )
      .toBe("done");
    await page.reload();
    await visible(page.getByTestId("removal-tasks").locator("tr", { hasText: "一群" }).getByText("已移出"));
    await visible(
      page.getByTestId("removal-tasks").locator("tr", { hasText: "二群" }).getByText("待群主确认"),
    );
  }, 120_000);
});
