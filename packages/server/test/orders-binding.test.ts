// Orders bind to customers by unionid, then by phone (customers' phones, members' remark mobiles); unbound orders
// bind when the customer appears (callback + refresh worker); the batch API is idempotent; corps are apart.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { refreshAllMarked } from "../src/domains/customers/customers.refresh.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";
import { addBareCorp, apiClient, type OrderView } from "./orders-world.ts";
import { adminSession } from "./siyu.ts";

let w: World;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  w = await startWorld({ customers: 40 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  api = apiClient(w.siyu.url, await adminSession(w.siyu.url));
}, 60_000);
afterAll(() => w.stop());

const db = () => w.siyu.ctx.db;
const order = (orderNo: string, extra: Record<string, unknown> = {}) => ({
  orderNo,
  status: "paid",
  amountCents: 9900,
  orderedAt: "2025-06-01T10:00:00+08:00",
  ...extra,
});
interface Batch {
  inserted: number;
  updated: number;
  unchanged: number;
  bound: number;
  orders: { orderNo: string; id: string; result: string; customerId: string | null }[];
}
interface Detail {
  orders: { totals: { count: number; paidCount: number; paidCents: number }; recent: OrderView[] };
  timeline: { kind: string; detail: Record<string, unknown> }[];
}
const post = (orders: unknown[], corpId = w.corpId, source = "api") =>
  api<Batch>("POST", "/api/orders", { corpId, source, orders });
const customerByExternal = (externalUserId: string) =>
  db()
    .selectFrom("customers")
    .selectAll()
    .where("external_userid", "=", externalUserId)
    .executeTakeFirstOrThrow();

it("binds at once by unionid, then by phone; a masked phone is never matched", async () => {
  const withUnion = await db()
    .selectFrom("customers")
    .selectAll()
    .where("unionid", "is not", null)
    .where("unionid", "!=", "")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const withPhone = await db()
    .selectFrom("customers")
    .selectAll()
    .where("id", "!=", withUnion.id)
    .where(sql<boolean>`cardinality(phones) > 0`)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const phone = withPhone.phones[0]!;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const r = await post([
    order("B-1", { unionid: withUnion.unionid, orderedAt: yesterday }),
    order("B-2", { phone: `+86 ${phone}` }),
    order("B-3", { phone: masked }),
    order("B-4", { unionid: withUnion.unionid, phone, orderedAt: yesterday }), // unionid wins
  ]);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ inserted: 4, bound: 3 });
  const got = Object.fromEntries(r.body.orders.map((o) => [o.orderNo, o.customerId]));
  expect(got).toEqual({ "B-1": withUnion.id, "B-2": withPhone.id, "B-3": null, "B-4": withUnion.id });

  const detail = await api<Detail>("GET", `/api/customers/${withUnion.id}`);
  expect(detail.body.orders.totals).toMatchObject({ count: 2, paidCount: 2, paidCents: 19800 });
  expect(detail.body.orders.recent.map((o) => o.orderNo).sort()).toEqual(["B-1", "B-4"]);
  const created = detail.body.timeline.filter((t) => t.kind === "order.created");
  expect(created.map((t) => t.detail.orderNo).sort()).toEqual(["B-1", "B-4"]);
  expect(created[0]!.detail.boundBy).toBe("unionid");
  // The stage reaction ran in the same transaction: a buyer with two paid orders is a repeat customer.
  const moved = detail.body.timeline.filter((t) => t.kind === "stage.moved");
  expect(moved.length).toBeGreaterThan(0);
  expect(JSON.stringify(moved[0]!.detail)).toContain("repeat");
});

it("an order waiting for its customer binds by unionid when the customer is added", async () => {
  const r = await post([order("L-1", { unionid: "o6_late_union_0001", amountCents: 12000 })]);
  expect(r.body.orders[0]!.customerId).toBeNull();
  const member = (
    await db().selectFrom("members").select("userid").orderBy("userid").executeTakeFirstOrThrow()
  ).userid;
  const added = await w.people<{ externalUserId: string }>("add-customer", {
    userid: member,
    customer: { name: "晚到的顾客", unionid: "o6_late_union_0001" },
  });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const c = await customerByExternal(added.externalUserId);
  const o = await db()
    .selectFrom("orders")
    .selectAll()
    .where("order_no", "=", "L-1")
    .executeTakeFirstOrThrow();
  expect(o).toMatchObject({ customer_id: c.id, bound_by: "unionid" });
  const detail = await api<Detail>("GET", `/api/customers/${c.id}`);
  expect(detail.body.orders.totals).toMatchObject({ count: 1, paidCents: 12000 });
  expect(detail.body.timeline.some((t) => t.kind === "order.created" && t.detail.orderNo === "L-1")).toBe(
    true,
  );
});

