// Stages exist for every corp (added before or after the migration) and every stored customer starts in "new".
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../src/db/database.ts";
import { migrations } from "../src/db/migrations/index.ts";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { ensureCustomer } from "../src/domains/customers/customers.repository.ts";
import { createTestDatabase } from "./db.ts";
import { startTestSiyu, type TestSiyu } from "./siyu.ts";

const corp = (corpId: string) => ({
  corpId,
  name: corpId,
  secret: "s",
  token: "t",
  aesKey: "a".repeat(43),
  apiBase: "http://127.0.0.1:9",
});

let siyu: TestSiyu;
beforeAll(async () => {
  siyu = await startTestSiyu({ processor: false });
}, 30_000);
afterAll(() => siyu.stop());

const stagesOf = async (corpId: string) =>
  (
    await siyu.ctx.db
      .selectFrom("stages")
      .select(["key", "name", "position"])
      .where("corp_id", "=", corpId)
      .orderBy("position")
      .execute()
  ).map((s) => `${s.key}:${s.name}`);

describe("default stages", () => {
  it("every corp added gets the six default stages, in order", async () => {
    await addCorp(siyu.ctx, corp("wwA"));
    await addCorp(siyu.ctx, corp("wwB"));
    const expected = [
      "new:新客",
      "engaged:互动",
      "first_order:首单",
      "repeat:复购",
      "churn_risk:流失预警",
      "churned:已流失",
    ];
    expect(await stagesOf("wwA")).toEqual(expected);
    expect(await stagesOf("wwB")).toEqual(expected);
  });

  it("a customer stored for the first time is in 'new'", async () => {
    await ensureCustomer(siyu.ctx.db, "wwA", "wm_first", true);
    const row = await siyu.ctx.db
      .selectFrom("customer_stages as cs")
      .innerJoin("stages as s", "s.id", "cs.stage_id")
      .innerJoin("customers as c", "c.id", "cs.customer_id")
      .select(["s.key", "cs.corp_id", "cs.source", "cs.reason"])
      .where("c.external_userid", "=", "wm_first")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ key: "new", corp_id: "wwA", source: "rule", reason: "customer.added" });
  });

  it("corps and customers stored before the stages migration get stages too", async () => {
    const database = await createTestDatabase();
    const db = openDatabase(database.url);
    try {
      const before = Object.fromEntries(Object.entries(migrations).filter(([k]) => k < "0007"));
      const { Migrator } = await import("kysely");
      await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
      await sql`insert into corps (corp_id, name, secret_enc, token_enc, aes_key_enc, api_base)
        values ('wwOld', 'old', 'x', 'x', 'x', 'http://127.0.0.1:9')`.execute(db);
      await sql`insert into customers (corp_id, external_userid) values ('wwOld', 'wm1'), ('wwOld', 'wm2')`.execute(
        db,
      );
      await migrateToLatest(db);
      const { rows } = await sql<{ key: string; n: string }>`select s.key, count(cs.customer_id) as n
        from stages s left join customer_stages cs on cs.stage_id = s.id
        where s.corp_id = 'wwOld' group by s.key, s.position order by s.position`.execute(db);
      expect(rows.map((r) => [r.key, Number(r.n)])).toEqual([
        ["new", 2],
        ["engaged", 0],
        ["first_order", 0],
        ["repeat", 0],
        ["churn_risk", 0],
        ["churned", 0],
      ]);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
