// Anti-harassment in a real browser against the real server and the emulator: a rule typed into the form is
// refused on its field while a whitelisted domain is not a domain name, then saved; group messages posted through
// the archive-bridge API (a whitelisted link, a whitelisted mini-program, then two links outside the whitelist)
// show in the event log as one counted violation and one removal, and the sender is on the blacklist.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageApi, type RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const CORP_ID = "wwGroupGuardE2E";
const SECRET = "group-guard-e2e-secret";
const TOKEN = "GroupGuardE2E";
const AES_KEY = "Z3JvdXBHdWFyZEUyRUVuY29kaW5nQUVTS2V5Rm9yVGg";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let chatId = "";
let spammer = "";
let neighbour = "";

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const siyuApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  pageApi<T>(page, method, path, body);

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_group_guard",
    corp: { corpId: CORP_ID, name: "防骚扰品牌", secret: SECRET, token: TOKEN, aesKey: AES_KEY },
    seed: 73,
    adminPassword,
    prepare: async ({ control, people }) => {
      await control("POST", `/_emulator/corps/${CORP_ID}/members`, { userid: "li.qun", name: "李群主" });
      spammer = (
        await people<{ externalUserId: string }>("add-customer", {
          userid: "li.qun",
          customer: { name: "广告哥" },
        })
      ).externalUserId;
      neighbour = (
        await people<{ externalUserId: string }>("add-customer", {
          userid: "li.qun",
          customer: { name: "好邻居" },
        })
      ).externalUserId;
      chatId = (await people<{ chatId: string }>("create-group", { owner: "li.qun", name: "宝妈交流群" }))
        .chatId;
      for (const id of [spammer, neighbour]) await people("join-group", { chatId, externalUserId: id });
    },
  });
  ({ siyu, page } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("anti-harassment", () => {
  it("refuses a bad domain on its field, then logs violations with evidence and blacklists the sender", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/groups/anti-harassment`);
    await page.getByRole("button", { name: "新建规则" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("名称", { exact: true }).fill("只许自家链接");
    await dialog.getByLabel("域名白名单（每行一个）").fill("not a domain");
    await dialog.getByLabel("小程序白名单（appid 或名称，每行一个）").fill("wxbrand000000000001");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await visible(dialog.getByText("不是域名，请写成 example.com 这样"));
    await dialog.getByLabel("域名白名单（每行一个）").fill("brand.com");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await visible(page.getByTestId("guard-rules").locator("tr", { hasText: "只许自家链接" }));

    const at = (s: number) => new Date(Date.now() - (60 - s) * 1000).toISOString();
    const sent = await siyuApi("POST", `/api/corps/${CORP_ID}/messages`, {
      messages: [
        { msgid: "g1", from: neighbour, roomId: chatId, text: "看看 https://m.brand.com/new", sentAt: at(1) },
        {
          msgid: "g2",
          from: neighbour,
          roomId: chatId,
          kind: "weapp",
          detail: { appid: "wxbrand000000000001", appName: "品牌商城" },
          sentAt: at(2),
        },
        { msgid: "g3", from: spammer, roomId: chatId, text: "代购 http://cheap.cn/a", sentAt: at(3) },
        {
          msgid: "g4",
          from: spammer,
          roomId: chatId,
          kind: "link",
          detail: { url: "https://cheap.cn/b", title: "低价" },
          sentAt: at(4),
        },
      ],
    });
    expect(sent.status).toBe(200);
    await page.reload();
    const log = page.getByTestId("guard-events");
    await visible(log.locator("tr", { hasText: "移除并拉黑" }).getByText("广告哥"));
    await visible(
      log.locator("tr", { hasText: "记一次违规" }).getByText("http://cheap.cn/a", { exact: false }),
    );
    await visible(log.locator("tr", { hasText: "移除并拉黑" }).getByText("待群主移出"));
    expect(await log.locator("tr", { hasText: "好邻居" }).count()).toBe(0);
    await visible(page.getByTestId("guard-blacklist").locator("tr", { hasText: "广告哥" }));
  }, 120_000);
});
