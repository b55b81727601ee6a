// SQL for imported coupons and subscriptions: upsert by (corp, source, id) changing only what differs, binding to
// customers (external_userid, then unionid, then phone — the customer's phones and the members' remark mobiles, as
// orders bind), and rejected import rows.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { type HoldingBadRow, type HoldingRecord, KINDS } from "./holdings.rows.ts";
import type { HoldingKind } from "./scenarios.tables.ts";

export interface Upserted {
  id: string;
  inserted: boolean;
  customer_id: string | null;
}

/** Inserts new rows, updates changed ones, leaves repeats alone; returns the rows inserted or updated. */
export async function upsertHoldings(
  db: Db,
  corpId: string,
  kind: HoldingKind,
  source: string,
  records: HoldingRecord[],
  importId: string | null,
  at: Date,
): Promise<Upserted[]> {
  if (records.length === 0) return [];
  const { table, fields } = KINDS[kind];
  const cols = fields.map((f) => f.column);
  const all = ["corp_id", "source", ...cols, "import_id", "created_at", "updated_at"];
  const rows = records.map(
    (r) => sql`(${sql.join([corpId, source, ...cols.map((c) => r[c] ?? null), importId, at, at])})`,
  );
  const changed = cols.filter((c) => c !== "item_id");
  const t = sql.table(table);
  // A row whose holder keys changed is bound again.
  const whoChanged = sql`(${sql.join(["external_userid", "unionid", "phone"].map((c) => sql`${t}.${sql.id(c)}`))})
    is distinct from (excluded.external_userid, excluded.unionid, excluded.phone)`;
  const { rows: out } = await sql<Upserted>`
    insert into ${t} (${sql.join(all.map((c) => sql.id(c)))})
    values ${sql.join(rows)}
    on conflict (corp_id, source, item_id) do update set
      ${sql.join(changed.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))},
      import_id = excluded.import_id, updated_at = excluded.updated_at,
      customer_id = case when ${whoChanged} then null else ${t}.customer_id end,
      bound_by = case when ${whoChanged} then null else ${t}.bound_by end
    where (${sql.join(changed.map((c) => sql`${t}.${sql.id(c)}`))})
      is distinct from (${sql.join(changed.map((c) => sql`excluded.${sql.id(c)}`))})
    returning id::text, (xmax = 0) as inserted, customer_id::text`.execute(db);
  return out;
}

/**
 * Binds unbound rows to customers: the given ids, or (late binding, `ids` undefined) the corp's unbound rows
 * expiring after `since`, at most `limit`. Returns how many were bound.
 */
export async function bindHoldings(
  db: Db,
  corpId: string,
  kind: HoldingKind,
  at: Date,
  scope: { ids: string[] } | { since: Date; limit: number },
): Promise<number> {
  const t = sql.table(KINDS[kind].table);
  const which =
    "ids" in scope
      ? sql`id = any(${scope.ids}::bigint[])`
      : sql`id in (select id from ${t} where corp_id = ${corpId} and customer_id is null and expires_at > ${scope.since}
          order by expires_at limit ${scope.limit})`;
  if ("ids" in scope && scope.ids.length === 0) return 0;
  const r = await sql`with h as (
      select id, external_userid, unionid, phone from ${t}
      where corp_id = ${corpId} and customer_id is null and ${which}
    ), m as (
      select h.id,
        (select c.id from customers c where h.external_userid is not null and c.corp_id = ${corpId}
          and c.external_userid = h.external_userid) as by_ext,
        (select c.id from customers c where h.unionid is not null and c.corp_id = ${corpId} and c.unionid = h.unionid
          order by c.id limit 1) as by_unionid,
        (select min(x.id) from (
            select c.id from customers c
              where h.phone is not null and c.corp_id = ${corpId} and c.phones @> array[h.phone]
            union all
            select c.id from follow_relations f
              join customers c on c.corp_id = f.corp_id and c.external_userid = f.external_userid
              where h.phone is not null and f.corp_id = ${corpId} and f.remark_mobiles @> array[h.phone]
          ) x) as by_phone
      from h
    )
    update ${t} set customer_id = coalesce(m.by_ext, m.by_unionid, m.by_phone),
      bound_by = case when m.by_ext is not null then 'external_userid'
        when m.by_unionid is not null then 'unionid' else 'phone' end,
      updated_at = ${at}
    from m
    where ${t}.id = m.id and ${t}.customer_id is null
      and coalesce(m.by_ext, m.by_unionid, m.by_phone) is not null`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertBadRows(db: Db, corpId: string, importId: string, rows: HoldingBadRow[]) {
  if (rows.length === 0) return;
  await db
    .insertInto("scenario_import_errors")
    .values(
      rows.map((r) => ({
        import_id: importId,
        corp_id: corpId,
        row_number: r.row,
        code: r.code,
        reason: r.reason,
        field: r.field,
        value: r.value,
      })),
    )
    .execute();
}
