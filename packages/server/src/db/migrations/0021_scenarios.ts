// Scenario triggers (E4): imported customer coupons and subscriptions (unique per corp, source and id; unbound
// rows indexed for late binding), their import runs and rejected rows, scenarios and their firings (one per
// scenario, customer and trigger instance). Never edit once committed.
import { type Kysely, sql } from "kysely";

async function holdings(db: Kysely<unknown>, table: string, extra: (t: string) => Promise<void>) {
  await sql`create table ${sql.table(table)} (
    id bigserial primary key,
    corp_id text not null references corps (corp_id),
    source text not null,
    item_id text not null,
    customer_id bigint,
    external_userid text,
    unionid text,
    phone text,
    bound_by text,
    expires_at timestamptz not null,
    import_id bigint,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (corp_id, source, item_id)
  )`.execute(db);
  await extra(table);
  await sql`create index ${sql.id(`${table}_expiry`)} on ${sql.table(table)} (corp_id, expires_at)
    where customer_id is not null`.execute(db);
  await sql`create index ${sql.id(`${table}_unbound`)} on ${sql.table(table)} (corp_id, expires_at)
    where customer_id is null`.execute(db);
  await sql`create index ${sql.id(`${table}_customer`)} on ${sql.table(table)} (corp_id, customer_id)`.execute(
    db,
  );
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await holdings(db, "customer_coupons", async (t) => {
    await sql`alter table ${sql.table(t)} add column name text not null default '',
      add column value_cents bigint, add column issued_at timestamptz, add column used_at timestamptz`.execute(
      db,
    );
  });
  await holdings(db, "customer_subscriptions", async (t) => {
    await sql`alter table ${sql.table(t)} add column product text not null default '',
      add column starts_at timestamptz, add column renewal_price_cents bigint`.execute(db);
  });
  await sql`create table scenario_imports (
    id bigserial primary key,
    corp_id text not null references corps (corp_id),
    kind text not null check (kind in ('coupons', 'subscriptions')),
    source text not null,
    file_name text,
    status text not null default 'running',
    rows_total integer not null default 0,
    inserted integer not null default 0,
    updated integer not null default 0,
    unchanged integer not null default 0,
    bad_rows integer not null default 0,
    bound integer not null default 0,
    error text,
    created_by text,
    created_at timestamptz not null default now(),
    finished_at timestamptz
  )`.execute(db);
  await sql`create table scenario_import_errors (
    import_id bigint not null references scenario_imports (id) on delete cascade,
    corp_id text not null,
    row_number integer not null,
    code text not null,
    reason text not null,
    field text,
    value text
  )`.execute(db);
  await sql`create index scenario_import_errors_import on scenario_import_errors (import_id, row_number)`.execute(
    db,
  );
  await sql`create table scenarios (
    id bigserial primary key,
    corp_id text not null references corps (corp_id),
    name text not null,
    template text not null,
    params jsonb not null,
    segment_id bigint,
    journey_id bigint not null references journeys (id),
    status text not null default 'active' check (status in ('active', 'paused')),
    scanned_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index scenarios_corp on scenarios (corp_id, id)`.execute(db);
  await sql`create index scenarios_due on scenarios (scanned_at nulls first) where status = 'active'`.execute(
    db,
  );
  await sql`create table scenario_firings (
    id bigserial primary key,
    corp_id text not null,
    scenario_id bigint not null references scenarios (id) on delete cascade,
    customer_id bigint not null,
    external_userid text not null,
    instance text not null,
    reason text not null,
    enrolled boolean not null,
    fired_at timestamptz not null,
    unique (scenario_id, customer_id, instance)
  )`.execute(db);
  await sql`create index scenario_firings_list on scenario_firings (corp_id, scenario_id, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "scenario_firings",
    "scenarios",
    "scenario_import_errors",
    "scenario_imports",
    "customer_subscriptions",
    "customer_coupons",
  ])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
