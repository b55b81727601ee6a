// Sync runs are resumable: a WeCom failure in the middle of the customer pages stops the run with its checkpoint,
// and resuming finishes it without redoing the pages already stored. The nightly reconcile is scheduled by clock.
import { afterAll, beforeAll, expect, it } from "vitest";
import { countRows, latestRuns, resumeSync, startSync } from "../src/domains/sync/sync.jobs.ts";
import { lastSlot, reconcileTick } from "../src/domains/sync/sync.scheduler.ts";
import { startWorld, type World } from "./customers-world.ts";
import { compare } from "./sync-compare.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 5000 });
}, 30_000);
afterAll(() => w.stop());

it("a run stopped by WeCom mid-way resumes from its checkpoint and ends equal to WeCom", async () => {
  const { run, promise } = await startSync(w.siyu.ctx, w.corpId, "full");
  // Once the first group of pages is stored, WeCom starts failing batch/get_by_user (60011 is not retried).
  for (;;) {
    const row = await w.siyu.ctx.db
      .selectFrom("sync_runs")
      .select("progress")
      .where("id", "=", run.id)
      .executeTakeFirstOrThrow();
    if (Number(row.progress.pages ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  await w.control("POST", "/_emulator/faults", {
    corpId: w.corpId,
    path: "externalcontact/batch/get_by_user",
    errcode: 60011,
    count: 1,
  });
  const failed = await promise;
  expect(failed).toMatchObject({ status: "failed", phase: "customers" });
  const storedPages = failed.progress.pages!;
  expect(storedPages).toBeGreaterThan(0);
  expect((await latestRuns(w.siyu.ctx, w.corpId, 1))[0]!.status).toBe("failed");

  const done = await await resumeSync(w.siyu.ctx, run.id);
  expect(done).toMatchObject({ status: "done", phase: "done" });
  const counts = await countRows(w.siyu.ctx, w.corpId);
  // Pages are counted once: the resumed run did not start over.
  expect(done.progress.relations).toBe(counts.relations);
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  expect(await compare(client, w.siyu.ctx.db, w.corpId)).toMatchObject({
    relations: [],
    customers: [],
    tags: [],
  });
}, 60_000);

it("schedules one reconcile per night for synced corps, and none within 20 hours of the last run", async () => {
  const [last] = await latestRuns(w.siyu.ctx, w.corpId, 1);
  const created = new Date(last!.createdAt).getTime();
  // The scheduler and the runs it starts read time from the context's clock.
  const at = (t: number) => ({ ...w.siyu.ctx, clock: { now: () => t } });
  expect(await reconcileTick(at(created + 3600_000))).toHaveLength(0);
  const nextNight = lastSlot(created + 2 * 86_400_000);
  const started = await reconcileTick(at(nextNight + 60_000));
  expect(started).toHaveLength(1);
  const run = await started[0]!;
  expect(run).toMatchObject({ kind: "reconcile", trigger: "nightly", status: "done" });
  expect(await reconcileTick(at(nextNight + 120_000))).toHaveLength(0);
  const tomorrow = await reconcileTick(at(nextNight + 86_400_000 + 60_000));
  expect(tomorrow).toHaveLength(1);
  expect(await tomorrow[0]).toMatchObject({ status: "done" });
}, 60_000);
