// Inheritance (S2, 离职继承 / 在职继承): a transfer job per handover member (departed or in service) with the
// counts it started from, one row per customer (its takeover member and WeCom transfer status, tracked to the
// end) and one per customer group (its new owner). A customer is in at most one open (planned or waiting)
// transfer per corp. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("inheritance_jobs")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("handover_userid", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("before", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("running"))
    .addColumn("next_poll_at", "timestamptz")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addCheckConstraint("inheritance_jobs_kind", sql`kind in ('resigned', 'onjob')`)
    .addCheckConstraint("inheritance_jobs_mode", sql`mode in ('rule', 'hand')`)
    .addCheckConstraint("inheritance_jobs_status", sql`status in ('running', 'done')`)
    .execute();
  await sql`create index inheritance_jobs_corp on inheritance_jobs (corp_id, created_at desc)`.execute(db);
  await sql`create index inheritance_jobs_poll on inheritance_jobs (next_poll_at)
    where next_poll_at is not null`.execute(db);

  await db.schema
    .createTable("inheritance_customers")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("job_id", "bigint", (c) => c.notNull().references("inheritance_jobs.id").onDelete("cascade"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("takeover_userid", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("planned"))
    .addColumn("errcode", "integer")
    .addColumn("reason", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("started_at", "timestamptz")
    .addColumn("takeover_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("moved_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint(
      "inheritance_customers_status",
      sql`status in ('planned', 'waiting', 'succeeded', 'refused', 'limit', 'failed')`,
    )
    .addUniqueConstraint("inheritance_customers_once", ["job_id", "external_userid"])
    .execute();
  await sql`create unique index inheritance_customers_open on inheritance_customers (corp_id, external_userid)
    where status in ('planned', 'waiting')`.execute(db);
  await sql`create index inheritance_customers_planned on inheritance_customers (job_id)
    where status = 'planned'`.execute(db);
  await sql`create index inheritance_customers_job on inheritance_customers (job_id, status)`.execute(db);

  await db.schema
    .createTable("inheritance_groups")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("job_id", "bigint", (c) => c.notNull().references("inheritance_jobs.id").onDelete("cascade"))
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("new_owner", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("planned"))
    .addColumn("errcode", "integer")
    .addColumn("reason", "text")
    .addColumn("finished_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("inheritance_groups_status", sql`status in ('planned', 'succeeded', 'failed')`)
    .addUniqueConstraint("inheritance_groups_once", ["job_id", "chat_id"])
    .execute();
  await sql`create unique index inheritance_groups_open on inheritance_groups (corp_id, chat_id)
    where status = 'planned'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("inheritance_groups").execute();
  await db.schema.dropTable("inheritance_customers").execute();
  await db.schema.dropTable("inheritance_jobs").execute();
}
