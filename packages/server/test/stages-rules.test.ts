// Rule-driven stage moves: paid orders bound to customers (first order, repeat, straight to churned for old
// history), manual placements left alone until a newer order, and the churn scan on Siyu's clock — exactly the
// right customers, once, batch-wise — with per-corp days.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { afterOrdersBound } from "../src/domains/stages/stages.reactions.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

const DAY = 86_400_000;
let offset = 0;
const clock = { now: () => Date.now() + offset };
const ago = (days: number) => new Date(clock.now() - days * DAY);

let siyu: TestSiyu;
let admin: Record<string, string>;
const id: Record<string, string> = {};
let orderNo = 0;

const corp = (corpId: string) => ({
  corpId,
  name: corpId,
  secret: "s",
  token: "t",
  aesKey: "a".repeat(43),
  apiBase: "http://127.0.0.1:9",
});

async function customer(corpId: string, name: string) {
  const { rows } = await sql<{ id: string }>`insert into customers (corp_id, external_userid, name)
    values (${corpId}, ${`wm_${name}`}, ${name}) returning id`.execute(siyu.ctx.db);
  id[name] = rows[0]!.id;
  return rows[0]!.id;
}

/** Stores orders the way the orders domain does, then calls the stage reaction in the same transaction. */
async function orders(
  corpId: string,
  list: Array<{ who: string; at: Date; status?: "paid" | "refunded" | "cancelled" }>,
  now?: Date,
) {
  await siyu.ctx.db.transaction().execute(async (trx) => {
    for (const o of list) {
      await sql`insert into orders (corp_id, source, order_no, customer_id, amount_cents, status, ordered_at)
        values (${corpId}, 'api', ${`o${++orderNo}`}, ${id[o.who]!}, 9900, ${o.status ?? "paid"}, ${o.at})`.execute(
        trx,
      );
    }
    await afterOrdersBound(
      trx,
      corpId,
      list.map((o) => id[o.who]!),
      now ? { now } : {},
    );
  });
}

