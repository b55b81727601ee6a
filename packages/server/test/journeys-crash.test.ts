// SIGKILL Siyu in the middle of a journey step run for thousands of customers, start it again: every customer gets
// the step exactly once (WeCom holds one task per customer, and each inbox one copy), none skips it, and the line's
// bookkeeping agrees — one planned step per enrolment in the step log, every enrolment moved on to its next step.
// The kill lands while WeCom has carried out sends whose answers Siyu has not heard yet (an emulator latency fault
// holds them back), and while other rows of the batch are marked `sending` but not yet sent.
// SIYU_TEST_JOURNEY_CUSTOMERS sets the size (default 2,000).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createClock, DEMO_CORP_ID, DEMO_SECRET, startEmulator } from "@siyu/emulator";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Db, openDatabase } from "../src/db/database.ts";
import { CHILD_ADMIN_PASSWORD, childApi, childSiyu, exited } from "./child-siyu.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { waitFor } from "./live-codes-world.ts";
import { copyCorp, type Emulator } from "./mass-sends-world.ts";
import { adminSession } from "./siyu.ts";

const N = Number(process.env.SIYU_TEST_JOURNEY_CUSTOMERS ?? 2_000);
const TEXT = "旅程崩溃测试：T+0 欢迎，每人一次";
const LATER_HOURS = 720;

