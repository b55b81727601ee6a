// Customer 360: the keyset-paged list with search and filters, and one customer's profile, follow relations,
// tags, groups, timeline and identity merge (same unionid, else a shared phone → one person), within a scope.
import { type ExpressionBuilder, sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Database } from "../../db/schema.ts";
import { AppError } from "../../lib/errors.ts";
import { customerOrderSummary } from "../orders/orders.service.ts";
import type { CustomerListQuery } from "./customers.schemas.ts";
import type { Scope } from "./customers.scope.ts";

const LIVE = ["active", "pending", "deleted_by_customer"] as const;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type Eb = ExpressionBuilder<Database, "customers">;

/** The customer has a live relation with the scoped member. */
function inScope(eb: Eb, scope: Scope) {
  if (scope.kind === "corp") return eb.val(true);
  if (scope.userid === null) return eb.val(false);
  return eb.exists(
    eb
      .selectFrom("follow_relations as s")
      .select(sql`1`.as("one"))
      .whereRef("s.corp_id", "=", "customers.corp_id")
      .whereRef("s.external_userid", "=", "customers.external_userid")
      .where("s.userid", "=", scope.userid)
      .where("s.status", "in", LIVE),
  );
}

function personKey(c: { id: string; unionid: string | null; phones: string[] }) {
  if (c.unionid) return `unionid:${c.unionid}`;
  if (c.phones.length > 0) return `phone:${[...c.phones].sort()[0]}`;
  return `customer:${c.id}`;
}

async function followsOf(ctx: Ctx, corpId: string, externalUserIds: string[], scope: Scope) {
  if (externalUserIds.length === 0) return new Map<string, never[]>();
  let q = ctx.db
    .selectFrom("follow_relations as f")
    .leftJoin("members as m", (j) =>
      j.onRef("m.corp_id", "=", "f.corp_id").onRef("m.userid", "=", "f.userid"),
    )
    .select([
      "f.external_userid",
      "f.userid",
      "m.name as member_name",
      "f.status",
      "f.remark",
      "f.description",
      "f.remark_mobiles",
      "f.state",
      "f.add_way",
      "f.added_at",
    ])
    .where("f.corp_id", "=", corpId)
    .where("f.external_userid", "in", externalUserIds)
    .orderBy("f.added_at", "asc");
  if (scope.kind === "member") q = q.where("f.userid", "=", scope.userid ?? "");
  const rels = await q.execute();
  const tags = await ctx.db
    .selectFrom("follow_tags as ft")
    .leftJoin("tags as t", (j) => j.onRef("t.corp_id", "=", "ft.corp_id").onRef("t.tag_id", "=", "ft.tag_id"))
    .leftJoin("tag_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "t.corp_id").onRef("g.group_id", "=", "t.group_id"),
    )
    .select(["ft.external_userid", "ft.userid", "ft.tag_id", "t.name", "g.name as group_name"])
    .where("ft.corp_id", "=", corpId)
    .where("ft.external_userid", "in", externalUserIds)
    .execute();
  const out = new Map<string, ReturnType<typeof view>[]>();
  function view(r: (typeof rels)[number]) {
    return {
      userid: r.userid,
      memberName: r.member_name,
      status: r.status,
      remark: r.remark,
      description: r.description,
      remarkMobiles: r.remark_mobiles,
      state: r.state,
      addWay: r.add_way,
      addedAt: iso(r.added_at),
      tags: tags
        .filter((t) => t.external_userid === r.external_userid && t.userid === r.userid)
        .map((t) => ({ id: t.tag_id, name: t.name ?? t.tag_id, groupName: t.group_name })),
    };
  }
  for (const r of rels) {
    const list = out.get(r.external_userid) ?? [];
    list.push(view(r));
    out.set(r.external_userid, list);
  }
  return out;
}

/** The filter part of a list query (also the target of bulk tag jobs). */
export type CustomerFilter = Omit<CustomerListQuery, "cursor" | "limit" | "stage"> & {
  stage?: string[] | undefined;
};