it("an order waiting for its customer binds by phone when a member notes the customer's mobile", async () => {
  await post([order("L-2", { phone: "13900009999" })]);
  const member = (
    await db().selectFrom("members").select("userid").orderBy("userid").executeTakeFirstOrThrow()
  ).userid;
  const added = await w.people<{ externalUserId: string }>("add-customer", {
    userid: member,
    customer: { name: "没有手机号的顾客", type: 2 },
  });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const unbound = await db()
    .selectFrom("orders")
    .selectAll()
    .where("order_no", "=", "L-2")
    .executeTakeFirstOrThrow();
  expect(unbound.customer_id).toBeNull();
  // The member types the mobile into the customer's remark; the edit callback makes Siyu refresh the customer.
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  await client.externalContact.remark({
    userid: member,
    external_userid: added.externalUserId,
    remark_mobiles: ["13900009999"],
  });
  await w.people("member-edits-customer", {
    userid: member,
    externalUserId: added.externalUserId,
    remark: "老客",
  });
  await w.settle();
  await refreshAllMarked(w.siyu.ctx);
  const c = await customerByExternal(added.externalUserId);
  const bound = await db()
    .selectFrom("orders")
    .selectAll()
    .where("order_no", "=", "L-2")
    .executeTakeFirstOrThrow();
  expect(bound).toMatchObject({ customer_id: c.id, bound_by: "phone" });
});

it("the batch API is idempotent: a repeat changes nothing, a changed status updates", async () => {
  const batch = [order("I-1", { amountCents: 500 }), order("I-2", { amountCents: 700 })];
  expect((await post(batch)).body).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
  const again = await post(batch);
  expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  expect(again.body.orders.map((o) => o.result)).toEqual(["unchanged", "unchanged"]);
  const changed = await post([
    order("I-1", { amountCents: 500, status: "refunded", refundedCents: 500 }),
    batch[1],
  ]);
  expect(changed.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
  const rows = await db().selectFrom("orders").selectAll().where("order_no", "in", ["I-1", "I-2"]).execute();
  expect(rows).toHaveLength(2);
  expect(rows.find((o) => o.order_no === "I-1")!.status).toBe("refunded");
  // The same id from another source is another order.
  expect((await post([order("I-1")], w.corpId, "shop-b")).body.inserted).toBe(1);
});

it("rejects a bad batch with field-level details, storing nothing of it", async () => {
  const r = await api<{ error: { code: string; details: { path: string }[] } }>("POST", "/api/orders", {
    corpId: w.corpId,
    orders: [order("V-1"), order("V-2", { orderedAt: "yesterday" }), order("V-3", { amountCents: -1 })],
  });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe("VALIDATION_FAILED");
  const paths = r.body.error.details.map((d) => d.path).join(" ");
  expect(paths).toContain("orders/1/orderedAt");
  expect(paths).toContain("orders/2/amountCents");
  const dup = await api<{ error: { details: { path: string }[] } }>("POST", "/api/orders", {
    corpId: w.corpId,
    orders: [order("V-4"), order("V-4")],
  });
  expect(dup.status).toBe(400);
  expect(dup.body.error.details[0]!.path).toBe("/orders/1/orderNo");
  const stored = await db()
    .selectFrom("orders")
    .select("order_no")
    .where("order_no", "like", "V-%")
    .execute();
  expect(stored).toEqual([]);
});

it("another corp neither sees these orders nor binds to this corp's customers", async () => {
  const other = "wwordersbindother";
  await addBareCorp(w.siyu, other);
  const c = await db()
    .selectFrom("customers")
    .selectAll()
    .where("corp_id", "=", w.corpId)
    .where("unionid", "is not", null)
    .where("unionid", "!=", "")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const r = await post([order("X-1", { unionid: c.unionid })], other);
  expect(r.body).toMatchObject({ inserted: 1, bound: 0 });
  const list = await api<{ items: OrderView[] }>("GET", `/api/corps/${other}/orders`);
  expect(list.body.items.map((o) => o.orderNo)).toEqual(["X-1"]);
  const mine = await api<{ items: OrderView[] }>("GET", `/api/corps/${w.corpId}/orders?limit=200`);
  expect(mine.body.items.some((o) => o.orderNo === "X-1")).toBe(false);
  expect((await post([order("X-2")], "wwnosuchcorp")).status).toBe(404);
});