let database: TestDatabase;
let dataDir: string;
let db: Db;
let emu: Emulator;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-journey-crash-"));
  db = openDatabase(database.url, { max: 4 });
  // Real time (the child process reads the system clock); members confirm at once so messages land in inboxes.
  emu = await startEmulator({
    clock: createClock(),
    demo: { customers: Math.ceil(N * 1.3), seed: 7 },
    seed: 104_729,
  });
  const corp = emu.world.corps.get(DEMO_CORP_ID)!;
  corp.settings.autoConfirmMass = true;
  corp.settings.massQuota = "days_in_month";
}, 120_000);
afterAll(async () => {
  servers.killAll();
  await emu?.close();
  await db?.destroy();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const servers = childSiyu(() => ({
  databaseUrl: database.url,
  dataDir,
  corp: {
    corpId: DEMO_CORP_ID,
    secret: DEMO_SECRET,
    token: "JourneyCrashToken",
    aesKey: "J".repeat(43),
    apiBase: emu.url,
  },
}));
const startServer = () => servers.start();

async function outboxCounts(planner: string) {
  const r = await sql<{ status: string; n: string }>`select status, count(*) as n from outbox
    where planner = ${planner} group by status`.execute(db);
  const by: Record<string, number> = {};
  for (const row of r.rows) by[row.status] = Number(row.n);
  return by;
}

/** WeCom's single-chat tasks with the step's text, per recipient. */
function tasksPerCustomer(): Map<string, number> {
  const corp = emu.world.corps.get(DEMO_CORP_ID)!;
  const per = new Map<string, number>();
  for (const t of corp.massTasks.values()) {
    if (t.chatType !== "single" || t.text?.content !== TEXT) continue;
    for (const r of t.recipients) per.set(r.target, (per.get(r.target) ?? 0) + 1);
  }
  return per;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

it(`gives each of ${N.toLocaleString()} customers a journey step exactly once across a SIGKILL`, async () => {
  // A first start migrates and stores the corp; its people are then copied in while Siyu is down.
  const setup = await startServer();
  setup.child.kill("SIGTERM");
  await exited(setup.child);
  // Whatever the hour, this test is about exactly-once: no quiet hours, no touch cap, no active windows.
  await sql`insert into send_gate_settings (corp_id, settings)
    values (${DEMO_CORP_ID}, ${JSON.stringify({ quietHours: null, touchCap: null, activeWindows: false })})`.execute(
    db,
  );
  await copyCorp(db, emu, DEMO_CORP_ID);
  const customers = (
    await sql<{ external_userid: string }>`select distinct external_userid from follow_relations
      where corp_id = ${DEMO_CORP_ID} and status = 'active' order by external_userid limit ${N}`.execute(db)
  ).rows.map((r) => r.external_userid);
  expect(customers).toHaveLength(N);

  const first = await startServer();
  const headers = await adminSession(first.url, CHILD_ADMIN_PASSWORD);
  const line = await childApi(first.url, headers, "POST", `/api/corps/${DEMO_CORP_ID}/journeys`, {
    name: "崩溃测试线",
    steps: [
      { timing: { kind: "hours", hours: 0 }, content: { text: TEXT } },
      { timing: { kind: "hours", hours: LATER_HOURS }, content: { text: "一个月后" } },
    ],
  });
  expect(line.status, JSON.stringify(line.body)).toBe(201);
  const journeyId = line.body.id as string;
  const planner = `journey:${journeyId}`;
  const enrolled = await childApi(
    first.url,
    headers,
    "POST",
    `/api/corps/${DEMO_CORP_ID}/journeys/${journeyId}/enrollments`,
    { externalUserids: customers },
  );
  expect(enrolled.body).toMatchObject({ enrolled: N });

  // Once a tenth has gone out, WeCom turns slow: the next sends are carried out but answered 8 s later.
  await waitFor(async () => ((await outboxCounts(planner)).sent ?? 0) >= N / 10, 180_000);
  const faults = emu.world.faults;
  faults.add({ corpId: DEMO_CORP_ID, path: "externalcontact/add_msg_template", latencyMs: 8_000, count: 8 });
  // Kill once WeCom holds sends Siyu has not heard back about while other rows of the batch wait to be sent (the
  // held answers keep that state for 8 s; a batch whose last sends took the fault leaves it to the next batch).
  await waitFor(async () => {
    if (faults.faults.length > 0 && faults.faults[0]!.remaining === 8) return false;
    const c = await outboxCounts(planner);
    const unheardNow = sum(tasksPerCustomer()) - (c.sent ?? 0);
    return unheardNow >= 1 && (c.sending ?? 0) > unheardNow;
  }, 90_000);
  first.child.kill("SIGKILL");
  await exited(first.child);
  faults.clear();

  const atKill = await outboxCounts(planner);
  const inWeCom = tasksPerCustomer();
  const unheard = sum(inWeCom) - (atKill.sent ?? 0);
  console.log(
    `journey crash: at the kill ${JSON.stringify(atKill)}; WeCom had ${sum(inWeCom)} tasks, ${unheard} of them unrecorded`,
  );
  // The kill landed where it matters: sends WeCom carried out that Siyu had not recorded, and rows not yet sent.
  expect(unheard).toBeGreaterThanOrEqual(1);
  expect(atKill.sending ?? 0).toBeGreaterThan(unheard);
  expect(sum(inWeCom)).toBeLessThan(N);

  const t0 = Date.now();
  const second = await startServer();
  await waitFor(async () => ((await outboxCounts(planner)).sent ?? 0) === N || undefined, 240_000).catch(
    async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify(await outboxCounts(planner))}`);
    },
  );
  console.log(`journey crash: restarted and finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Exactly once at WeCom and in the inboxes, for every enrolled customer.
  const per = tasksPerCustomer();
  const wrong = customers.filter((c) => per.get(c) !== 1);
  expect(wrong.slice(0, 5).map((c) => [c, per.get(c) ?? 0])).toEqual([]);
  expect(per.size).toBe(N);
  const inbox = new Map<string, number>();
  for (const m of emu.world.corps.get(DEMO_CORP_ID)!.customerInbox)
    if (m.kind === "mass" && m.text === TEXT)
      inbox.set(m.externalUserId, (inbox.get(m.externalUserId) ?? 0) + 1);
  expect(customers.filter((c) => inbox.get(c) !== 1)).toEqual([]);

  // The outbox: one row per customer, all sent; those WeCom had were found, not sent again.
  expect(await outboxCounts(planner)).toEqual({ sent: N });
  const recovered = await sql<{ found: string; again: string }>`select
      count(*) filter (where result->>'recovered' is not null) as found,
      count(*) filter (where attempts > 1) as again
    from outbox where planner = ${planner}`.execute(db);
  expect(Number(recovered.rows[0]!.found)).toBe(unheard);
  expect(Number(recovered.rows[0]!.again)).toBeGreaterThanOrEqual(1);

  // The line's bookkeeping: one planned first step per enrolment, everyone waiting for the second.
  const log = await sql<{ n: string; distinct: string; planned: string }>`select count(*) as n,
      count(distinct enrollment_id) as distinct, count(*) filter (where outcome = 'planned') as planned
    from journey_step_log where journey_id = ${journeyId}`.execute(db);
  expect(log.rows[0]).toEqual({ n: String(N), distinct: String(N), planned: String(N) });
  const moved = await sql<{ ok: string; total: string }>`select count(*) as total,
      count(*) filter (where status = 'active' and step = 1
        and next_due_at = enrolled_at + make_interval(hours => ${LATER_HOURS})) as ok
    from journey_enrollments where journey_id = ${journeyId}`.execute(db);
  expect(moved.rows[0]).toEqual({ total: String(N), ok: String(N) });

  second.child.kill("SIGTERM");
  await exited(second.child);
}, 600_000);
