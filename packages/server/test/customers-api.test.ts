// Customer 360 API over a synced emulator corp: keyset paging, search and filters, the detail with follows,
// tags and timeline, identity merge, the staff data scope, and isolation between corps.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { addCorp } from "../src/domains/corps/corps.service.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";
import { adminSession } from "./siyu.ts";

let w: World;
let admin: Record<string, string>;
beforeAll(async () => {
  w = await startWorld({ customers: 300 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  admin = await adminSession(w.siyu.url);
}, 30_000);
afterAll(() => w.stop());

interface Follow {
  userid: string;
  status: string;
  remark: string;
  state: string | null;
  addedAt: string | null;
  tags: { id: string; name: string }[];
}
interface Item {
  id: string;
  corpId: string;
  externalUserId: string;
  name: string;
  personKey: string;
  follows: Follow[];
}

async function api<T>(
  path: string,
  headers = admin,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${w.siyu.url}${path}`, {
    ...init,
    headers: { ...headers, ...(init.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Every item of a filtered list, following nextCursor. */
async function all(params: Record<string, string>, headers = admin) {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const qs: URLSearchParams = new URLSearchParams({
      corpId: w.corpId,
      limit: "37",
      ...params,
      ...(cursor ? { cursor } : {}),
    });
    const { status, body }: { status: number; body: { items: Item[]; nextCursor: string | null } } =
      await api(`/api/customers?${qs}`, headers);
    expect(status).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const count = async (q: ReturnType<typeof sql<{ n: string }>>) =>
  Number((await q.execute(w.siyu.ctx.db)).rows[0]!.n);

describe("list", () => {
  it("pages through every customer once, newest first", async () => {
    const items = await all({});
    const ids = items.map((i) => Number(i.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(ids.length).toBe(
      await count(sql`select count(*) as n from customers where corp_id = ${w.corpId}`),
    );
  });

  it("filters by staff, channel (state), tag and added-between, matching the database", async () => {
    const rel = (
      await sql<{
        userid: string;
        state: string;
        added_at: Date;
      }>`select userid, state, added_at from follow_relations
        where corp_id = ${w.corpId} and state is not null order by external_userid limit 1`.execute(
        w.siyu.ctx.db,
      )
    ).rows[0]!;
    const byStaff = await all({ staff: rel.userid });
    expect(byStaff.length).toBe(
      await count(sql`select count(distinct external_userid) as n from follow_relations
        where corp_id = ${w.corpId} and userid = ${rel.userid} and status <> 'deleted_by_member'`),
    );
    expect(byStaff.every((i) => i.follows.some((f) => f.userid === rel.userid))).toBe(true);

    const byState = await all({ state: rel.state });
    expect(byState.length).toBeGreaterThan(0);
    expect(byState.every((i) => i.follows.some((f) => f.state === rel.state))).toBe(true);

    const tag = (
      await sql<{
        tag_id: string;
        n: string;
      }>`select tag_id, count(distinct external_userid) as n from follow_tags
        where corp_id = ${w.corpId} group by tag_id order by n desc limit 1`.execute(w.siyu.ctx.db)
    ).rows[0]!;
    const byTag = await all({ tag: tag.tag_id });
    expect(byTag.length).toBe(Number(tag.n));
    expect(byTag.every((i) => i.follows.some((f) => f.tags.some((t) => t.id === tag.tag_id)))).toBe(true);

    const from = new Date(rel.added_at.getTime() - 86_400_000 * 10).toISOString();
    const to = rel.added_at.toISOString();
    const byDate = await all({ addedFrom: from, addedTo: to });
    expect(byDate.length).toBe(
      await count(sql`select count(distinct external_userid) as n from follow_relations where corp_id = ${w.corpId}
        and status <> 'deleted_by_member' and added_at >= ${from}::timestamptz and added_at < ${to}::timestamptz`),
    );
    const single = (
      await sql<{ e: string; u: string }>`select external_userid as e, min(userid) as u from follow_relations
        where corp_id = ${w.corpId} group by external_userid having count(*) = 1 order by external_userid desc limit 1`.execute(
        w.siyu.ctx.db,
      )
    ).rows[0]!;
    await w.people("member-deletes-customer", { userid: single.u, externalUserId: single.e });
    await w.settle();
    const live = await all({ status: "live" });
    const lost = await all({ status: "lost" });
    expect(live.length + lost.length).toBe((await all({})).length);
    expect(lost.map((i) => i.externalUserId)).toContain(single.e);
    expect(lost.every((i) => i.follows.every((f) => f.status === "deleted_by_member"))).toBe(true);
    const both = await all({ staff: rel.userid, tag: tag.tag_id });
    expect(both.length).toBeLessThanOrEqual(Math.min(byStaff.length, byTag.length));
  });

  it("searches by name, remark and phone", async () => {
    const c = (
      await sql<{ name: string; id: string }>`select name, id::text from customers where corp_id = ${w.corpId}
      order by id limit 1`.execute(w.siyu.ctx.db)
    ).rows[0]!;
    const byName = await all({ q: c.name });
    expect(byName.map((i) => i.id)).toContain(c.id);
    expect(
      byName.every((i) => i.name.includes(c.name) || i.follows.some((f) => f.remark.includes(c.name))),
    ).toBe(true);

    const rel = await w.siyu.ctx.db
      .selectFrom("follow_relations")
      .selectAll()
      .where("status", "=", "active")
      .executeTakeFirstOrThrow();
    await w.people("member-edits-customer", {
      userid: rel.userid,
      externalUserId: rel.external_userid,
      remark: "独一无二的备注",
    });
    const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
    await client.externalContact.remark({
      userid: rel.userid,
      external_userid: rel.external_userid,
      remark_mobiles: ["13912345678"],
    });
    await (await startSync(w.siyu.ctx, w.corpId, "reconcile")).promise;
    const byRemark = await all({ q: "独一无二" });
    expect(byRemark.map((i) => i.externalUserId)).toEqual([rel.external_userid]);
    const byPhone = await all({ q: "1391234" });
    expect(byPhone.map((i) => i.externalUserId)).toEqual([rel.external_userid]);
  });

  it("refuses bad input with field-level messages", async () => {
    const { status, body } = await api<{ error: { code: string; details: { path: string }[] } }>(
      `/api/customers?corpId=${w.corpId}&limit=5000&addedFrom=yesterday`,
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain("limit");
    expect(JSON.stringify(body)).toContain("addedFrom");
  });
});

describe("detail", () => {
  it("shows profile, follows with tag names, and the timeline", async () => {
    const rel = await w.siyu.ctx.db
      .selectFrom("follow_relations")
      .selectAll()
      .where("status", "=", "active")
      .orderBy("external_userid", "desc")
      .executeTakeFirstOrThrow();
    await w.people("customer-deletes-member", { userid: rel.userid, externalUserId: rel.external_userid });
    await w.settle();
    const c = await w.siyu.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("external_userid", "=", rel.external_userid)
      .executeTakeFirstOrThrow();
    const { status, body } = await api<
      Item & { timeline: { kind: string; userid: string }[]; follows: (Follow & { status: string })[] }
    >(`/api/customers/${c.id}`);
    expect(status).toBe(200);
    expect(body.externalUserId).toBe(rel.external_userid);
    const f = body.follows.find((x) => x.userid === rel.userid)!;
    expect(f.status).toBe("deleted_by_customer");
    expect(body.timeline[0]).toMatchObject({ kind: "customer.deleted_member", userid: rel.userid });
    const tagged = body.follows.flatMap((x) => x.tags);
    expect(tagged.every((t) => t.name !== t.id)).toBe(true);
  });

  it("merges customers with the same unionid, else a shared phone, into one person", async () => {
    const rows = await w.siyu.ctx.db
      .selectFrom("customers")
      .select(["id", "external_userid"])
      .orderBy("id")
      .limit(4)
      .execute();
    const [a, b, c, d] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    await w.siyu.ctx.db
      .updateTable("customers")
      .set({ unionid: "oUnion-1" })
      .where("id", "in", [a.id, b.id])
      .execute();
    await w.siyu.ctx.db
      .updateTable("customers")
      .set({ unionid: null, phones: ["13700000001"] })
      .where("id", "in", [c.id, d.id])
      .execute();
    const da = await api<{ personKey: string; person: { customers: { id: string; via: string }[] } }>(
      `/api/customers/${a.id}`,
    );
    expect(da.body.personKey).toBe("unionid:oUnion-1");
    expect(da.body.person.customers).toEqual([expect.objectContaining({ id: b.id, via: "unionid" })]);
    const dc = await api<{ personKey: string; person: { customers: { id: string; via: string }[] } }>(
      `/api/customers/${c.id}`,
    );
    expect(dc.body.personKey).toBe("phone:13700000001");
    expect(dc.body.person.customers).toEqual([expect.objectContaining({ id: d.id, via: "phone" })]);
  });

  it("answers 404 for an unknown id", async () => {
    expect((await api(`/api/customers/999999999`)).status).toBe(404);
  });
});

describe("data scope and corps", () => {
  let staffHeaders: Record<string, string>;
  let member: string;
  let otherCorpCustomerId: string;

  beforeAll(async () => {
    const user = await insertUser(w.siyu.ctx.db, { username: "staff-1", password_hash: "x", role: "staff" });
    const { token } = await createApiToken(w.siyu.ctx, user!.id, "staff token");
    staffHeaders = { authorization: `Bearer ${token}` };
    member = (
      await w.siyu.ctx.db
        .selectFrom("follow_relations")
        .select("userid")
        .where("status", "=", "active")
        .orderBy("userid")
        .executeTakeFirstOrThrow()
    ).userid;
    // A second corp with a customer of its own (same member id, to prove the corp is part of every check).
    await addCorp(w.siyu.ctx, {
      corpId: "wwOtherCorp",
      name: "Other",
      secret: "s",
      token: "T",
      aesKey: "A".repeat(43),
      apiBase: w.emu.url,
    });
    const other = await w.siyu.ctx.db
      .insertInto("customers")
      .values({ corp_id: "wwOtherCorp", external_userid: "wmOther1", name: "别家客户" })
      .returning("id")
      .executeTakeFirstOrThrow();
    otherCorpCustomerId = other.id;
    await w.siyu.ctx.db
      .insertInto("follow_relations")
      .values({
        corp_id: "wwOtherCorp",
        external_userid: "wmOther1",
        userid: member,
        state: null,
        status: "active",
        added_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
  });

  it("a staff user without a member link sees nothing; a non-admin cannot link", async () => {
    expect(await all({}, staffHeaders)).toEqual([]);
    const res = await api(`/api/users/1/member`, staffHeaders, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ corpId: w.corpId, userid: member }),
    });
    expect(res.status).toBe(403);
  });

  it("a linked staff user sees only their own customers and only their own relations", async () => {
    const user = await w.siyu.ctx.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "staff-1")
      .executeTakeFirstOrThrow();
    const link = await api(`/api/users/${user.id}/member`, admin, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ corpId: w.corpId, userid: member }),
    });
    expect(link.status).toBe(200);
    const mine = await all({}, staffHeaders);
    expect(mine.length).toBe((await all({ staff: member })).length);
    expect(mine.every((i) => i.follows.length > 0 && i.follows.every((f) => f.userid === member))).toBe(true);
    const notMine = await w.siyu.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("corp_id", "=", w.corpId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("follow_relations as f")
              .select("f.userid")
              .whereRef("f.external_userid", "=", "customers.external_userid")
              .where("f.userid", "=", member),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    expect((await api(`/api/customers/${notMine.id}`, staffHeaders)).status).toBe(404);
    expect((await api(`/api/customers/${mine[0]!.id}`, staffHeaders)).status).toBe(200);
  });

  it("keeps corps apart: lists and details never cross", async () => {
    const first = await all({});
    expect(first.some((i) => i.corpId !== w.corpId)).toBe(false);
    const other = await all({ corpId: "wwOtherCorp" });
    expect(other.map((i) => i.externalUserId)).toEqual(["wmOther1"]);
    // The staff user is linked to `member` in the first corp only: nothing of the other corp shows.
    expect(await all({ corpId: "wwOtherCorp" }, staffHeaders)).toEqual([]);
    expect((await api(`/api/customers/${otherCorpCustomerId}`, staffHeaders)).status).toBe(404);
  });
});

it("documents the customers, sync and tags API in /api/openapi.json", async () => {
  const { status, body } = await api<{ paths: Record<string, Record<string, { summary?: string }>> }>(
    "/api/openapi.json",
  );
  expect(status).toBe(200);
  for (const p of [
    "/api/customers",
    "/api/customers/{id}",
    "/api/corps/{corpId}/sync",
    "/api/corps/{corpId}/tags",
    "/api/corps/{corpId}/tags/{id}",
    "/api/corps/{corpId}/tag-jobs",
  ]) {
    expect(Object.keys(body.paths)).toContain(p);
  }
  expect(body.paths["/api/customers"]!.get!.summary).toContain("keyset");
  expect(JSON.stringify(body.paths["/api/customers"])).toContain("remark");
});
