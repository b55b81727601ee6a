// Stopping the server in the middle of a sync leaves the run pending at its checkpoint; the next start resumes it
// and it ends equal to WeCom.
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { startSync, waitForRun } from "../src/domains/sync/sync.jobs.ts";
import { type RunningSiyu, startSiyu } from "../src/server.ts";
import { startWorld, type World } from "./customers-world.ts";
import { compare } from "./sync-compare.ts";

let w: World;
let second: RunningSiyu | undefined;
beforeAll(async () => {
  w = await startWorld({ customers: 5000 });
}, 30_000);
afterAll(async () => {
  await second?.close();
  await w.stop();
});

it("a run interrupted by a shutdown resumes at the next start", async () => {
  const { run, promise } = await startSync(w.siyu.ctx, w.corpId, "full");
  for (;;) {
    const row = await w.siyu.ctx.db
      .selectFrom("sync_runs")
      .select("progress")
      .where("id", "=", run.id)
      .executeTakeFirstOrThrow();
    if (Number(row.progress.pages ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  await w.siyu.close();
  const stopped = await promise;
  expect(stopped).toMatchObject({ status: "pending", phase: "customers" });

  second = await startSiyu(
    loadConfig({
      DATABASE_URL: w.siyu.database.url,
      SIYU_DATA_DIR: w.siyu.ctx.config.dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      SIYU_ADMIN_PASSWORD: "admin-password-1",
      SIYU_EMULATOR: "off",
    }),
    { log: pino({ level: "silent" }) },
  );
  const done = await waitForRun(second.ctx, run.id, 50);
  expect(done).toMatchObject({ status: "done", phase: "done" });
  const client = await second.ctx.wecom.forCorp(second.ctx, w.corpId);
  expect(await compare(client, second.ctx.db, w.corpId)).toMatchObject({
    relations: [],
    customers: [],
    tags: [],
  });
}, 60_000);
