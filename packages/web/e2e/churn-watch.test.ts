// Churn watch (风控 → 投诉与删除) in a real browser against the real server and the emulator's demo corp: a
// campaign's messages go out through the dispatcher, customers delete the member in the emulator, the campaign
// pauses itself; the page shows why in Chinese (figures, held messages); the messages planned after the pause are
// held; the operator resumes it with the button and they go out.
import { randomBytes } from "node:crypto";
import { DEMO_CORP_ID } from "@siyu/emulator";
import pg from "pg";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSiyu } from "./harness.ts";
import { type ConsoleWorld, demoCorp, startConsoleWorld } from "./world.ts";

const STEP_TIMEOUT = 15_000;
const PLANNER = "mass-send:e2e";
const adminPassword = randomBytes(12).toString("base64url");

let world: ConsoleWorld | undefined;
let db: pg.Client | undefined;
let siyu: RunningSiyu | undefined;
let page: Page;
let siyuApi: ConsoleWorld["api"];

const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: STEP_TIMEOUT });

async function until<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + STEP_TIMEOUT;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  world = await startConsoleWorld({
    name: "siyu_web_churn",
    corp: demoCorp("悦享生活"),
    seed: 7_919,
    demo: { customers: 8, seed: 13 },
    adminPassword,
    stepTimeoutMs: STEP_TIMEOUT,
  });
  ({ siyu, page, api: siyuApi } = world);
  db = new pg.Client({ connectionString: world.database.url });
  await db.connect();
  // Whatever the hour the test runs at: no quiet hours or active windows in the way.
  const gate = await siyuApi("PATCH", `/api/corps/${DEMO_CORP_ID}/send-gate/settings`, {
    quietHours: null,
    activeWindows: false,
  });
  expect(gate.status).toBe(200);
  const churn = await siyuApi("PATCH", `/api/corps/${DEMO_CORP_ID}/churn-watch/settings`, {
    planner: { percent: 20, minDeletions: 2 },
    sender: { percent: 20, minDeletions: 1000, cooldownHours: 24 },
  });
  expect(churn.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await db?.end();
  await world?.close();
});

/** Plans one marketing message of the campaign, as a mass send would (an outbox row the dispatcher picks up). */
async function plan(externalUserid: string, userid: string, n: number) {
  await db?.query(
    `insert into outbox (corp_id, idempotency_key, planner, channel, recipient, sender, payload, not_before, updated_at)
     values ($1, $2, $3, 'wecom.customer_message', $4, $5, $6, now(), now())`,
    [
      DEMO_CORP_ID,
      `e2e:${n}`,
      PLANNER,
      externalUserid,
      userid,
      JSON.stringify({ text: `双十二会员日 ${n}` }),
    ],
  );
}

const statuses = async () =>
  (
    await (db as pg.Client).query<{ idempotency_key: string; status: string; reason: string | null }>(
      "select idempotency_key, status, reason from outbox where planner = $1 order by id",
      [PLANNER],
    )
  ).rows;

describe("churn watch", () => {
  it("shows a campaign that paused itself, why, and resumes it by hand", async () => {
    if (!siyu || !db || !world) throw new Error("setup failed");
    const relations = (
      await db.query<{ external_userid: string; userid: string }>(
        `select distinct on (external_userid) external_userid, userid from follow_relations
         where corp_id = $1 and status = 'active' order by external_userid, userid limit 6`,
        [DEMO_CORP_ID],
      )
    ).rows;
    expect(relations).toHaveLength(6);
    const [sent, later] = [relations.slice(0, 3), relations.slice(3)];
    for (const [i, r] of sent.entries()) await plan(r.external_userid, r.userid, i);
    await until("the first three sent", async () => (await statuses()).every((s) => s.status === "sent"));

    // Two of them delete the member in WeCom: 2 of 3 sends = 66.7% > 20%, and the minimum of 2 is met.
    const { control } = world;
    for (const r of sent.slice(0, 2))
      await control("POST", `/_emulator/corps/${DEMO_CORP_ID}/people/customer-deletes-member`, {
        userid: r.userid,
        externalUserId: r.external_userid,
      });
    await until("the pause", async () => {
      const o = await siyuApi<{ paused: { planner: string }[] }>(
        "GET",
        `/api/corps/${DEMO_CORP_ID}/churn-watch`,
      );
      return o.json.paused.some((p) => p.planner === PLANNER);
    });

    // The rest of the campaign is held by the send gate.
    for (const [i, r] of later.entries()) await plan(r.external_userid, r.userid, 10 + i);
    const held = await until("the rest held", async () => {
      const rows = (await statuses()).slice(3);
      return rows.every((s) => s.status === "pending" && s.reason?.startsWith("paused_planner: ")) && rows;
    });
    expect(held).toHaveLength(3);

    await page.goto(`${siyu.url}/risk/complaints`);
    const paused = page.getByTestId("paused-planners");
    const row = paused.locator("tbody tr").filter({ hasText: PLANNER });
    await visible(row);
    await visible(row.getByText("群发已自动暂停：24 小时内 3 次发送后有 2 人删除（66.7% > 20%）"));
    await visible(row.getByText("群发", { exact: true }));
    expect(await row.locator("td").nth(3).textContent()).toBe("3");
    await visible(
      page.getByTestId("planner-figures").locator("tbody tr").filter({ hasText: PLANNER }).getByText("66.7%"),
    );
    await visible(page.getByTestId("recent-deletions").getByText("客户删除 / 拉黑员工").first());
    // The send gate's page lists the rule with the count of paused planners.
    await page.goto(`${siyu.url}/risk/send-gate`);
    await visible(page.getByTestId("gate-rules").getByText("1 个群发或自动化已暂停"));

    // Resume by hand: the held messages go out.
    await page.goto(`${siyu.url}/risk/complaints`);
    await visible(row);
    await row.getByRole("button", { name: /恢\s*复/ }).click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /恢\s*复/ })
      .click();
    await visible(page.getByText(`已恢复 ${PLANNER}`));
    await visible(page.getByTestId("paused-planners").getByText("没有被暂停的群发或自动化。"));
    await visible(page.getByTestId("resumed-planners").getByText("admin", { exact: false }));
    await until("the held messages sent", async () => (await statuses()).every((s) => s.status === "sent"));
  });
});
