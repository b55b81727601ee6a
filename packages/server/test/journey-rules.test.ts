// Journey rules against the emulator: references and steps checked field by field, placeholders and one coupon
// code per customer (an exhausted pool skips the step, visibly), SMS steps and a per-line cap, a reply handed to
// staff as a task, an opt-out, a tag, a stage and an order ending or moving a customer's line, and enrolment by
// live code and by saved segment (once / continuously).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { processBatch } from "../src/domains/inbox/inbox.processor.ts";
import { enrollFromSegments } from "../src/domains/journeys/journey-sources.ts";
import { runDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { getJourney } from "../src/domains/journeys/journeys.service.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { markTags } from "../src/domains/tags/tags.service.ts";
import { handlerRegistry, outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const HOUR = 3_600_000;
// Monday 23 Nov 2026, 10:00 in China.
const START = Date.parse("2026-11-23T02:00:00Z");

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(START);
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, {
    massQuota: "day1",
    autoConfirmMass: true,
  });
  await (await startSync(ctx, w.corpId, "full")).promise;
});
afterAll(() => w?.stop());

const base = () => `/api/corps/${world().corpId}/journeys`;
const hours = (h: number, text: string, extra: Record<string, unknown> = {}) => ({
  timing: { kind: "hours", hours: h },
  content: { text },
  ...extra,
});

async function settle() {
  await world().control("POST", "/_emulator/callbacks/flush");
  while ((await processBatch(ctx, handlerRegistry())) > 0) {}
  await refreshAllMarked(ctx);
}

async function addCustomers(names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    const r = await world().people<{ externalUserId: string }>("add-customer", {
      userid: "m1",
      customer: { name },
    });
    out.push(r.externalUserId);
  }
  await settle();
  return out;
}

/** Moves the clock on by `h` hours and runs the scheduler and the dispatcher. */
async function after(h: number): Promise<void> {
  world().emuClock.set(world().emuClock.now() + h * HOUR);
  while ((await runDueJourneys(ctx)) > 0) {}
  while ((await dispatchOnce(ctx, channels)) > 0) {}
}

const texts = async (externalUserId: string) =>
  (
    await world().control<{ received: { kind: string; text: string }[] }>(
      "GET",
      `/_emulator/corps/${world().corpId}/customers/${externalUserId}/messages`,
    )
  ).received
    .filter((m) => m.kind !== "welcome")
    .map((m) => m.text);

async function line(body: Record<string, unknown>): Promise<string> {
  const r = await world().api("POST", base(), body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const enrol = (id: string, externalUserids: string[]) =>
  world().api("POST", `${base()}/${id}/enrollments`, { externalUserids });

const enrolment = (journeyId: string, externalUserid: string) =>
  ctx.db
    .selectFrom("journey_enrollments")
    .selectAll()
    .where("journey_id", "=", journeyId)
    .where("external_userid", "=", externalUserid)
    .executeTakeFirst();

describe("checking a line", () => {
  it("refuses bad steps and rules field by field", async () => {
    const r = await world().api("POST", base(), {
      name: "x",
      steps: [
        {
          timing: { kind: "hours", hours: 0 },
          channel: "sms",
          content: { attachments: [{ msgtype: "image" }] },
        },
        hours(1, "{coupon_code} {nickname}"),
        hours(2, "群里见", { channel: "group" }),
      ],
      rules: [
        { when: "ordered", action: "move" },
        { when: "tagged", action: "exit" },
      ],
    });
    expect(r.status).toBe(400);
    const details = r.body.error.details as { path: string; message: string }[];
    const paths = details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/steps/0/content/text",
        "/steps/0/content/attachments",
        "/steps/1/content/couponPoolId",
        "/steps/1/content/text",
        "/steps/2/channel",
        "/rules/0/journeyId",
        "/rules/1/tagId",
      ]),
    );
    expect(details.find((d) => d.path === "/steps/1/content/text")?.message).toContain("{nickname}");
  });

  it("refuses tags, stages, lines, live codes, segments and pools the corp does not have", async () => {
    const r = await world().api("POST", base(), {
      name: "x",
      steps: [hours(0, "券 {coupon_code}", { content: { text: "券 {coupon_code}", couponPoolId: "99999" } })],
      rules: [
        { when: "tagged", tagId: "etNoSuchTag", action: "exit" },
        { when: "stage", stageId: "99999", action: "exit" },
        { when: "ordered", action: "move", journeyId: "99999" },
      ],
      liveCodeIds: ["99999"],
      segment: { segmentId: "99999", mode: "once" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("JOURNEY_INVALID");
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      [
        "/liveCodeIds/0",
        "/rules/0/tagId",
        "/rules/1/stageId",
        "/rules/2/journeyId",
        "/segment/segmentId",
        "/steps/0/content/couponPoolId",
      ].sort(),
    );
  });
});

describe("placeholders and coupon codes", () => {
  it("gives each customer their own code and skips the step, visibly, when the pool runs out", async () => {
    const pool = await world().api("POST", `${base()}/coupon-pools`, { name: "新客券" });
    expect(pool.status).toBe(201);
    const up = await world().api("POST", `${base()}/coupon-pools/${pool.body.id}/codes`, {
      csv: "code\nNEW-001\nNEW-002\nNEW-001\n",
    });
    expect(up.body).toMatchObject({ added: 2, duplicates: 0, pool: { total: 2, left: 2 } });
    const id = await line({
      name: "新客券",
      steps: [
        {
          timing: { kind: "hours", hours: 0 },
          content: {
            text: "{name}您好，我是{staff_name}，您的券码 {coupon_code}",
            couponPoolId: pool.body.id,
          },
        },
      ],
    });
    const [a, b, c] = (await addCustomers(["券甲", "券乙", "券丙"])) as [string, string, string];
    await enrol(id, [a, b, c]);
    await after(0);
    const got = [...(await texts(a)), ...(await texts(b)), ...(await texts(c))];
    expect(got).toHaveLength(2);
    const codes = got.map((t) => t.slice(-7)).sort();
    expect(codes).toEqual(["NEW-001", "NEW-002"]);
    for (const t of got) expect(t).toMatch(/^券[甲乙丙]您好，我是员工m1，您的券码 NEW-00[12]$/);
    const view = await getJourney(ctx, world().corpId, id);
    expect(view.enrollments.skipped).toEqual({ coupons_exhausted: 1 });
    const skips = await world().api("GET", `${base()}/${id}/skips`);
    expect(skips.body.items).toHaveLength(1);
    expect(skips.body.items[0]).toMatchObject({ step: 0, channel: "wecom", reason: "coupons_exhausted" });
    const pools = await world().api("GET", `${base()}/coupon-pools`);
    expect(pools.body.items[0]).toMatchObject({ id: pool.body.id, total: 2, given: 2, left: 0 });
  });
});
