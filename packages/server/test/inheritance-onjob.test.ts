// In-service transfers (在职转接) against the emulator, on its frozen clock: two of a member's customers and
// their group go by hand to a colleague, with a message to the customers; after 24 h WeCom's
// del_external_contact (DELETE_BY_TRANSFER) and add_external_contact land, the customers' open SOP task moves to
// the new owner (the customer left behind stays with the old one). A customer transferred twice in 90 days is
// refused the third time (WeCom 40128) and listed with the reason. An in-service transfer of a departed member,
// or a message on a departed-staff transfer, is refused field by field. A start WeCom took before a crash (its
// answer lost) is tracked as waiting when the re-run gets 40129, and ends taken over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { runDueJobs } from "../src/domains/inheritance/inheritance.runner.ts";
import { runDueSops } from "../src/domains/sops/sops.scan.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";
import { adminSession } from "./siyu.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China.
const DAY0_10H = Date.parse("2026-11-23T02:00:00Z");
const china = (day: number, hhmm: string) =>
  DAY0_10H - 10 * HOUR + day * 24 * HOUR + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * 60_000;
const x: string[] = [];
let chatId = "";
const base = () => `/api/corps/${world().corpId}/inheritance`;

const settle = () => world().settle();
async function at(day: number, hhmm: string) {
  world().emuClock.set(china(day, hhmm));
  Object.assign(world().headers, await adminSession(world().siyu.url));
}
async function transfer(handover: string, takeover: string, customers: string[], extra = {}) {
  const r = await world().api("POST", `${base()}/transfers`, {
    kind: "onjob",
    handover,
    assign: { mode: "hand", takeover },
    customers,
    groups: [],
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}
const sopTasks = () =>
  ctx.db
    .selectFrom("sop_tasks")
    .select(["owner", "targets"])
    .where("corp_id", "=", world().corpId)
    .where("status", "=", "open")
    .orderBy("owner")
    .execute();

beforeAll(async () => {
  w = await startLcWorld({
    members: ["ma", "mb"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(DAY0_10H);
  for (let i = 0; i < 3; i++) {
    const r = await w.people<{ externalUserId: string }>("add-customer", {
      userid: "ma",
      customer: { name: `在职客${i}` },
    });
    x.push(r.externalUserId);
  }
  chatId = (await w.people<{ chatId: string }>("create-group", { owner: "ma", externalUserIds: x })).chatId;
  await settle();
  await (await startSync(ctx, w.corpId, "full")).promise;
  const sop = await w.api("POST", `/api/corps/${w.corpId}/sops`, {
    name: "每日关怀",
    kind: "personal",
    rules: [{ schedule: { kind: "daily", at: "11:00" }, content: { text: "今日护肤提醒" } }],
  });
  expect(sop.status).toBe(201);
  await at(0, "11:00");
  while ((await runDueSops(ctx)) > 0) {}
  expect(await sopTasks()).toEqual([{ owner: "ma", targets: [...x].sort() }]);
}, 120_000);
afterAll(() => w?.stop());

describe("in-service transfer", () => {
  it("refuses an in-service transfer of a departed member and a message on a departed-staff transfer", async () => {
    const r = await world().api("POST", `${base()}/transfers`, {
      kind: "resigned",
      handover: "ma",
      assign: { mode: "hand", takeover: "mb" },
      message: "你好",
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["/handover"]);
    const unknown = await world().api("POST", `${base()}/transfers`, {
      kind: "onjob",
      handover: "nobody",
      assign: { mode: "hand", takeover: "mb" },
    });
    expect(unknown.body.error.details).toEqual([
      { path: "/handover", message: "nobody is not a member of this corp" },
    ]);
  });

  it("moves two customers and the group by hand; their SOP task follows them to the new owner", async () => {
    const r = await world().api("POST", `${base()}/transfers`, {
      kind: "onjob",
      handover: "ma",
      assign: { mode: "hand", takeover: "mb" },
      customers: [x[0], x[1]],
      groups: [chatId],
      message: "您好，之后由我为您服务",
    });
    expect(r.status).toBe(201);
    expect(r.body.before).toEqual({ customers: 2, groups: 1 });
    await runDueJobs(ctx);
    const received = await world().control<{ received: { kind: string; text: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${x[0]}/messages`,
    );
    expect(received.received.filter((m) => m.kind === "transfer").map((m) => m.text)).toEqual([
      "您好，之后由我为您服务",
    ]);
    await at(1, "11:30");
    await runDueJobs(ctx);
    await settle();
    const job = await world().api("GET", `${base()}/transfers/${r.body.id}`);
    expect(job.body).toMatchObject({
      status: "done",
      customers: { succeeded: 2, waiting: 0 },
      groups: { succeeded: 1 },
    });
    const owner = await ctx.db
      .selectFrom("customer_groups")
      .select("owner")
      .where("chat_id", "=", chatId)
      .executeTakeFirstOrThrow();
    expect(owner.owner).toBe("mb");
    const relations = await ctx.db
      .selectFrom("follow_relations")
      .select(["userid", "status"])
      .where("external_userid", "=", x[0] as string)
      .orderBy("userid")
      .execute();
    expect(relations).toEqual([
      { userid: "ma", status: "transferred" },
      { userid: "mb", status: "active" },
    ]);
    // The customer's timeline says the old member handed them over, not that anybody deleted anybody.
    const timeline = await ctx.db
      .selectFrom("contact_timeline")
      .select(["kind", "userid"])
      .where("external_userid", "=", x[0] as string)
      .where("kind", "like", "customer.%")
      .where("occurred_at", ">=", new Date(china(1, "00:00")))
      .orderBy("id")
      .execute();
    expect(timeline).toContainEqual({ kind: "customer.transferred", userid: "ma" });
    expect(timeline.map((t) => t.kind)).not.toContain("customer.deleted_by_member");
    // Day 0's task (still open): x0 and x1 moved to mb, x2 stays with ma. Day 1's firing came after.
    const day0 = await ctx.db
      .selectFrom("sop_tasks")
      .select(["owner", "targets"])
      .where("due_at", "=", new Date(china(0, "11:00")))
      .orderBy("owner")
      .execute();
    expect(day0).toEqual([
      { owner: "ma", targets: [x[2]] },
      { owner: "mb", targets: [x[0], x[1]].sort() },
    ]);
  });

  it("refuses a third transfer of a customer within 90 days (WeCom 40128) and lists it with the reason", async () => {
    const back = await transfer("mb", "ma", [x[0] as string]);
    await runDueJobs(ctx);
    await at(2, "12:00");
    await runDueJobs(ctx);
    await settle();
    expect((await world().api("GET", `${base()}/transfers/${back}`)).body.customers.succeeded).toBe(1);
    const third = await transfer("ma", "mb", [x[0] as string]);
    await runDueJobs(ctx);
    const failed = await world().api("GET", `${base()}/transfers/${third}/customers?status=unfinished`);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        externalUserid: x[0],
        status: "failed",
        errcode: 40128,
        reason: "already transferred twice in the last 90 days (WeCom allows 2)",
      }),
    ]);
    const report = await world().api("GET", `${base()}/transfers/${third}/report`);
    expect(report.body).toMatchObject({
      finished: true,
      balanced: true,
      after: { customers: { failed: 1 } },
    });
  });

  it("a start WeCom took before a crash (the answer lost) is tracked as waiting, not failed", async () => {
    const id = await transfer("ma", "mb", [x[2] as string]);
    // The call landed in WeCom but Siyu crashed before recording it: WeCom now answers 40129 to the re-run.
    const client = await ctx.wecom.forCorp(ctx, world().corpId);
    const first = await client.transfer.transferCustomers("onjob", {
      handover_userid: "ma",
      takeover_userid: "mb",
      external_userid: [x[2] as string],
    });
    expect(first.customer[0]?.errcode).toBe(0);
    await runDueJobs(ctx);
    expect((await world().api("GET", `${base()}/transfers/${id}`)).body.customers).toMatchObject({
      waiting: 1,
      failed: 0,
    });
    await at(3, "12:01");
    await runDueJobs(ctx);
    expect((await world().api("GET", `${base()}/transfers/${id}`)).body).toMatchObject({
      status: "done",
      customers: { succeeded: 1 },
    });
  });
});
