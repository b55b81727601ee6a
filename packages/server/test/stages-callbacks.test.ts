// A customer added through WeCom (the emulator's add-customer, delivered as a callback) enters "new", and the
// entry is on their timeline with the add event's time.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ customers: 5 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
}, 60_000);
afterAll(() => w.stop());

it("a newly added customer is in 'new', with the move on the timeline", async () => {
  const member = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select("userid")
    .where("corp_id", "=", w.corpId)
    .executeTakeFirstOrThrow();
  const added = await w.people<{ externalUserId: string }>("add-customer", {
    userid: member.userid,
    customer: { name: "阶段新客" },
  });
  await w.settle();
  const { rows } = await sql<{ key: string; rule: string }>`select s.key, cs.rule from customer_stages cs
    join stages s on s.id = cs.stage_id join customers c on c.id = cs.customer_id
    where c.corp_id = ${w.corpId} and c.external_userid = ${added.externalUserId}`.execute(w.siyu.ctx.db);
  expect(rows).toEqual([{ key: "new", rule: "new_customer" }]);
  const timeline = await w.siyu.ctx.db
    .selectFrom("contact_timeline")
    .select(["kind", "detail", "userid"])
    .where("corp_id", "=", w.corpId)
    .where("external_userid", "=", added.externalUserId)
    .where("kind", "=", "stage.moved")
    .execute();
  expect(timeline).toEqual([
    {
      kind: "stage.moved",
      userid: member.userid,
      detail: expect.objectContaining({
        from: null,
        to: "new",
        reason: "customer.added",
        rule: "new_customer",
      }),
    },
  ]);
  // Synced customers are in "new" too (placed when stored), without a timeline entry each.
  const { rows: counts } = await sql<{ n: string; placed: string }>`select count(*) as n,
      count(cs.customer_id) as placed from customers c left join customer_stages cs on cs.customer_id = c.id
      where c.corp_id = ${w.corpId}`.execute(w.siyu.ctx.db);
  expect(Number(counts[0]!.placed)).toBe(Number(counts[0]!.n));
});
