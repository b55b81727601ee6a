// `siyu sync` as an operator runs it against a corp in the database: progress lines, a summary, then a
// reconcile that reports what it repaired.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWorld, type World } from "./customers-world.ts";

const bin = path.resolve(import.meta.dirname, "../bin/siyu.js");
let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 400 });
}, 30_000);
afterAll(() => w.stop());

function siyu(args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("SIYU_") || k === "DATABASE_URL") delete env[k];
  const child = spawn(process.execPath, [bin, ...args, "--data-dir", w.siyu.ctx.config.dataDir], {
    env: { ...env, DATABASE_URL: w.siyu.database.url, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

it("syncs a corp and prints the outcome; a reconcile reports the repairs", async () => {
  const first = await siyu(["sync", "--corp", w.corpId]);
  expect(first.out).toContain(`${w.corpId}: started full run`);
  expect(first.out).toMatch(new RegExp(`${w.corpId}: done in [\\d.]+ s — .*customers [\\d,]+`));
  expect(first.code).toBe(0);
  const customers = await w.siyu.ctx.db
    .selectFrom("customers")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  expect(Number(customers.n)).toBeGreaterThan(350);

  // A relation Siyu does not know about (its callback never arrived): the reconcile finds and repairs it.
  await w.siyu.ctx.db
    .deleteFrom("follow_relations")
    .where("corp_id", "=", w.corpId)
    .where(
      "external_userid",
      "=",
      (
        await w.siyu.ctx.db
          .selectFrom("follow_relations")
          .select("external_userid")
          .orderBy("external_userid")
          .executeTakeFirstOrThrow()
      ).external_userid,
    )
    .execute();
  const again = await siyu(["sync", "--corp", w.corpId, "--reconcile"]);
  expect(again.code).toBe(0);
  expect(again.out).toMatch(/differences found — .*relation\.added 1/);
});

it("fails with a clear message for an unknown corp", async () => {
  const res = await siyu(["sync", "--corp", "wwNoSuchCorp"]);
  expect(res.code).toBe(1);
  expect(res.out).toContain("CORP_NOT_FOUND");
});
