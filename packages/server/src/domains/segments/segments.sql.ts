// The SQL oracle: the segment AST evaluated directly in PostgreSQL, term by term as segments.ast.ts defines it. It is
// the reference the property test compares the bitmap engine with, and the bench's baseline. Each term is the set of
// the corp's customer ids it holds for; AND, OR and NOT are INTERSECT, UNION and EXCEPT (from all the corp's
// customers), so PostgreSQL evaluates each term once as a join or aggregate rather than once per customer.
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { Comparison, SegmentExpr, SegmentTerm } from "./segments.ast.ts";
import { instantMicros, lastOrderThresholdMicros } from "./segments.time.ts";

type Q = RawBuilder<unknown>;

const ACTIVE = sql`fr.status in ('active', 'pending')`;

/** Microseconds since the epoch as a timestamptz, exactly (no float rounding). */
function tsFromMicros(us: number): Q {
  return sql`(timestamptz 'epoch' + ${String(us)}::bigint * interval '1 microsecond')`;
}

function cmpSql(cmp: Comparison): Q {
  const ops: Record<Comparison, string> = { "<": "<", "<=": "<=", "=": "=", ">=": ">=", ">": ">" };
  return sql.raw(ops[cmp]);
}

/** Ids of the corp's customers with an active relation satisfying `cond` (on `fr`). */
function byRelation(corpId: string, cond: Q): Q {
  return sql`select c.id from customers c
    join follow_relations fr on fr.corp_id = c.corp_id and fr.external_userid = c.external_userid
    where c.corp_id = ${corpId} and ${ACTIVE} and ${cond}`;
}

function byTags(corpId: string, tagIds: string[]): Q {
  return sql`select c.id from customers c
    join follow_relations fr on fr.corp_id = c.corp_id and fr.external_userid = c.external_userid
    join follow_tags ft on ft.corp_id = fr.corp_id and ft.external_userid = fr.external_userid
      and ft.userid = fr.userid
    where c.corp_id = ${corpId} and ${ACTIVE} and ft.tag_id = any(${tagIds}::text[])`;
}

/** Ids of the corp's customers with a row in `table` (aliased `t`, keyed by customer_id) satisfying `cond`. */
function byCustomerRow(corpId: string, table: Q, cond: Q): Q {
  return sql`select c.id from customers c join ${table} on t.corp_id = c.corp_id and t.customer_id = c.id
    where c.corp_id = ${corpId} and ${cond}`;
}

function allCustomers(corpId: string): Q {
  return sql`select c.id from customers c where c.corp_id = ${corpId}`;
}

const NOBODY = sql`select null::bigint as id where false`;

function paidOrderTotals(corpId: string, cond: Q): Q {
  return sql`select c.id from customers c
    left join (select o.customer_id, count(*) as n, sum(o.amount_cents) as spent from orders o
      where o.corp_id = ${corpId} and o.status = 'paid' and o.customer_id is not null group by o.customer_id) t
      on t.customer_id = c.id
    where c.corp_id = ${corpId} and ${cond}`;
}

function termSet(corpId: string, t: SegmentTerm, nowMicros: number): Q {
  switch (t.term) {
    case "tag":
      if (t.match === "any") return t.tagIds.length === 0 ? NOBODY : byTags(corpId, t.tagIds);
      if (t.tagIds.length === 0) return allCustomers(corpId);
      return sql.join(
        t.tagIds.map((id) => sql`(${byTags(corpId, [id])})`),
        sql` intersect `,
      );
    case "stage":
      return byCustomerRow(
        corpId,
        sql`customer_stages t join stages s on s.id = t.stage_id`,
        sql`s.corp_id = c.corp_id and s.key = any(${t.stages}::text[])`,
      );
    case "channel":
      return byRelation(corpId, sql`fr.state = any(${t.states}::text[])`);
    case "staff":
      return byRelation(corpId, sql`fr.userid = any(${t.userids}::text[])`);
    case "store":
      return byCustomerRow(
        corpId,
        sql`customer_stores t`,
        sql`t.store_id::text = any(${t.storeIds}::text[])`,
      );
    case "city":
      return byCustomerRow(
        corpId,
        sql`customer_stores t join stores st on st.id = t.store_id`,
        sql`st.city = any(${t.cities}::text[])`,
      );
    case "added": {
      const conds: Q[] = [sql`a.first is not null`];
      if (t.from !== undefined) conds.push(sql`a.first >= ${tsFromMicros(instantMicros(t.from))}`);
      if (t.to !== undefined) conds.push(sql`a.first < ${tsFromMicros(instantMicros(t.to))}`);
      return sql`select c.id from customers c
        join (select fr.external_userid, min(fr.added_at) as first from follow_relations fr
          where fr.corp_id = ${corpId} and ${ACTIVE} group by fr.external_userid) a
          on a.external_userid = c.external_userid
        where c.corp_id = ${corpId} and ${sql.join(conds, sql` and `)}`;
    }
    case "lastOrder":
      return byCustomerRow(
        corpId,
        sql`orders t`,
        sql`t.status = 'paid' and t.ordered_at >= ${tsFromMicros(lastOrderThresholdMicros(nowMicros, t.days))}`,
      );
    case "orderCount":
      return paidOrderTotals(corpId, sql`coalesce(t.n, 0) ${cmpSql(t.cmp)} ${String(t.value)}::numeric`);
    case "totalSpent":
      return paidOrderTotals(
        corpId,
        sql`coalesce(t.spent, 0) ${cmpSql(t.cmp)} ${String(t.valueCents)}::numeric`,
      );
    case "category":
      return byCustomerRow(
        corpId,
        sql`orders t`,
        sql`t.status = 'paid' and t.categories && ${t.categories}::text[]`,
      );
    case "activity":
      return byCustomerRow(
        corpId,
        sql`activity_participations t`,
        sql`t.activity = any(${t.activities}::text[])`,
      );
  }
}

/** The expression as a query returning the matching customer ids (column `id`, each once for set operations). */
export function segmentSet(corpId: string, expr: SegmentExpr, now: Date): Q {
  const nowMicros = now.getTime() * 1000;
  const walk = (e: SegmentExpr): Q => {
    if ("op" in e) {
      if (e.op === "not") return sql`(${allCustomers(corpId)}) except (${walk(e.arg)})`;
      if (e.args.length === 0) return e.op === "and" ? allCustomers(corpId) : NOBODY;
      return sql.join(
        e.args.map((a) => sql`(${walk(a)})`),
        sql.raw(e.op === "and" ? " intersect " : " union "),
      );
    }
    return termSet(corpId, e, nowMicros);
  };
  // A lone term may list a customer twice (e.g. a tag on two relations); set operations already return each once.
  return "op" in expr ? walk(expr) : sql`select distinct t.id from (${walk(expr)}) t`;
}

/** How many of the corp's customers match. */
export async function countSql(db: Db, corpId: string, expr: SegmentExpr, now: Date): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from (${segmentSet(corpId, expr, now)}) s`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Every matching customer id (strings of customers.id), ascending. */
export async function membersSql(db: Db, corpId: string, expr: SegmentExpr, now: Date): Promise<string[]> {
  const r = await sql<{
    id: string;
  }>`select s.id from (${segmentSet(corpId, expr, now)}) s order by s.id`.execute(db);
  return r.rows.map((row) => row.id);
}
