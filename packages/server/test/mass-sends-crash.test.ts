// SIGKILL Siyu in the middle of a large mass send, start it again: every recipient gets exactly one copy (the
// emulator's customer inboxes), none is missing, and WeCom holds exactly one task per planned task.
// SIYU_TEST_MASS_RECIPIENTS sets the size (default 100,000).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createClock, DEMO_CORP_ID, DEMO_SECRET, startEmulator } from "@siyu/emulator";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Db, openDatabase } from "../src/db/database.ts";
import { CHILD_ADMIN_PASSWORD, childApi, childSiyu, exited } from "./child-siyu.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { copyCorp, type Emulator } from "./mass-sends-world.ts";
import { adminSession } from "./siyu.ts";

const N = Number(process.env.SIYU_TEST_MASS_RECIPIENTS ?? 100_000);
const TEXT = "崩溃恢复测试：每位客户只收到一次";

let database: TestDatabase;
let dataDir: string;
let db: Db;
let emu: Emulator;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-mass-crash-"));
  db = openDatabase(database.url, { max: 4 });
  // Real time (the child process reads the system clock); members confirm at once so messages land in inboxes.
  emu = await startEmulator({ clock: createClock(), demo: { customers: N, seed: 7 }, seed: 104_729 });
  emu.world.corps.get(DEMO_CORP_ID)!.settings.autoConfirmMass = true;
}, 60_000);
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
    token: "MassCrashToken",
    aesKey: "M".repeat(43),
    apiBase: emu.url,
  },
}));
const startServer = () => servers.start();

async function taskCounts() {
  const r = await sql<{ total: string; withMsgid: string; submitting: string }>`select count(*) as total,
    count(*) filter (where msgid is not null) as "withMsgid",
    count(*) filter (where status = 'submitting') as submitting from mass_send_tasks`.execute(db);
  const row = r.rows[0]!;
  return { total: Number(row.total), withMsgid: Number(row.withMsgid), submitting: Number(row.submitting) };
}

const stamp = (what: string) => {
  if (process.env.SIYU_TEST_VERBOSE) console.log(`[${new Date().toISOString().slice(11, 23)}] ${what}`);
};

it(`sends exactly one copy to each of ${N.toLocaleString()} recipients across a SIGKILL`, async () => {
  // A first start migrates and stores the corp; the corp's people are then copied in while Siyu is down, so the
  // next start builds its segment engine from them.
  const setup = await startServer();
  setup.child.kill("SIGTERM");
  await exited(setup.child);
  // Whatever the hour, this test is about exactly-once: no quiet hours, no touch cap.
  await sql`insert into send_gate_settings (corp_id, settings)
    values (${DEMO_CORP_ID}, ${JSON.stringify({ quietHours: null, touchCap: null, activeWindows: false })})`.execute(
    db,
  );
  await copyCorp(db, emu, DEMO_CORP_ID);
  const first = await startServer();
  stamp("copied");
  const headers = await adminSession(first.url, CHILD_ADMIN_PASSWORD);
  const seg = await childApi(first.url, headers, "POST", `/api/corps/${DEMO_CORP_ID}/segments`, {
    name: "everyone",
    expr: { term: "added", from: "2000-01-01T00:00:00Z" },
  });
  expect(seg.status).toBe(200);
  stamp("segment");

  const created = childApi(first.url, headers, "POST", `/api/corps/${DEMO_CORP_ID}/mass-sends`, {
    name: "crash",
    target: { kind: "segment", segmentId: seg.body.id },
    content: { text: TEXT, attachments: [] },
    scheduledAt: null,
    onQuota: "defer",
  }).catch(() => undefined); // the kill may cut it off; the send is stored before it answers
  // Kill as soon as some tasks reached WeCom and others have not.
  let atKill = { total: 0, withMsgid: 0, submitting: 0 };
  for (const end = Date.now() + 120_000; Date.now() < end; ) {
    atKill = await taskCounts();
    // Best: while a task is `submitting` (its add_msg_template call in flight); else between two calls.
    if (atKill.withMsgid >= 1 && atKill.submitting > 0) break;
    if (atKill.withMsgid >= 3 && atKill.withMsgid < atKill.total) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  first.child.kill("SIGKILL");
  await exited(first.child);
  await created;
  const afterKill = await taskCounts();
  expect(afterKill.withMsgid).toBeGreaterThan(0);
  expect(afterKill.withMsgid).toBeLessThan(afterKill.total);
  console.log(
    `mass-send crash: ${afterKill.withMsgid}/${afterKill.total} tasks had a msgid at the kill, ${afterKill.submitting} interrupted while submitting`,
  );

  const t0 = Date.now();
  const second = await startServer();
  let now = afterKill;
  for (const end = Date.now() + 180_000; Date.now() < end; ) {
    now = await taskCounts();
    if (now.withMsgid === now.total) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(now.withMsgid).toBe(now.total);
  console.log(`mass-send crash: restarted and finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const planned = await sql<{ recipient: string }>`select recipient from mass_send_recipients`.execute(db);
  expect(planned.rows.length).toBeGreaterThanOrEqual(N * 0.9);
  const corp = emu.world.corps.get(DEMO_CORP_ID)!;
  const copies = new Map<string, number>();
  for (const m of corp.customerInbox) {
    if (m.kind === "mass" && m.text === TEXT)
      copies.set(m.externalUserId, (copies.get(m.externalUserId) ?? 0) + 1);
  }
  const missing = planned.rows.filter((r) => copies.get(r.recipient) !== 1);
  expect(missing.slice(0, 5)).toEqual([]);
  expect(copies.size).toBe(planned.rows.length);
  expect([...corp.massTasks.values()].filter((t) => t.text?.content === TEXT).length).toBe(now.total);
  second.child.kill("SIGTERM");
  await exited(second.child);
}, 400_000);
