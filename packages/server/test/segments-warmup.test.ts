// After a restart the segment engine builds while the server already answers: Siyu listens at once, /healthz shows
// the build's progress, a segment preview waits SIYU_SEGMENTS_WAIT_MS and then answers 503 SEGMENTS_WARMING_UP,
// and a change committed during the build (after the build's snapshot) is in the counts once the engine is ready.
// The build is held mid-way by a real lock on one of the tables it reads, not by a test hook.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type RunningSiyu, startSiyu } from "../src/server.ts";
import { addCustomer, addTag, upsertRelation } from "./segments-world.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

const CORP = "ww_warmup";
const TAG = "et_warm_vip";
let first: TestSiyu;
let second: RunningSiyu | undefined;
let locker: pg.Client | undefined;
let dataDir: string;

beforeAll(async () => {
  first = await startTestSiyu({ processor: false });
  const db = first.ctx.db;
  await db
    .insertInto("corps")
    .values({
      corp_id: CORP,
      name: "warm-up",
      api_base: "http://127.0.0.1:9",
      secret_enc: "x",
      token_enc: "x",
      aes_key_enc: "x",
    })
    .execute();
  await db.insertInto("tags").values({ corp_id: CORP, tag_id: TAG, group_id: "g1", name: "VIP" }).execute();
  for (let i = 0; i < 30; i++) {
    const ext = `wm_ext_${i}`;
    await addCustomer(db, CORP, ext);
    await upsertRelation(db, CORP, {
      externalUserid: ext,
      userid: "zhangsan",
      state: null,
      status: "active",
      addedAt: new Date("2026-11-01T00:00:00Z"),
    });
    if (i < 10) await addTag(db, CORP, ext, "zhangsan", TAG);
  }
  // Stop the first server (keeping its database) so the second one is the only engine building.
  await first.close();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-warmup-"));
});

afterAll(async () => {
  await locker?.end().catch(() => {});
  await second?.close();
  await first.database.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function health(url: string) {
  const res = await fetch(`${url}/healthz`);
  return (await res.json()) as {
    segments: { state: string; progress?: { step: number; steps: number }; buildMs?: number };
  };
}

const VIP = { term: "tag", match: "any", tagIds: [TAG] };

describe("segment engine warm-up", () => {
  it("serves before the build ends, answers SEGMENTS_WARMING_UP meanwhile and loses no change made during it", async () => {
    // Hold the build: the last table it reads is locked until the test lets go.
    locker = new pg.Client({ connectionString: first.database.url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("lock table activity_participations in access exclusive mode");

    const config = loadConfig({
      DATABASE_URL: first.database.url,
      SIYU_DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      SIYU_ADMIN_PASSWORD: "admin-password-1",
      SIYU_PROCESSOR: "off",
      SIYU_EMULATOR: "off",
      SIYU_SEGMENTS_WAIT_MS: "300",
    });
    // Resolves although the build cannot finish: the server listens at once.
    second = await startSiyu(config, { log: pino({ level: "silent" }) });
    const url = second.url;

    // Wait until the build is blocked on the lock (every earlier step has read its snapshot by then). Asked outside
    // the locking transaction, which would see one cached snapshot of pg_stat_activity.
    const db = second.ctx.db;
    for (let i = 0; ; i++) {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'
          and query ilike '%activity_participations%'`.execute(db);
      if ((r.rows[0]?.n ?? 0) > 0) break;
      if (i > 200) throw new Error("the build never reached the locked table");
      await new Promise((r) => setTimeout(r, 50));
    }
    const building = await health(url);
    expect(building.segments.state).toBe("building");
    expect(building.segments.progress?.steps).toBeGreaterThan(1);
    expect(building.segments.progress?.step).toBeLessThan(building.segments.progress?.steps ?? 0);

    // A change committed now is not in the build's snapshot: only the change log can bring it in.
    await addTag(db, CORP, "wm_ext_20", "zhangsan", TAG);

    const session = await adminSession(url);
    const preview = () =>
      fetch(`${url}/api/segments/preview`, {
        method: "POST",
        headers: { ...session, "content-type": "application/json" },
        body: JSON.stringify({ corpId: CORP, expr: VIP }),
      });
    const t0 = performance.now();
    const warming = await preview();
    const waited = performance.now() - t0;
    expect(warming.status).toBe(503);
    const { error: err } = (await warming.json()) as {
      error: { code: string; details: { status: string; steps: number }[] };
    };
    expect(err.code).toBe("SEGMENTS_WARMING_UP");
    expect(err.details[0]?.status).toBe("building");
    expect(waited).toBeGreaterThanOrEqual(290); // the bounded wait, then the error

    // Let the build finish.
    await locker.query("commit");
    for (let i = 0; (await health(url)).segments.state !== "ready"; i++) {
      if (i > 200) throw new Error("the engine never became ready");
      await new Promise((r) => setTimeout(r, 50));
    }
    const ready = await health(url);
    expect(ready.segments.buildMs).toBeGreaterThan(0);
    const res = await preview();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number };
    expect(body.count).toBe(11); // ten tagged before the restart, one during the build
  });
});
