// Follow-ups in a real browser against the real server and the emulator: a plan started for a customer becomes
// a task on the follow-up page (per-member counts, round and script); "拒绝" records the customer's no and the
// plan moves to its nurture branch. Chats posted through the archive-bridge API show on the response-time tab:
// the member's conversations, the median first reply, and a reply after 7 minutes listed as a breach.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwFollowupsE2E";
const SECRET = "followups-e2e-secret";
const TOKEN = "FollowupsE2E";
const AES_KEY = "Zm9sbG93dXBzRTJFRW5jb2RpbmdBRVNLZXlGb3JUaGU";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
const customers: Record<string, string> = {};

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_followups",
    corp: { corpId: CORP_ID, name: "跟进品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 67,
    adminPassword,
    prepare: async ({ control }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "wang.dian", name: "王店长" });
      for (const name of ["陈静", "李雷"]) {
        const r = await control<{ externalUserId: string }>(
          "POST",
          `/_emulator/corps/${CORP_ID}/people/add-customer`,
          {
            userid: "wang.dian",
            customer: { name },
          },
        );
        customers[name] = r.externalUserId;
      }
    },
  });
  ({ siyu, page } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const base = `/api/corps/${CORP_ID}/followups`;

describe("follow-ups", () => {
  it("shows a due round as the member's task and records the customer's no", async () => {
    if (!siyu) throw new Error("setup failed");
    const tpl = await siyuApi<{ id: string }>("POST", `${base}/templates`, {
      name: "新客三轮跟进",
      rounds: [
        { name: "引起兴趣", day: 0, at: "00:00", script: "分享一篇护肤干货" },
        { name: "解答疑虑", day: 2, at: "10:00", script: "问问用后感受" },
      ],
      onNo: {
        action: "fallback",
        rounds: [{ name: "温和培育", day: 14, at: "10:00", script: "分享相关内容" }],
      },
      remind: false,
    });
    expect(tpl.status).toBe(201);
    const plan = await siyuApi<{ id: string }>("POST", `${base}/plans`, {
      templateId: tpl.json.id,
      externalUserId: customers.陈静,
    });
    expect(plan.status).toBe(201);
    // The scheduler makes round 1 a task (it was due at once).
    await expect
      .poll(async () => (await siyuApi<{ items: unknown[] }>("GET", `${base}/tasks`)).json.items.length, {
        timeout: STEP_TIMEOUT,
      })
      .toBe(1);

    await page.goto(`${siyu.url}/engagement/follow-ups`);
    await visible(
      page.getByTestId("followup-members").locator("tr", { hasText: "王店长" }).getByText("1").first(),
    );
    const task = page.locator("tr", { hasText: "陈静" });
    await visible(task.getByText("第 1 轮 · 引起兴趣"));
    await visible(task.getByText("分享一篇护肤干货"));
    await task.getByRole("button", { name: /拒\s*绝/ }).click();
    await visible(page.getByText("已记录客户反馈"));
    await task.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    const after = await siyuApi<{ branch: string; status: string }>("GET", `${base}/plans/${plan.json.id}`);
    expect(after.json).toMatchObject({ status: "active", branch: "fallback" });
  }, 120_000);

  it("lists response times per member and a reply after 7 minutes as a breach", async () => {
    if (!siyu) throw new Error("setup failed");
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const sent = await siyuApi("POST", `/api/corps/${CORP_ID}/messages`, {
      messages: [
        { msgid: "e2e-1", from: customers.李雷, to: "wang.dian", text: "在吗", sentAt: ago(10) },
        { msgid: "e2e-2", from: "wang.dian", to: customers.李雷, text: "在的", sentAt: ago(3) },
        { msgid: "e2e-3", from: customers.陈静, to: "wang.dian", text: "有货吗", sentAt: ago(8) },
        { msgid: "e2e-4", from: "wang.dian", to: customers.陈静, text: "有的", sentAt: ago(6) },
      ],
    });
    expect(sent.status).toBe(200);
    await expect
      .poll(async () => (await siyuApi<{ breaches: unknown[] }>("GET", `${base}/sla`)).json.breaches.length, {
        timeout: STEP_TIMEOUT,
      })
      .toBe(1);
    await page.getByRole("tab", { name: "响应时效" }).click();
    await page.waitForURL(/\/engagement\/follow-ups\/sla$/, { timeout: STEP_TIMEOUT });
    const member = page.getByTestId("sla-members").locator("tr", { hasText: "王店长" });
    // First replies after 7 and 2 minutes: the median is 4 min 30 s.
    await visible(member.getByText("4 分 30 秒"));
    const breach = page.getByTestId("sla-breaches").locator("tr", { hasText: "李雷" });
    await visible(breach.getByText("首次回复超时"));
    await visible(breach.getByText("王店长"));
    expect(await page.getByTestId("sla-breaches").locator("tr", { hasText: "陈静" }).count()).toBe(0);
  }, 120_000);
});
