// Outbound-call campaigns (A6, 外呼加微): per-corp planner settings (tiers, category cycles and call windows,
// incentives, scripts), campaigns with their planned calls (one per phone: bucket, tier, incentive, script,
// day, window, assigned member), the personal live code each assigned member gets per campaign, call
// attempts imported from a call centre (one per call key, so a second import changes nothing), and the import
// runs with their row-by-row issues. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table call_campaign_settings (
    corp_id text primary key references corps (corp_id),
    settings jsonb not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table call_campaigns (
    id bigserial primary key,
    corp_id text not null references corps (corp_id),
    name text not null,
    kind text not null check (kind in ('brand', 'platform')),
    brand_name text not null,
    bucket text not null,
    tiers text[] not null default '{}',
    categories text[] not null default '{}',
    start_day text not null,
    days integer not null,
    total integer not null,
    capacity jsonb not null,
    created_by text,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index call_campaigns_corp on call_campaigns (corp_id, id desc)`.execute(db);
  await sql`create table call_campaign_calls (
    id bigserial primary key,
    corp_id text not null,
    campaign_id bigint not null references call_campaigns (id) on delete cascade,
    rank integer not null,
    phone text not null,
    name text,
    unionid text,
    customer_id bigint,
    bucket text not null,
    tier text not null,
    category text not null,
    last_order_at timestamptz,
    usual_amount_cents bigint not null,
    total_cents bigint not null,
    incentive jsonb,
    script_key text not null,
    script jsonb not null,
    day text not null,
    call_window text not null,
    planned_at timestamptz not null,
    redial_at timestamptz not null,
    userid text not null,
    attempts integer not null default 0,
    outcome text,
    outcome_at timestamptz,
    next_redial_at timestamptz,
    sms_kind text,
    sms_outbox_id bigint,
    unique (campaign_id, phone)
  )`.execute(db);
  await sql`create index call_campaign_calls_corp on call_campaign_calls (corp_id, campaign_id, rank)`.execute(
    db,
  );
  await sql`create table call_campaign_codes (
    corp_id text not null,
    campaign_id bigint not null references call_campaigns (id) on delete cascade,
    userid text not null,
    live_code_id bigint not null,
    primary key (campaign_id, userid)
  )`.execute(db);
  await sql`create table call_result_imports (
    id bigserial primary key,
    corp_id text not null,
    campaign_id bigint not null references call_campaigns (id) on delete cascade,
    file_name text,
    format text,
    encoding text,
    status text not null check (status in ('applied', 'rejected')),
    rows_total integer not null default 0,
    applied integer not null default 0,
    unchanged integer not null default 0,
    skipped integer not null default 0,
    errors integer not null default 0,
    sms_planned integer not null default 0,
    created_by text,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table call_result_import_issues (
    import_id bigint not null references call_result_imports (id) on delete cascade,
    corp_id text not null,
    row_number integer not null,
    severity text not null check (severity in ('error', 'skipped')),
    code text not null,
    message text not null,
    value text
  )`.execute(db);
  await sql`create index call_result_import_issues_import on call_result_import_issues (import_id, row_number)`.execute(
    db,
  );
  await sql`create table call_attempts (
    id bigserial primary key,
    corp_id text not null,
    campaign_id bigint not null references call_campaigns (id) on delete cascade,
    call_id bigint not null references call_campaign_calls (id) on delete cascade,
    call_key text not null,
    outcome text not null,
    started_at timestamptz,
    connected_at timestamptz,
    ended_at timestamptz,
    duration_s integer,
    agent text,
    note text,
    import_id bigint,
    created_at timestamptz not null default now(),
    unique (campaign_id, call_key)
  )`.execute(db);
  await sql`create index call_attempts_call on call_attempts (call_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "call_attempts",
    "call_result_import_issues",
    "call_result_imports",
    "call_campaign_codes",
    "call_campaign_calls",
    "call_campaigns",
    "call_campaign_settings",
  ])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
