// Kill -9 in the middle of intake and processing, start again: no event lost, none processed twice.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { contactEventXml, postCallback, type TestCorp } from "./callbacks.ts";
import { childSiyu, exited } from "./child-siyu.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

const corp: TestCorp = {
  corpId: "wwCrash",
  secret: "crash-secret",
  token: "CrashToken",
  aesKey: "C".repeat(43),
};

let database: TestDatabase;
let dataDir: string;
let db: Kysely<unknown>;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-crash-"));
  db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
  });
});
afterAll(async () => {
  servers.killAll();
  await db.destroy();
  await database.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const servers = childSiyu(() => ({
  databaseUrl: database.url,
  dataDir,
  corp: {
    corpId: corp.corpId,
    secret: corp.secret,
    token: corp.token,
    aesKey: corp.aesKey,
    apiBase: "http://127.0.0.1:9",
  },
}));
const startServer = () => servers.start();

const n = async (q: string) => Number((await sql.raw<{ n: string }>(q).execute(db)).rows[0]!.n);

it("loses none and processes none twice across a SIGKILL", async () => {
  const unique = Array.from({ length: 900 }, (_, i) =>
    contactEventXml(corp.corpId, {
      changeType: "add_external_contact",
      userId: `staff${i % 11}`,
      externalUserId: `wmCrash${i}`,
      createTime: 1_710_000_000 + i,
    }),
  );
  const events = [...unique, ...unique.filter((_, i) => i % 9 === 0)]; // 900 + 100 duplicates
  const acked = new Set<number>();

  const first = await startServer();
  let killed = false;
  let next = 0;
  const sender = async (url: string, indexes: number[], killAt = Number.POSITIVE_INFINITY) => {
    while (next < indexes.length && !killed) {
      const i = indexes[next++]!;
      try {
        const res = await postCallback(url, corp, events[i]!);
        if (res.status === 200) acked.add(i);
        if (acked.size >= killAt && !killed) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      } catch {
        // connection reset by the kill: WeCom would retry this one
      }
    }
  };
  const all = events.map((_, i) => i);
  await Promise.all(Array.from({ length: 16 }, () => sender(first.url, all, 450)));
  expect(killed).toBe(true);
  await exited(first.child);
  const storedAtKill = await n("select count(*) as n from inbox_events");
  // Everything acknowledged was durable before the answer.
  const ackedUnique = new Set([...acked].map((i) => events[i]));
  expect(storedAtKill).toBeGreaterThanOrEqual(ackedUnique.size);

  // Restart; WeCom retries whatever was not acknowledged.
  const second = await startServer();
  killed = false;
  next = 0;
  const retry = all.filter((i) => !acked.has(i));
  await Promise.all(Array.from({ length: 16 }, () => sender(second.url, retry)));
  expect(retry.every((i) => acked.has(i))).toBe(true);

  const deadline = Date.now() + 20_000;
  while (
    (await n("select count(*) as n from inbox_events where status <> 'done'")) > 0 &&
    Date.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await n("select count(*) as n from inbox_events")).toBe(900);
  expect(await n("select count(*) as n from inbox_events where status = 'done'")).toBe(900);
  // Each event's handler committed exactly once: a second run would have left attempts > 1 or an error.
  expect(
    await n("select count(*) as n from inbox_events where attempts <> 1 or last_error is not null"),
  ).toBe(0);
  // One add per customer on the timeline, and no handler's entry (the add, the stage entry, …) written twice.
  expect(await n("select count(*) as n from contact_timeline where kind = 'customer.added'")).toBe(900);
  expect(
    await n(
      "select count(*) as n from (select 1 from contact_timeline group by external_userid, kind having count(*) > 1) t",
    ),
  ).toBe(0);
  expect(await n("select count(distinct external_userid) as n from follow_relations")).toBe(900);
  second.child.kill("SIGTERM");
  await exited(second.child);
}, 60_000);