async function stageOf(who: string) {
  const { rows } = await sql<{ key: string; source: string }>`select s.key, cs.source from customer_stages cs
    join stages s on s.id = cs.stage_id where cs.customer_id = ${id[who]!}`.execute(siyu.ctx.db);
  return rows[0]!.key;
}
async function moves(who: string) {
  const { rows } = await sql<{ detail: Record<string, unknown> }>`select detail from contact_timeline
    where external_userid = ${`wm_${who}`} and kind = 'stage.moved' order by id`.execute(siyu.ctx.db);
  return rows.map((r) => r.detail);
}
const ruleMoves = async (corpId: string) =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from contact_timeline
        where corp_id = ${corpId} and kind = 'stage.moved' and detail->>'reason' = 'no_paid_order'`.execute(
        siyu.ctx.db,
      )
    ).rows[0]!.n,
  );

beforeAll(async () => {
  siyu = await startTestSiyu({ clock });
  admin = await adminSession(siyu.url);
  await addCorp(siyu.ctx, corp("wwR"));
  for (const n of ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]) await customer("wwR", n);
}, 30_000);
afterAll(() => siyu.stop());

describe("order-driven moves", () => {
  it("a first paid order → first order; a second → repeat; refunds and cancellations don't count", async () => {
    await orders("wwR", [{ who: "c1", at: ago(1) }]);
    expect(await stageOf("c1")).toBe("first_order");
    expect(await moves("c1")).toEqual([
      expect.objectContaining({
        from: "new",
        to: "first_order",
        reason: "order.paid",
        rule: "first_paid_order",
      }),
    ]);
    await orders("wwR", [{ who: "c1", at: ago(0) }]);
    expect(await stageOf("c1")).toBe("repeat");
    expect((await moves("c1")).at(-1)).toMatchObject({
      from: "first_order",
      to: "repeat",
      rule: "second_paid_order",
    });

    await orders("wwR", [
      { who: "c2", at: ago(2), status: "refunded" },
      { who: "c2", at: ago(1), status: "cancelled" },
    ]);
    expect(await stageOf("c2")).toBe("new");
    expect(await moves("c2")).toEqual([]);
  });

  it("orders posted to the orders API move the customer they bind to (by unionid)", async () => {
    const cid = await customer("wwR", "c8");
    await sql`update customers set unionid = 'union-c8' where id = ${cid}`.execute(siyu.ctx.db);
    const post = (orderNo: string, minutesAgo: number) =>
      fetch(`${siyu.url}/api/orders`, {
        method: "POST",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({
          corpId: "wwR",
          source: "api",
          orders: [
            {
              orderNo,
              status: "paid",
              amountCents: 19900,
              orderedAt: new Date(clock.now() - minutesAgo * 60_000).toISOString(),
              unionid: "union-c8",
            },
          ],
        }),
      });
    expect((await post("web-1", 30)).status).toBe(200);
    expect(await stageOf("c8")).toBe("first_order");
    expect((await post("web-1", 30)).status).toBe(200);
    expect(await moves("c8")).toHaveLength(1);
    expect((await post("web-2", 5)).status).toBe(200);
    expect(await stageOf("c8")).toBe("repeat");
    expect((await moves("c8")).map((m) => m.to)).toEqual(["first_order", "repeat"]);
    // Out of the rest of this file's story.
    await sql`delete from customers where id = ${cid}`.execute(siyu.ctx.db);
  });

  it("an imported history goes straight to where the orders put the customer", async () => {
    await orders("wwR", [
      { who: "c4", at: ago(400) },
      { who: "c4", at: ago(200) },
      { who: "c6", at: ago(50) },
      { who: "c6", at: ago(40) },
      { who: "c5", at: ago(10) },
    ]);
    expect(await stageOf("c4")).toBe("churned");
    expect(await moves("c4")).toEqual([
      expect.objectContaining({
        from: "new",
        to: "churned",
        reason: "no_paid_order",
        rule: "no_paid_order_180d",
      }),
    ]);
    expect(await stageOf("c6")).toBe("repeat");
    expect(await stageOf("c5")).toBe("first_order");
  });

  it("a manual placement stays until a paid order placed after it", async () => {
    const engaged = (
      await siyu.ctx.db
        .selectFrom("stages")
        .select("id")
        .where("corp_id", "=", "wwR")
        .where("key", "=", "engaged")
        .executeTakeFirstOrThrow()
    ).id;
    for (const who of ["c3", "c7"]) {
      const res = await fetch(`${siyu.url}/api/corps/wwR/customers/${id[who]}/stage`, {
        method: "POST",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ stageId: engaged }),
      });
      expect(res.status).toBe(200);
    }
    // An order from before the move, imported after it, is not newer than the move.
    await orders("wwR", [
      { who: "c3", at: ago(5) },
      { who: "c7", at: ago(30) },
    ]);
    expect(await stageOf("c3")).toBe("engaged");
    expect(await stageOf("c7")).toBe("engaged");
    // An order placed after the move is.
    await orders("wwR", [{ who: "c3", at: new Date(clock.now() + 60_000) }]);
    expect(await stageOf("c3")).toBe("repeat");
    expect((await moves("c3")).at(-1)).toMatchObject({ from: "engaged", to: "repeat", source: "rule" });
  });

  it("a customer's message moves them from 'new' to engaged, and no one else", async () => {
    const res = await fetch(`${siyu.url}/api/corps/wwR/messages`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({
        messages: [
          {
            msgid: "m1",
            from: "wm_c2",
            to: "zhang",
            kind: "text",
            text: "在吗",
            sentAt: new Date(clock.now()).toISOString(),
          },
          {
            msgid: "m2",
            from: "wm_c5",
            to: "zhang",
            kind: "text",
            text: "你好",
            sentAt: new Date(clock.now()).toISOString(),
          },
          {
            msgid: "m3",
            from: "zhang",
            to: "wm_c7",
            kind: "text",
            text: "您好",
            sentAt: new Date(clock.now()).toISOString(),
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(await stageOf("c2")).toBe("engaged");
    expect(await stageOf("c5")).toBe("first_order");
    expect((await moves("c2")).at(-1)).toMatchObject({
      from: "new",
      to: "engaged",
      reason: "message.received",
      rule: "customer_message",
    });
  });
});

describe("the churn scan", () => {
  it("moves exactly the buyers whose last paid order is old enough, once", async () => {
    const before = {
      c1: "repeat",
      c2: "engaged",
      c3: "repeat",
      c4: "churned",
      c5: "first_order",
      c6: "repeat",
      c7: "engaged",
    };
    const stages = async () =>
      Object.fromEntries(await Promise.all(Object.keys(before).map(async (k) => [k, await stageOf(k)])));
    await siyu.stageScheduler!.drain();
    expect(await stages()).toEqual(before);

    offset = 25 * DAY; // c6's last order is 65 days old; c5's 35
    await siyu.stageScheduler!.drain();
    expect(await stages()).toEqual({ ...before, c6: "churn_risk" });
    expect(await ruleMoves("wwR")).toBe(2); // c4's import + c6
    await siyu.stageScheduler!.drain();
    expect(await ruleMoves("wwR")).toBe(2);
    expect((await moves("c6")).at(-1)).toMatchObject({
      from: "repeat",
      to: "churn_risk",
      reason: "no_paid_order",
      rule: "no_paid_order_60d",
    });

    offset = 150 * DAY;
    await siyu.stageScheduler!.drain();
    expect(await stages()).toEqual({
      ...before,
      c1: "churn_risk",
      c3: "churn_risk",
      c5: "churn_risk",
      c6: "churned",
    });

    offset = 400 * DAY;
    await siyu.stageScheduler!.drain();
    await siyu.stageScheduler!.drain();
    expect(await stages()).toEqual({ ...before, c1: "churned", c3: "churned", c5: "churned", c6: "churned" });
    // c4 churned on import and stayed: one move only; the manual c7 never moved.
    expect(await moves("c4")).toHaveLength(1);
    expect(await moves("c7")).toHaveLength(1);
    expect(await ruleMoves("wwR")).toBe(2 + 4 + 3);

    // A new paid order brings a churned buyer back.
    await orders("wwR", [{ who: "c6", at: new Date(clock.now()) }], new Date(clock.now()));
    expect(await stageOf("c6")).toBe("repeat");
    await siyu.stageScheduler!.drain();
    expect(await stageOf("c6")).toBe("repeat");
  });

  it("uses each corp's own days and works through many customers in batches", async () => {
    offset = 0;
    await addCorp(siyu.ctx, corp("wwS"));
    const res = await fetch(`${siyu.url}/api/corps/wwS/stages/settings`, {
      method: "PUT",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ churnRiskDays: 5, churnedDays: 10 }),
    });
    expect(res.status).toBe(200);
    const { rows } = await sql<{ id: string }>`insert into customers (corp_id, external_userid, name)
      select 'wwS', 'wm_s' || g, 'S' || g from generate_series(1, 1200) g returning id`.execute(siyu.ctx.db);
    await siyu.ctx.db.transaction().execute(async (trx) => {
      await sql`insert into orders (corp_id, source, order_no, customer_id, amount_cents, status, ordered_at)
        select 'wwS', 'api', 's' || c.id, c.id, 100, 'paid', ${ago(3)}::timestamptz
        from unnest(${rows.map((r) => r.id)}::bigint[]) as c(id)`.execute(trx);
      await afterOrdersBound(
        trx,
        "wwS",
        rows.map((r) => r.id),
        { now: new Date(clock.now()) },
      );
    });
    const count = async (key: string) =>
      Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from customer_stages cs join stages s on s.id = cs.stage_id
            where cs.corp_id = 'wwS' and s.key = ${key}`.execute(siyu.ctx.db)
        ).rows[0]!.n,
      );
    expect(await count("first_order")).toBe(1200);
    offset = 6 * DAY; // 9 days: past wwS's 5, far from wwR's 60
    await siyu.stageScheduler!.drain();
    expect(await count("churn_risk")).toBe(1200);
    expect(await ruleMoves("wwS")).toBe(1200);
    expect(await stageOf("c5")).toBe("churned");
    offset = 8 * DAY;
    await siyu.stageScheduler!.drain();
    expect(await count("churned")).toBe(1200);
    expect(await ruleMoves("wwS")).toBe(2400);
  });
});
