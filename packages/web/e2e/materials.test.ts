// Materials in a real browser: an image uploaded on the materials page is listed with its preview, then picked
// from the material picker in the corp default welcome message's image attachment, and saved as a reference.
import { randomBytes } from "node:crypto";
import { DEMO_CORP_ID } from "@siyu/emulator";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const adminPassword = randomBytes(12).toString("base64url");
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(1500, 3)]);

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_materials",
    corp: demoCorp("演示品牌"),
    demo: { customers: 5 },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
    connect: "added",
  });
  ({ siyu, page, api: siyuApi } = world);
}, 90_000);

afterAll(async () => {
  await world?.close();
});

describe("materials", () => {
  it("uploads an image, lists it, and picks it for a welcome message's attachment", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/content/materials`);
    await visible(page.getByText("还没有素材", { exact: false }));
    await page
      .locator("input[type=file]")
      .setInputFiles({ name: "双十一海报.png", mimeType: "image/png", buffer: PNG });
    await visible(page.getByRole("link", { name: "双十一海报.png" }));
    await visible(page.getByRole("img", { name: "双十一海报.png" }));
    const listed = await siyuApi<{ items: { id: string; name: string }[] }>(
      "GET",
      `/api/corps/${DEMO_CORP_ID}/materials`,
    );
    const material = listed.json.items.find((m) => m.name === "双十一海报.png");
    expect(material).toBeDefined();

    await page.goto(`${siyu.url}/engagement/welcome`);
    await page.getByRole("button", { name: /创建默认欢迎语/ }).click();
    const modal = page.locator(".ant-modal");
    await modal.getByLabel("欢迎语内容").fill("欢迎来到演示品牌");
    await modal.getByRole("button", { name: /添加附件/ }).click();
    await modal.getByLabel("类型").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "图片" })
      .click();
    // Without a material, picture URL or media_id the form says what an image needs.
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await visible(modal.getByText("图片需要选择素材", { exact: false }));
    await modal.getByLabel("素材").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "双十一海报.png" })
      .click();
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await visible(page.getByTestId("welcome-default").getByText("欢迎来到演示品牌"));

    const welcomes = await siyuApi<{
      items: { scope: string; attachments: { type: string; materialId?: string }[] }[];
    }>("GET", `/api/corps/${DEMO_CORP_ID}/welcome-messages`);
    expect(welcomes.json.items.find((w) => w.scope === "default")?.attachments).toEqual([
      { type: "image", materialId: material?.id },
    ]);
  }, 60_000);
});
