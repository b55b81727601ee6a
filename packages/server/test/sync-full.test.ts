// Full sync from the emulator's demo world: directory, tags, every customer and follow relation, groups.
import { afterAll, beforeAll, expect, it } from "vitest";
import { countRows, startSync } from "../src/domains/sync/sync.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";
import { compare } from "./sync-compare.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 300 });
});
afterAll(() => w.stop());

it("syncs the directory, tags, customers, relations and groups, recording progress", async () => {
  const { promise } = await startSync(w.siyu.ctx, w.corpId, "full");
  const run = await promise;
  expect(run).toMatchObject({ status: "done", phase: "done", error: null });
  const counts = await countRows(w.siyu.ctx, w.corpId);
  expect(run.progress.relations).toBe(counts.relations);
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const diff = await compare(client, w.siyu.ctx.db, w.corpId);
  expect(diff).toEqual({ wecomRelations: counts.relations, relations: [], customers: [], tags: [] });
  expect(counts.relations).toBeGreaterThan(250);
  const members = await w.siyu.ctx.db
    .selectFrom("members")
    .selectAll()
    .where("corp_id", "=", w.corpId)
    .execute();
  expect(members.length).toBeGreaterThan(60);
  const groups = await w.siyu.ctx.db.selectFrom("customer_groups").selectAll().execute();
  expect(groups.length).toBeGreaterThan(0);
});
