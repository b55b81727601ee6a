// The T+0 / T+3 / T+7 line end to end against the emulator and its clock: 1,000 customers join through a live code
// on day 0 (in the morning, in the afternoon with an evening active window, and late at night in the quiet hours)
// and are enrolled on the line; 200 of them order on day 2, which moves them to the repurchase line. The clock then
// runs for 8 days in half-hour ticks, the scheduler and the dispatcher working at each: every customer received
// exactly the messages expected of them (read from the emulator's inboxes with their times) — on the right days,
// never in the quiet hours (22:00–08:00), inside their active window when they have one — the 200 no T+7 offer.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { runDueJourneys } from "../src/domains/journeys/journeys.scan.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Monday 23 Nov 2026, 00:00 in China (UTC+8): day 0.
const DAY0 = Date.parse("2026-11-22T16:00:00Z");
const china = (day: number, hhmm: string) =>
  DAY0 + day * DAY + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * MINUTE;
/** "d3 19:00": the China day (from day 0) and time of an instant. */
const label = (ms: number) => {
  const local = ms - DAY0;
  const d = Math.floor(local / DAY);
  const m = Math.floor((local - d * DAY) / MINUTE);
  return `d${d} ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

const T0 = "T+0 欢迎加入";
const T3 = "T+3 品牌故事";
const T7 = "T+7 限时优惠";
const R0 = "复购专享券";
const R3 = "复购回访";

// Who joins when: 600 in the morning, 300 office workers (active 19:00–22:00) in the afternoon, 100 late at night.
const COHORTS = [
  { name: "morning", size: 600, joins: "10:00", window: false },
  { name: "office", size: 300, joins: "14:00", window: true },
  { name: "night", size: 100, joins: "23:00", window: false },
] as const;
type Cohort = (typeof COHORTS)[number]["name"];
/** Every fifth customer of each cohort orders on day 2 at 15:00: 120 + 60 + 20 = 200. */
const ORDERS_AT = china(2, "15:00");

/** The messages a customer must have received, as [text, China day and time]. */
function expected(cohort: Cohort, ordered: boolean): [string, string][] {
  const t0 = cohort === "night" ? "d1 08:00" : "d0 21:30"; // 21:30 has passed at 23:00; quiet until 08:00
  const first: [string, string] = [T0, t0];
  if (ordered)
    return [
      first,
      // The repurchase line starts at the order (15:00); an office worker's waits for 19:00.
      [R0, cohort === "office" ? "d2 19:00" : "d2 15:00"],
      [R3, "d5 20:00"],
    ];
  return [first, [T3, cohort === "office" ? "d3 19:00" : "d3 10:00"], [T7, "d7 21:30"]];
}

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();

beforeAll(async () => {
  w = await startLcWorld({
    members: ["s1", "s2", "s3", "s4"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
  w.emuClock.freeze(china(0, "09:00"));
  await w.control("PATCH", `/_emulator/corps/${w.corpId}/settings`, { autoConfirmMass: true });
}, 60_000);
afterAll(() => w?.stop());

const started = Date.now();
const stamp = (what: string) => {
  if (process.env.SIYU_TEST_VERBOSE) console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
};

/** Runs the scheduler and the dispatcher until neither has anything left at the current time. */
async function work(): Promise<number> {
  let n = 0;
  while ((await runDueJourneys(ctx)) > 0) {}
  for (let k = await dispatchOnce(ctx, channels); k > 0; k = await dispatchOnce(ctx, channels)) n += k;
  return n;
}

/** Delivers the adds' callbacks and processes them. */
const settle = () => world().settle();

it("1,000 customers from a live code through T+0 / T+3 / T+7 over 8 days; 200 who order move to repurchase", async () => {
  const corpId = world().corpId;
  const code = await world().api("POST", `/api/corps/${corpId}/live-codes`, {
    name: "门店海报",
    state: "journey-e2e",
    staff: [{ userid: "s1" }, { userid: "s2" }, { userid: "s3" }, { userid: "s4" }],
  });
  expect(code.status, JSON.stringify(code.body)).toBe(200);
  const repurchase = await world().api("POST", `/api/corps/${corpId}/journeys`, {
    name: "复购线",
    steps: [
      { timing: { kind: "hours", hours: 0 }, content: { text: R0 } },
      { timing: { kind: "day", day: 3, at: "20:00" }, content: { text: R3 } },
    ],
  });
  expect(repurchase.status, JSON.stringify(repurchase.body)).toBe(201);
  const line = await world().api("POST", `/api/corps/${corpId}/journeys`, {
    name: "新客 7 天",
    steps: [
      { timing: { kind: "day", day: 0, at: "21:30" }, content: { text: T0 } },
      { timing: { kind: "day", day: 3, at: "10:00" }, content: { text: T3 } },
      { timing: { kind: "day", day: 7, at: "21:30" }, content: { text: T7 } },
    ],
    liveCodeIds: [code.body.id],
    rules: [{ when: "ordered", action: "move", journeyId: repurchase.body.id }],
  });
  expect(line.status, JSON.stringify(line.body)).toBe(201);
  const lineId = line.body.id as string;

  const cohortOf = new Map<string, Cohort>();
  const orderers = new Set<string>();
  const scan = async (cohort: (typeof COHORTS)[number]) => {
    const ids: string[] = [];
    for (let i = 0; i < cohort.size; i += 10) {
      const scanned = await Promise.all(
        Array.from({ length: Math.min(10, cohort.size - i) }, (_, k) =>
          world().people<{ externalUserId: string }>("scan-contact-way", {
            configId: code.body.configId,
            customer: { name: `${cohort.name}-${i + k}` },
          }),
        ),
      );
      ids.push(...scanned.map((r) => r.externalUserId));
    }
    for (const [i, e] of ids.entries()) {
      cohortOf.set(e, cohort.name);
      if (i % 5 === 0) orderers.add(e);
    }
    stamp(`${cohort.name}: scanned`);
    await settle();
    stamp(`${cohort.name}: settled`);
    if (cohort.window)
      await sql`insert into customer_send_windows (corp_id, external_userid, start_minute, end_minute, source)
        select ${corpId}, e, ${19 * 60}, ${22 * 60}, 'chat activity' from unnest(${ids}::text[]) e`.execute(
        ctx.db,
      );
  };

  // Day 0 to day 8 in half-hour ticks: customers join at their cohort's time, the 200 order on day 2 at 15:00.
  for (let t = china(0, "09:00"); t <= china(8, "09:00"); t += 30 * MINUTE) {
    world().emuClock.set(t);
    for (const c of COHORTS) if (t === china(0, c.joins)) await scan(c);
    if (t === ORDERS_AT) {
      const ids = [...orderers];
      await sql`update customers set unionid = 'union-' || external_userid
        where corp_id = ${corpId} and external_userid = any(${ids}::text[])`.execute(ctx.db);
      const order = await world().api("POST", "/api/orders", {
        corpId,
        orders: ids.map((e, i) => ({
          orderNo: `E2E-${i}`,
          status: "paid",
          amountCents: 19_900,
          orderedAt: new Date(ORDERS_AT).toISOString(),
          unionid: `union-${e}`,
        })),
      });
      expect(order.status, JSON.stringify(order.body)).toBe(200);
    }
    const moved = await work();
    if (moved > 0) stamp(`${label(t)}: ${moved} sent or deferred`);
  }
  expect(cohortOf.size).toBe(1000);
  expect(orderers.size).toBe(200);

  // Every customer enrolled through the code, once.
  const enrolled = await sql<{
    source: string;
    n: string;
  }>`select source, count(*) as n from journey_enrollments
    where journey_id = ${lineId} group by source`.execute(ctx.db);
  expect(enrolled.rows).toEqual([{ source: `live_code:${code.body.id}`, n: "1000" }]);

  // What each customer received, read from the emulator with its time.
  const inspected = await world().control<{
    customerMessages: Record<string, { kind: string; text: string; at: number }[]>;
  }>("GET", `/_emulator/corps/${corpId}/inspect?limit=10000`);
  const wrong: unknown[] = [];
  for (const [externalUserId, cohort] of cohortOf) {
    const got = (inspected.customerMessages[externalUserId] ?? [])
      .filter((m) => m.kind === "mass")
      .sort((a, b) => a.at - b.at)
      .map((m) => [m.text, label(m.at * 1000)]);
    const want = expected(cohort, orderers.has(externalUserId));
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push({ externalUserId, cohort, got, want });
  }
  expect(wrong.slice(0, 3)).toEqual([]);
  expect(wrong).toHaveLength(0);

  // Nothing in the quiet hours, and the office workers only inside 19:00–22:00 (checked apart from the table).
  for (const [externalUserId, cohort] of cohortOf)
    for (const m of inspected.customerMessages[externalUserId] ?? []) {
      if (m.kind !== "mass") continue;
      const hhmm = label(m.at * 1000).slice(-5);
      expect(hhmm >= "08:00" && hhmm < "22:00", `${externalUserId} at ${hhmm}`).toBe(true);
      if (cohort === "office") expect(hhmm >= "19:00" && hhmm < "22:00").toBe(true);
    }

  // The line's books: 800 done, 200 moved to the repurchase line on their order, and done there.
  const main = await sql<{ status: string; exit_reason: string | null; moved_to: string | null; n: string }>`
    select status, exit_reason, moved_to::text, count(*) as n from journey_enrollments
    where journey_id = ${lineId} group by 1, 2, 3 order by 1`.execute(ctx.db);
  expect(main.rows).toEqual([
    { status: "done", exit_reason: null, moved_to: null, n: "800" },
    { status: "exited", exit_reason: "ordered", moved_to: String(repurchase.body.id), n: "200" },
  ]);
  const moved = await sql<{ external_userid: string; source: string; status: string; enrolled_at: Date }>`
    select external_userid, source, status, enrolled_at from journey_enrollments
    where journey_id = ${repurchase.body.id}`.execute(ctx.db);
  expect(new Set(moved.rows.map((r) => r.external_userid))).toEqual(orderers);
  for (const r of moved.rows)
    expect(r).toMatchObject({
      source: `journey:${lineId}`,
      status: "done",
      enrolled_at: new Date(ORDERS_AT),
    });
  // One outbox row per message received, all sent: nothing dropped, failed or left waiting.
  const outbox = await sql<{ status: string; n: string }>`select status, count(*) as n from outbox
    where planner in (${`journey:${lineId}`}, ${`journey:${repurchase.body.id}`}) group by status`.execute(
    ctx.db,
  );
  expect(outbox.rows).toEqual([{ status: "sent", n: "3000" }]);
}, 600_000);
