// Account health (A7) and bulk adds (A5): each staff account's age and verification (restrictions stay in the
// send gate's sender_restrictions), the per-corp add-rate guard settings, and bulk-add phone lists, their leads
// (one per phone and corp) and the daily add tasks leads become. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("account_profiles")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("created_on", "text")
    .addColumn("corp_verified", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("personal_verified", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("account_profiles_pk", ["corp_id", "userid"])
    .execute();

  await db.schema
    .createTable("add_rate_settings")
    .addColumn("corp_id", "text", (c) => c.primaryKey().references("corps.corp_id"))
    .addColumn("settings", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("bulk_add_lists")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("rows", "integer", (c) => c.notNull())
    .addColumn("added", "integer", (c) => c.notNull())
    .addColumn("duplicates", "integer", (c) => c.notNull())
    .addColumn("already_friends", "integer", (c) => c.notNull())
    .addColumn("already_listed", "integer", (c) => c.notNull())
    .addColumn("bad_rows", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create index bulk_add_lists_corp on bulk_add_lists (corp_id, id)`.execute(db);

  await db.schema
    .createTable("bulk_add_leads")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("list_id", "bigint", (c) => c.notNull().references("bulk_add_lists.id"))
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("waiting"))
    .addColumn("tried", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("external_userid", "text")
    .addColumn("accepted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint(
      "bulk_add_leads_status",
      sql`status in ('waiting', 'assigned', 'accepted', 'gave_up')`,
    )
    .execute();
  await sql`create unique index bulk_add_leads_phone on bulk_add_leads (corp_id, phone)`.execute(db);
  await sql`create index bulk_add_leads_waiting on bulk_add_leads (corp_id, id) where status = 'waiting'`.execute(
    db,
  );

  await db.schema
    .createTable("bulk_add_tasks")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("lead_id", "bigint", (c) => c.notNull().references("bulk_add_leads.id"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("assigned"))
    .addColumn("assigned_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .addColumn("accepted_at", "timestamptz")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("closed_at", "timestamptz")
    .addCheckConstraint("bulk_add_tasks_status", sql`status in ('assigned', 'sent', 'accepted', 'expired')`)
    .execute();
  await sql`create index bulk_add_tasks_member_day on bulk_add_tasks (corp_id, userid, day)`.execute(db);
  await sql`create index bulk_add_tasks_open on bulk_add_tasks (corp_id, expires_at) where status in ('assigned', 'sent')`.execute(
    db,
  );
  await sql`create index bulk_add_tasks_lead on bulk_add_tasks (lead_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "bulk_add_tasks",
    "bulk_add_leads",
    "bulk_add_lists",
    "add_rate_settings",
    "account_profiles",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