/** Customers of the corp matching the filter, within the scope (a query to refine, order and page). */
export function filteredCustomers(ctx: Ctx, query: CustomerFilter, scope: Scope) {
  const { corpId } = query;
  let q = ctx.db
    .selectFrom("customers")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where((eb) => inScope(eb, scope));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const prefix = `${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("customers.name", "ilike", like),
        eb.exists(
          eb
            .selectFrom("follow_relations as r")
            .select(sql`1`.as("one"))
            .whereRef("r.corp_id", "=", "customers.corp_id")
            .whereRef("r.external_userid", "=", "customers.external_userid")
            .where("r.remark", "ilike", like),
        ),
        sql<boolean>`exists (select 1 from unnest(customers.phones) p where p like ${prefix})`,
      ]),
    );
  }
  if (query.staff || query.state || query.addedFrom || query.addedTo) {
    q = q.where((eb) => {
      let rel = eb
        .selectFrom("follow_relations as f")
        .select(sql`1`.as("one"))
        .whereRef("f.corp_id", "=", "customers.corp_id")
        .whereRef("f.external_userid", "=", "customers.external_userid")
        .where("f.status", "in", LIVE);
      if (query.staff) rel = rel.where("f.userid", "=", query.staff);
      if (query.state) rel = rel.where("f.state", "=", query.state);
      if (query.addedFrom) rel = rel.where("f.added_at", ">=", new Date(query.addedFrom));
      if (query.addedTo) rel = rel.where("f.added_at", "<", new Date(query.addedTo));
      return eb.exists(rel);
    });
  }
  if (query.status) {
    const live = (eb: Eb) =>
      eb.exists(
        eb
          .selectFrom("follow_relations as l")
          .select(sql`1`.as("one"))
          .whereRef("l.corp_id", "=", "customers.corp_id")
          .whereRef("l.external_userid", "=", "customers.external_userid")
          .where("l.status", "in", LIVE),
      );
    q = q.where((eb) => (query.status === "live" ? live(eb) : eb.not(live(eb))));
  }
  const stages = query.stage ?? [];
  if (stages.length > 0) {
    const ids = stages.filter((s) => /^\d+$/.test(s));
    const keys = stages.filter((s) => !/^\d+$/.test(s));
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("customer_stages as cs")
          .innerJoin("stages as st", "st.id", "cs.stage_id")
          .select(sql`1`.as("one"))
          .whereRef("cs.corp_id", "=", "customers.corp_id")
          .whereRef("cs.customer_id", "=", "customers.id")
          .where((w) =>
            w.or([
              ...(ids.length > 0 ? [w("st.id", "in", ids)] : []),
              ...(keys.length > 0 ? [w("st.key", "in", keys)] : []),
            ]),
          ),
      ),
    );
  }
  for (const tagId of query.tag) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("follow_tags as t")
          .select(sql`1`.as("one"))
          .whereRef("t.corp_id", "=", "customers.corp_id")
          .whereRef("t.external_userid", "=", "customers.external_userid")
          .where("t.tag_id", "=", tagId),
      ),
    );
  }
  return q;
}

export async function listCustomers(ctx: Ctx, query: CustomerListQuery, scope: Scope) {
  const { corpId } = query;
  let q = filteredCustomers(ctx, query, scope);
  if (query.cursor) q = q.where("customers.id", "<", query.cursor);
  const rows = await q
    .orderBy("customers.id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const follows = await followsOf(
    ctx,
    corpId,
    page.map((r) => r.external_userid),
    scope,
  );
  return {
    items: page.map((c) => ({ ...summary(c), follows: follows.get(c.external_userid) ?? [] })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

type CustomerRow = Awaited<ReturnType<typeof findCustomer>>;

function findCustomer(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();
}

function summary(c: NonNullable<CustomerRow>) {
  return {
    id: c.id,
    corpId: c.corp_id,
    externalUserId: c.external_userid,
    name: c.name,
    type: c.type,
    gender: c.gender,
    avatar: c.avatar,
    unionid: c.unionid,
    corpName: c.corp_name,
    phones: c.phones,
    personKey: personKey(c),
  };
}

/** The corp a customer id belongs to (for the scope check), or CUSTOMER_NOT_FOUND. */
export async function customerCorp(ctx: Ctx, id: string): Promise<string> {
  const c = await ctx.db.selectFrom("customers").select("corp_id").where("id", "=", id).executeTakeFirst();
  if (!c) throw new AppError("CUSTOMER_NOT_FOUND", `no customer ${id}`);
  return c.corp_id;
}

export async function getCustomer(ctx: Ctx, id: string, scope: Scope) {
  const c = await ctx.db
    .selectFrom("customers")
    .selectAll()
    .where("id", "=", id)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  // Out of scope looks the same as unknown, so ids do not leak.
  if (!c) throw new AppError("CUSTOMER_NOT_FOUND", `no customer ${id}`);
  const follows = (await followsOf(ctx, c.corp_id, [c.external_userid], scope)).get(c.external_userid) ?? [];
  const timeline = await ctx.db
    .selectFrom("contact_timeline")
    .select(["kind", "userid", "detail", "occurred_at"])
    .where("corp_id", "=", c.corp_id)
    .where("external_userid", "=", c.external_userid)
    .$if(scope.kind === "member", (q) =>
      q.where((eb) =>
        eb.or([
          eb("userid", "is", null),
          eb("userid", "=", scope.kind === "member" ? (scope.userid ?? "") : ""),
        ]),
      ),
    )
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(100)
    .execute();
  const groups = await ctx.db
    .selectFrom("customer_group_members as gm")
    .innerJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "gm.corp_id").onRef("g.chat_id", "=", "gm.chat_id"),
    )
    .select(["g.chat_id", "g.name", "gm.join_time"])
    .where("gm.corp_id", "=", c.corp_id)
    .where("gm.member_id", "=", c.external_userid)
    .where("g.dismissed_at", "is", null)
    .execute();
  // Identity merge: same unionid first; without one, any shared phone.
  const same = c.unionid
    ? await ctx.db
        .selectFrom("customers")
        .select(["id", "external_userid", "name"])
        .where("corp_id", "=", c.corp_id)
        .where("unionid", "=", c.unionid)
        .where("id", "!=", c.id)
        .where((eb) => inScope(eb, scope))
        .limit(50)
        .execute()
    : [];
  const byPhone =
    c.phones.length > 0
      ? await ctx.db
          .selectFrom("customers")
          .select(["id", "external_userid", "name"])
          .where("corp_id", "=", c.corp_id)
          .where(sql<boolean>`phones && ${c.phones}::text[]`)
          .where("id", "!=", c.id)
          .where((eb) =>
            c.unionid ? eb.or([eb("unionid", "is", null), eb("unionid", "=", c.unionid)]) : eb.val(true),
          )
          .where((eb) => inScope(eb, scope))
          .limit(50)
          .execute()
      : [];
  const merged = new Map<
    string,
    { id: string; externalUserId: string; name: string; via: "unionid" | "phone" }
  >();
  for (const s of same)
    merged.set(s.id, { id: s.id, externalUserId: s.external_userid, name: s.name, via: "unionid" });
  for (const s of byPhone) {
    if (!merged.has(s.id))
      merged.set(s.id, { id: s.id, externalUserId: s.external_userid, name: s.name, via: "phone" });
  }
  return {
    ...summary(c),
    follows,
    position: c.position,
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
    person: { key: personKey(c), customers: [...merged.values()] },
    groups: groups.map((g) => ({ chatId: g.chat_id, name: g.name, joinedAt: iso(g.join_time) })),
    orders: await customerOrderSummary(ctx.db, c.corp_id, c.id),
    timeline: timeline.map((t) => ({
      kind: t.kind,
      userid: t.userid,
      detail: t.detail,
      occurredAt: new Date(t.occurred_at).toISOString(),
    })),
  };
}
