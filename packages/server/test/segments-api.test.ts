// Segments API over a synced emulator corp with orders, stores, stages and activities seeded in PostgreSQL:
// preview counts equal the SQL oracle's, samples and member pages respect the staff scope, names and ids of another
// corp cannot be referenced, bad segments get errors pointing at the offending part, and saved segments keep a count
// history (on save, on preview, and by the periodic poller on the Ctx clock).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { linkUserToMember } from "../src/domains/customers/customers.scope.ts";
import { CatalogIndex, textToExpr } from "../src/domains/segments/lang/index.ts";
import type { SegmentExpr } from "../src/domains/segments/segments.ast.ts";
import { loadCatalog } from "../src/domains/segments/segments.catalog.ts";
import { countSql, membersSql } from "../src/domains/segments/segments.sql.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import type { Clock } from "../src/lib/clock.ts";
import { startWorld, type World } from "./customers-world.ts";
import { adminSession } from "./siyu.ts";

let w: World;
let admin: Record<string, string>;
const OTHER = "ww_other_corp";
let tagA: { id: string; name: string };
let tagB: { id: string; name: string };
let member: string;

const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(w.siyu.ctx.db)).rows;

beforeAll(async () => {
  w = await startWorld({ customers: 240 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  admin = await adminSession(w.siyu.url);
  const db = w.siyu.ctx.db;
  const corp = w.corpId;
  const now = Date.now();
  // Orders, stores, stages and activities for a spread of customers.
  await sql`insert into orders (corp_id, source, order_no, customer_id, amount_cents, status, categories, items, ordered_at)
    select ${corp}, 'api', 'o' || c.id || '-' || k, c.id, (c.id % 7) * 10000 + k * 1500,
      case when k = 3 then 'refunded' else 'paid' end,
      case when c.id % 3 = 0 then array['美妆'] else array['服饰'] end, '[]'::jsonb,
      ${new Date(now)}::timestamptz - make_interval(days => (c.id % 50)::int + k * 10)
    from customers c cross join generate_series(1, 3) k
    where c.corp_id = ${corp} and c.id % 4 <> 0 and k <= 1 + c.id % 3`.execute(db);
  await sql`insert into stores (corp_id, name, city, state, join_state) values
    (${corp}, '静安店', '上海', 'st_jingan', 'sj_jingan'), (${corp}, '天河店', '广州', 'st_tianhe', 'sj_tianhe')`.execute(
    db,
  );
  await sql`insert into customer_stores (corp_id, customer_id, store_id, source, assigned_at)
    select ${corp}, c.id, (select id from stores s where s.corp_id = ${corp} and s.name = case when c.id % 2 = 0 then '静安店' else '天河店' end), 'manual', now()
    from customers c where c.corp_id = ${corp} and c.id % 5 <> 0`.execute(db);
  await sql`update customer_stages cs set stage_id = (select id from stages s where s.corp_id = ${corp} and s.key = 'first_order')
    where cs.corp_id = ${corp} and cs.customer_id % 3 = 1`.execute(db);
  await sql`insert into activity_participations (corp_id, customer_id, activity, kind, occurred_at, detail)
    select ${corp}, c.id, 'live:20261101', 'live', now(), '{}'::jsonb from customers c where c.corp_id = ${corp} and c.id % 6 = 0`.execute(
    db,
  );
  const tags = await q(sql<{
    id: string;
    name: string;
    n: string;
  }>`select t.tag_id as id, t.name, count(*) as n
    from follow_tags ft join tags t on t.corp_id = ft.corp_id and t.tag_id = ft.tag_id
    where ft.corp_id = ${corp} and not t.deleted
      and (select count(*) from tags t2 where t2.corp_id = t.corp_id and t2.name = t.name and not t2.deleted) = 1
    group by t.tag_id, t.name order by n desc limit 2`);
  tagA = tags[0]!;
  tagB = tags[1]!;
  const m = await q(sql<{ userid: string }>`select userid from follow_relations where corp_id = ${corp}
    and status = 'active' group by userid order by count(*) desc limit 1`);
  member = m[0]!.userid;
  // Fresh tables have no statistics; without them PostgreSQL picks nested loops that make the oracle crawl.
  await sql`analyze`.execute(db);
  // Another corp with a tag of its own.
  await w.siyu.ctx.db
    .insertInto("corps")
    .values({
      corp_id: OTHER,
      name: "别家",
      api_base: "http://127.0.0.1:9",
      secret_enc: "x",
      token_enc: "x",
      aes_key_enc: "x",
    } as never)
    .execute();
  await sql`insert into tag_groups (corp_id, group_id, name, "order") values (${OTHER}, 'og', '别组', 0)`.execute(
    db,
  );
  await sql`insert into tags (corp_id, tag_id, group_id, name, "order") values (${OTHER}, 'et_other', 'og', '别家标签', 0)`.execute(
    db,
  );
}, 60_000);
afterAll(() => w.stop());

async function api<T = Record<string, unknown>>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${w.siyu.url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.headers ?? admin),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface Card {
  id: string;
  name: string;
  owner: { userid: string; name: string } | null;
  tags: { id: string; name: string }[];
}
interface Preview {
  count: number;
  sample: Card[];
  tookMs: number;
  text: string;
  expr: SegmentExpr;
  scope: string;
}

async function exprOf(text: string): Promise<SegmentExpr> {
  const r = textToExpr(text, new CatalogIndex(await loadCatalog(w.siyu.ctx.db, w.corpId)));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.expr;
}

describe("preview", () => {
  const texts = () => [
    `tag:"${tagA.name}"`,
    `(tag:"${tagA.name}" and tag:"${tagB.name}" or stage:首单) and not tag:"${tagB.name}"`,
    "orders>=2 and spent>=300 and lastOrder<=30d",
    `city:上海 or store:天河店 and category:美妆`,
    `activity:"live:20261101" or orders=0`,
    `staff:${member} and not stage:首单`,
    `tag:all("${tagA.name}","${tagB.name}")`,
    "added:2020-01-01..2099-12-31 and spent<500",
  ];

  it("counts what the SQL oracle counts and samples the first 20 members", async () => {
    for (const text of texts()) {
      const expr = await exprOf(text);
      const { status, body } = await api<Preview>("/api/segments/preview", {
        body: { corpId: w.corpId, text },
      });
      expect(status, text).toBe(200);
      const oracle = await countSql(w.siyu.ctx.db, w.corpId, expr, new Date());
      expect(body.count, text).toBe(oracle);
      const members = await membersSql(w.siyu.ctx.db, w.corpId, expr, new Date());
      expect(
        body.sample.map((c) => c.id),
        text,
      ).toEqual(members.slice(0, 20));
      expect(body.expr).toEqual(expr);
      expect(body.tookMs).toBeGreaterThanOrEqual(0);
      // The normalised text parses back to the same AST; the JSON form gives the same answer.
      expect(await exprOf(body.text)).toEqual(expr);
      const byExpr = await api<Preview>("/api/segments/preview", {
        body: { corpId: w.corpId, expr, lang: "zh" },
      });
      expect(byExpr.body.count).toBe(oracle);
      expect(await exprOf(byExpr.body.text)).toEqual(expr);
    }
    const some = await api<Preview>("/api/segments/preview", {
      body: { corpId: w.corpId, text: `tag:"${tagA.name}"` },
    });
    expect(some.body.count).toBeGreaterThan(0);
    expect(some.body.sample[0]?.tags.map((t) => t.id)).toContain(tagA.id);
    expect(some.body.sample[0]?.owner?.userid).toBeTruthy();
  }, 180_000);

  it("points at the offending text range or JSON path", async () => {
    const unknown = await api<{ error: { code: string; details: Array<Record<string, unknown>> } }>(
      "/api/segments/preview",
      {
        body: { corpId: w.corpId, text: "tag:没有这个标签 and orders>=1" },
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("SEGMENT_INVALID");
    expect(unknown.body.error.details[0]).toMatchObject({
      path: "/text",
      kind: "unknown_name",
      from: 4,
      to: 10,
    });

    const syntax = await api<{ error: { code: string; details: Array<Record<string, unknown>> } }>(
      "/api/segments/preview",
      {
        body: { corpId: w.corpId, text: "orders>=2 and (spent>=300" },
      },
    );
    expect(syntax.body.error.details[0]).toMatchObject({ kind: "syntax", from: 25, to: 25 });

    const bad = await api<{ error: { code: string; details: Array<Record<string, unknown>> } }>(
      "/api/segments/preview",
      {
        body: {
          corpId: w.corpId,
          expr: { op: "or", args: [{ term: "orderCount", cmp: ">=", value: -1 }, { term: "stage" }] },
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path)).toEqual(["/expr/args/0/value", "/expr/args/1/stages"]);

    const both = await api<{ error: { code: string } }>("/api/segments/preview", {
      body: { corpId: w.corpId, text: "orders>=1", expr: { term: "lastOrder", days: 3 } },
    });
    expect(both.body.error.code).toBe("SEGMENT_INVALID");
  });

  it("cannot reference another corp's tags, by id or by name", async () => {
    const byId = await api<{ error: { code: string; details: Array<Record<string, unknown>> } }>(
      "/api/segments/preview",
      {
        body: { corpId: w.corpId, expr: { term: "tag", match: "any", tagIds: ["et_other"] } },
      },
    );
    expect(byId.status).toBe(400);
    expect(byId.body.error.details[0]).toMatchObject({ path: "/expr/tagIds/0", kind: "unknown_name" });
    const byName = await api<{ error: { details: Array<Record<string, unknown>> } }>(
      "/api/segments/preview",
      {
        body: { corpId: w.corpId, text: "tag:别家标签" },
      },
    );
    expect(byName.body.error.details[0]).toMatchObject({ kind: "unknown_name" });
    const hash = await api<{ error: { details: Array<Record<string, unknown>> } }>("/api/segments/preview", {
      body: { corpId: w.corpId, text: "tag:#et_other" },
    });
    expect(hash.body.error.details[0]).toMatchObject({ kind: "unknown_name" });
  });
});

describe("saved segments", () => {
  let id: string;
  it("saves, counts on save and on preview, and lists with the last count", async () => {
    const text = `tag:"${tagA.name}" or orders>=3`;
    const created = await api<{ id: string; lastCount: number; text: string }>(
      `/api/corps/${w.corpId}/segments`,
      {
        body: { name: "高意向", description: "标签或复购", text },
      },
    );
    expect(created.status).toBe(200);
    id = created.body.id;
    const oracle = await countSql(w.siyu.ctx.db, w.corpId, await exprOf(text), new Date());
    expect(created.body.lastCount).toBe(oracle);

    const taken = await api<{ error: { code: string; details: unknown } }>(
      `/api/corps/${w.corpId}/segments`,
      {
        body: { name: "高意向", text: "orders>=1" },
      },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "SEGMENT_NAME_TAKEN", details: [{ path: "/name" }] });

    const p = await api<Preview>(`/api/corps/${w.corpId}/segments/${id}/preview`, { method: "POST" });
    expect(p.body.count).toBe(oracle);
    const hist = await api<{ items: Array<{ count: number; source: string }> }>(
      `/api/corps/${w.corpId}/segments/${id}/counts`,
    );
    expect(hist.body.items.map((h) => h.source)).toEqual(["save", "preview"]);
    expect(hist.body.items.every((h) => h.count === oracle)).toBe(true);

    const list = await api<{ items: Array<{ id: string; name: string; lastCount: number }> }>(
      `/api/corps/${w.corpId}/segments`,
    );
    expect(list.body.items).toEqual([expect.objectContaining({ id, name: "高意向", lastCount: oracle })]);
  });

  it("a bad update changes nothing", async () => {
    const before = await api<{ text: string }>(`/api/corps/${w.corpId}/segments/${id}`);
    const bad = await api<{ error: { code: string } }>(`/api/corps/${w.corpId}/segments/${id}`, {
      method: "PATCH",
      body: { name: "改名", text: "tag:不存在" },
    });
    expect(bad.body.error.code).toBe("SEGMENT_INVALID");
    const after = await api<{ name: string; text: string }>(`/api/corps/${w.corpId}/segments/${id}`);
    expect(after.body).toMatchObject({ name: "高意向", text: before.body.text });
  });

  it("the poller counts saved segments periodically by the Ctx clock", async () => {
    const poller = w.siyu.segmentCounts!;
    await poller.drain();
    const n0 = (await api<{ items: unknown[] }>(`/api/corps/${w.corpId}/segments/${id}/counts`)).body.items
      .length;
    // Nothing is due within the hour; two hours later (on the Ctx clock) the segment is counted again.
    await poller.drain();
    expect(
      (await api<{ items: unknown[] }>(`/api/corps/${w.corpId}/segments/${id}/counts`)).body.items,
    ).toHaveLength(n0);
    const ctx = w.siyu.ctx as { clock: Clock };
    const real = ctx.clock;
    ctx.clock = { now: () => real.now() + 2 * 3600_000 };
    try {
      await poller.drain();
    } finally {
      ctx.clock = real;
    }
    const hist = await api<{ items: Array<{ source: string; at: string }> }>(
      `/api/corps/${w.corpId}/segments/${id}/counts`,
    );
    expect(Date.parse(hist.body.items.at(-1)?.at ?? "")).toBeGreaterThan(Date.now() + 3600_000);
    expect(hist.body.items.length).toBe(n0 + 1);
    expect(hist.body.items.at(-1)?.source).toBe("poll");
  });

  it("pages through the members by keyset", async () => {
    const expr = await exprOf(`tag:"${tagA.name}" or orders>=3`);
    const all: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { items: Card[]; nextAfter: string | null } } = await api(
        `/api/corps/${w.corpId}/segments/${id}/members?limit=17${after ? `&after=${after}` : ""}`,
      );
      all.push(...page.body.items.map((c) => c.id));
      after = page.body.nextAfter;
    } while (after);
    expect(all).toEqual(await membersSql(w.siyu.ctx.db, w.corpId, expr, new Date()));
  });

  it("another corp cannot see or change it", async () => {
    expect((await api(`/api/corps/${OTHER}/segments/${id}`)).status).toBe(404);
    expect((await api(`/api/corps/${OTHER}/segments/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await api<{ items: unknown[] }>(`/api/corps/${OTHER}/segments`)).body.items).toEqual([]);
  });

  describe("staff scope", () => {
    let staff: Record<string, string>;
    beforeAll(async () => {
      const user = await insertUser(w.siyu.ctx.db, {
        username: "seg-staff",
        password_hash: "x",
        role: "staff",
      });
      await linkUserToMember(w.siyu.ctx, user!.id, w.corpId, member);
      staff = { authorization: `Bearer ${(await createApiToken(w.siyu.ctx, user!.id, "t")).token}` };
    });

    it("samples and member pages hold only the staff member's customers", async () => {
      const text = "orders>=1";
      const expr = await exprOf(text);
      const mine = await membersSql(
        w.siyu.ctx.db,
        w.corpId,
        { op: "and", args: [expr, { term: "staff", userids: [member] }] },
        new Date(),
      );
      expect(mine.length).toBeGreaterThan(0);
      const p = await api<Preview>("/api/segments/preview", {
        body: { corpId: w.corpId, text },
        headers: staff,
      });
      expect(p.body.scope).toBe("member");
      expect(p.body.sample.map((c) => c.id)).toEqual(mine.slice(0, 20));
      expect(p.body.sample.every((c) => c.owner?.userid === member)).toBe(true);
      const page = await api<{ items: Card[] }>(`/api/corps/${w.corpId}/segments/${id}/members?limit=200`, {
        headers: staff,
      });
      const segMine = await membersSql(
        w.siyu.ctx.db,
        w.corpId,
        {
          op: "and",
          args: [await exprOf(`tag:"${tagA.name}" or orders>=3`), { term: "staff", userids: [member] }],
        },
        new Date(),
      );
      expect(page.body.items.map((c) => c.id)).toEqual(segMine);
      // Staff may look but not change.
      const del = await api<{ error: { code: string } }>(`/api/corps/${w.corpId}/segments/${id}`, {
        method: "DELETE",
        headers: staff,
      });
      expect(del.status).toBe(403);
    });
  });
});
