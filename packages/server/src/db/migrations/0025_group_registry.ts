// Group registry (G1), duplicate members (G2) and anti-harassment (G3): group admins, member joins and leaves
// (for per-day statistics), the corp's duplicate rules, owner removal tasks, anti-harassment rules, the events
// they logged with evidence, and the rejoin blacklist. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customer_groups add column admins text[] not null default '{}'`.execute(db);

  // One row per member joining or leaving a group, from callbacks or found by a re-read (source).
  await sql`
    create table group_member_events (
      id bigserial primary key,
      corp_id text not null references corps (corp_id),
      chat_id text not null,
      member_id text not null,
      member_type smallint not null,
      kind text not null check (kind in ('join', 'leave')),
      scene smallint,
      at timestamptz not null,
      source text not null check (source in ('callback', 'reread'))
    )`.execute(db);
  await sql`create index group_member_events_chat on group_member_events (corp_id, chat_id, at)`.execute(db);

  // Which membership of a duplicated customer stays: rules tried in order, the first that decides wins.
  await sql`
    create table group_duplicate_settings (
      corp_id text primary key references corps (corp_id),
      keep text[] not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // A member an owner must remove from a group (WeCom has no API for it): pending → confirmed by the owner →
  // done when the del_member callback shows it; dismissed by the owner; moot when the member left first.
  await sql`
    create table group_removal_tasks (
      id bigserial primary key,
      corp_id text not null references corps (corp_id),
      chat_id text not null,
      owner text,
      member_id text not null,
      reason text not null check (reason in ('duplicate', 'harassment')),
      status text not null check (status in ('pending', 'confirmed', 'done', 'dismissed', 'moot')),
      detail jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      confirmed_by text,
      closed_at timestamptz,
      quit_scene smallint
    )`.execute(db);
  await sql`create unique index group_removal_tasks_open on group_removal_tasks (corp_id, chat_id, member_id)
    where status in ('pending', 'confirmed')`.execute(db);
  await sql`create index group_removal_tasks_corp on group_removal_tasks (corp_id, status, id desc)`.execute(
    db,
  );

  // Anti-harassment rules, corp-wide (chat_ids empty) or for some groups.
  await sql`
    create table group_guard_rules (
      id bigserial primary key,
      corp_id text not null references corps (corp_id),
      name text not null,
      enabled boolean not null default true,
      chat_ids text[] not null default '{}',
      check_links boolean not null default true,
      allowed_domains text[] not null default '{}',
      allowed_mini_programs text[] not null default '{}',
      ad_keywords text[] not null default '{}',
      flood_count integer,
      flood_seconds integer,
      block_cards boolean not null default false,
      strikes integer not null default 2,
      strike_window_hours integer not null default 24,
      allowed_senders text[] not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index group_guard_rules_corp on group_guard_rules (corp_id)`.execute(db);

  // What a rule caught, with the evidence; action: strike (counted), removal (strikes reached: task +
  // blacklist), rejoin (a blacklisted customer came back through a group code).
  await sql`
    create table group_guard_events (
      id bigserial primary key,
      corp_id text not null references corps (corp_id),
      chat_id text not null,
      member_id text not null,
      rule_id bigint references group_guard_rules (id) on delete set null,
      kind text not null check (kind in ('link', 'mini_program', 'keyword', 'flood', 'card', 'rejoin')),
      action text not null check (action in ('strike', 'removal', 'rejoin')),
      evidence jsonb not null,
      removal_task_id bigint,
      at timestamptz not null
    )`.execute(db);
  await sql`create index group_guard_events_corp on group_guard_events (corp_id, id desc)`.execute(db);
  await sql`create index group_guard_events_member on group_guard_events (corp_id, member_id, at)`.execute(
    db,
  );

  await sql`
    create table group_blacklist (
      corp_id text not null references corps (corp_id),
      external_userid text not null,
      reason text not null,
      guard_event_id bigint,
      created_at timestamptz not null,
      primary key (corp_id, external_userid)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "group_blacklist",
    "group_guard_events",
    "group_guard_rules",
    "group_removal_tasks",
    "group_duplicate_settings",
    "group_member_events",
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await sql`alter table customer_groups drop column admins`.execute(db);
}
