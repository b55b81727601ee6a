// Customer stages (客户阶段) in a real browser against the real server and the emulator's demo corp, synced: the
// board shows every customer in 新客; dragging a card to 首单 moves the customer and it stays there after a
// reload; the customer's 360° page shows the stage and the move on the timeline; a stage added in the settings
// (after a field check) becomes a column.
import { randomBytes } from "node:crypto";
import { DEMO_CORP_ID } from "@siyu/emulator";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
const column = (key: string) => page.getByTestId(`stage-column-${key}`);

/** Drags with the mouse in small steps, as a person does (dnd-kit's pointer sensor needs real movement). */
async function drag(from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("nothing to drag or nowhere to drop");
  await page.mouse.move(a.x + 16, a.y + 16);
  await page.mouse.down();
  await page.mouse.move(a.x + 30, a.y + 30, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 15 });
  await page.mouse.move(b.x + b.width / 2 + 2, b.y + 82, { steps: 2 });
  await page.mouse.up();
}

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_stages",
    corp: demoCorp("悦享生活"),
    seed: 104_729,
    demo: { customers: 6, seed: 11 },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
  });
  ({ siyu, page, api: siyuApi } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("stages", () => {
  it("drags a customer from 新客 to 首单, and the card stays there after a reload", async () => {
    if (!siyu) throw new Error("setup failed");
    const { json } = await siyuApi<{ stages: { key: string; count: number }[] }>(
      "GET",
      `/api/corps/${DEMO_CORP_ID}/stages`,
    );
    const total = json.stages.find((s) => s.key === "new")!.count;
    expect(total).toBeGreaterThan(1);

    await page.goto(`${siyu.url}/customers/stages`);
    await visible(column("new").getByText(`${total} 人`));
    await visible(column("first_order").getByText("0 人"));
    const card = column("new").locator('[data-testid^="stage-card-"]').first();
    await visible(card);
    const cardId = (await card.getAttribute("data-testid"))!;
    const name = (await card.locator("a").innerText()).trim();

    await drag(card, column("first_order"));
    await visible(page.getByText(`已将 ${name} 移到「首单」`));
    await visible(column("first_order").getByTestId(cardId));
    await visible(column("first_order").getByText("1 人"));

    await page.reload();
    await visible(column("first_order").getByTestId(cardId));
    await visible(column("first_order").getByText("1 人"));
    await visible(column("new").getByText(`${total - 1} 人`));
    expect(await column("new").getByTestId(cardId).count()).toBe(0);
    await visible(column("first_order").getByTestId(cardId).getByText("手动", { exact: true }));

    // The customer's 360° page shows the stage and the move on the timeline.
    await column("first_order").getByTestId(cardId).locator("a").click();
    await page.waitForURL(/\/customers\/profile\/\d+$/, { timeout: STEP_TIMEOUT });
    await visible(page.getByTestId("customer-stage").getByText("首单"));
    await visible(page.getByTestId("customer-timeline").getByText("阶段变更"));
    await visible(page.getByTestId("customer-timeline").getByText("新客 → 首单 · 手动调整"));
  });

  it("adds a stage in the settings after checking its name, and it becomes a column", async () => {
    if (!siyu) throw new Error("setup failed");
    await page.goto(`${siyu.url}/customers/stages`);
    await visible(column("new"));
    await page.getByRole("button", { name: "阶段设置" }).click();
    const drawer = page.locator(".ant-drawer");
    await visible(drawer.getByTestId("stage-settings-list"));
    await drawer.getByRole("button", { name: "新增阶段" }).click();
    await visible(drawer.getByText("请输入阶段名称"));
    await drawer.getByLabel("阶段名称", { exact: true }).fill("高意向");
    await drawer.getByRole("button", { name: "新增阶段" }).click();
    await visible(drawer.getByLabel("阶段名称 高意向"));
    // A duplicate name is refused, and the typed name stays.
    await drawer.getByLabel("阶段名称", { exact: true }).fill("高意向");
    await drawer.getByRole("button", { name: "新增阶段" }).click();
    await visible(drawer.getByText("已有同名阶段，请换一个名称"));
    expect(await drawer.getByLabel("阶段名称", { exact: true }).inputValue()).toBe("高意向");
    await page.keyboard.press("Escape");
    await visible(page.locator('[data-stage-name="高意向"]'));
  });
});
