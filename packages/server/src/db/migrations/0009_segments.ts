// The segment engine's change log: every committed change to what segments read (customers, follow relations and
// their tags, stages, stores, orders, activity participations) leaves a (corp, customer) row in `segment_changes`,
// written by statement-level triggers, with a NOTIFY for low latency. Every Siyu process follows the log and re-reads
// the customers named. Rows carry their transaction id (xid8) so a reader knows which ones are final (see
// segments/engine/change-log.ts). Tables of other domains that do not exist yet are skipped. Never edit once committed.
import { type Kysely, sql } from "kysely";

interface Source {
  table: string;
  /** Columns whose change matters to segments (compared old vs new on UPDATE). */
  cols: string[];
  /** SELECT corp_id, customer_id from the row set `r` (columns `cols`). */
  customers: string;
  /** Only UPDATEs matter (inserts and deletes reach segments through other tables). */
  updateOnly?: boolean;
}

const byExternalUserid =
  "select c.corp_id, c.id as customer_id from r join customers c on c.corp_id = r.corp_id and c.external_userid = r.external_userid";
const byCustomerId = "select r.corp_id, r.customer_id from r where r.customer_id is not null";

const SOURCES: Source[] = [
  {
    table: "customers",
    cols: ["id", "corp_id", "external_userid"],
    customers: "select r.corp_id, r.id from r",
  },
  {
    table: "follow_relations",
    cols: ["corp_id", "external_userid", "userid", "state", "status", "added_at"],
    customers: byExternalUserid,
  },
  {
    table: "follow_tags",
    cols: ["corp_id", "external_userid", "userid", "tag_id"],
    customers: byExternalUserid,
  },
  { table: "customer_stages", cols: ["corp_id", "customer_id", "stage_id"], customers: byCustomerId },
  { table: "customer_stores", cols: ["corp_id", "customer_id", "store_id"], customers: byCustomerId },
  {
    table: "orders",
    cols: ["corp_id", "customer_id", "status", "amount_cents", "categories", "ordered_at"],
    customers: byCustomerId,
  },
  { table: "activity_participations", cols: ["corp_id", "customer_id", "activity"], customers: byCustomerId },
  {
    table: "stores",
    cols: ["id", "corp_id", "city"],
    customers:
      "select cs.corp_id, cs.customer_id from r join customer_stores cs on cs.corp_id = r.corp_id and cs.store_id = r.id",
    updateOnly: true,
  },
  {
    table: "stages",
    cols: ["id", "corp_id", "key"],
    customers:
      "select cs.corp_id, cs.customer_id from r join customer_stages cs on cs.corp_id = r.corp_id and cs.stage_id = r.id",
    updateOnly: true,
  },
];

function functionBody(s: Source): string {
  const cols = s.cols.join(", ");
  const log = (rows: string) => `
    insert into segment_changes (corp_id, customer_id)
      select distinct x.corp_id, x.customer_id from (with r as (${rows}) ${s.customers}) as x(corp_id, customer_id);
    get diagnostics n = row_count;`;
  return `
declare
  n bigint := 0;
begin
  if tg_op = 'INSERT' then ${log(`select ${cols} from new_rows`)}
  elsif tg_op = 'DELETE' then ${log(`select ${cols} from old_rows`)}
  else ${log(`(select ${cols} from new_rows except select ${cols} from old_rows)
      union (select ${cols} from old_rows except select ${cols} from new_rows)`)}
  end if;
  if n > 0 then
    perform pg_notify('segment_changes', '');
  end if;
  return null;
end`;
}

async function tableExists(db: Kysely<unknown>, table: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
  return r.rows[0]?.t != null;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table segment_changes (
    seq bigserial primary key,
    corp_id text not null,
    customer_id bigint not null,
    xid xid8 not null default pg_current_xact_id(),
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index segment_changes_xid on segment_changes (xid)`.execute(db);
  await sql`create index segment_changes_created on segment_changes (created_at)`.execute(db);

  for (const s of SOURCES) {
    if (!(await tableExists(db, s.table))) continue;
    const fn = `segment_changes_${s.table}`;
    await sql
      .raw(`create function ${fn}() returns trigger language plpgsql as $fn$${functionBody(s)}$fn$`)
      .execute(db);
    if (!s.updateOnly) {
      await sql
        .raw(`create trigger ${fn}_ins after insert on ${s.table} referencing new table as new_rows
          for each statement execute function ${fn}()`)
        .execute(db);
      await sql
        .raw(`create trigger ${fn}_del after delete on ${s.table} referencing old table as old_rows
          for each statement execute function ${fn}()`)
        .execute(db);
    }
    await sql
      .raw(`create trigger ${fn}_upd after update on ${s.table} referencing old table as old_rows new table as new_rows
        for each statement execute function ${fn}()`)
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of SOURCES) {
    const fn = `segment_changes_${s.table}`;
    if (await tableExists(db, s.table)) {
      for (const suffix of ["ins", "del", "upd"]) {
        await sql.raw(`drop trigger if exists ${fn}_${suffix} on ${s.table}`).execute(db);
      }
    }
    await sql.raw(`drop function if exists ${fn}()`).execute(db);
  }
  await sql`drop table segment_changes`.execute(db);
}
