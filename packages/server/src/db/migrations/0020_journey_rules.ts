// Journey rules (E3/E4): enrolment sources (live codes, a saved segment once or continuously), exit and branch
// rules, a per-line message cap, a log of each step planned or skipped (with the reason), staff tasks for
// customers who replied, and coupon-code pools whose codes go to one customer each. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("journeys")
    .addColumn("rules", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("cap", "jsonb")
    .addColumn("live_code_ids", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("segment_id", "bigint")
    .addColumn("segment_mode", "text")
    .addColumn("segment_polled_at", "timestamptz")
    .execute();
  await db.schema.alterTable("journey_enrollments").addColumn("moved_to", "bigint").execute();
  await db.schema
    .createTable("journey_step_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("journey_id", "bigint", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("enrollment_id", "bigint", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("step", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("journey_step_log_outcome", sql`outcome in ('planned', 'skipped')`)
    .execute();
  await sql`create index journey_step_log_journey on journey_step_log (corp_id, journey_id, at desc)`.execute(
    db,
  );
  await sql`create index journey_step_log_enrollment on journey_step_log (enrollment_id, at)`.execute(db);
  await db.schema
    .createTable("journey_tasks")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("journey_id", "bigint", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("enrollment_id", "bigint", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("done_at", "timestamptz")
    .addCheckConstraint("journey_tasks_status", sql`status in ('open', 'done')`)
    .addUniqueConstraint("journey_tasks_once", ["enrollment_id"])
    .execute();
  await sql`create index journey_tasks_corp on journey_tasks (corp_id, status, id desc)`.execute(db);
  await db.schema
    .createTable("coupon_pools")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("coupon_codes")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("pool_id", "bigint", (c) => c.notNull().references("coupon_pools.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("customer_id", "bigint")
    .addColumn("assigned_at", "timestamptz")
    .addPrimaryKeyConstraint("coupon_codes_pk", ["pool_id", "code"])
    .addUniqueConstraint("coupon_codes_customer", ["pool_id", "customer_id"])
    .execute();
  await sql`create index coupon_codes_free on coupon_codes (pool_id) where customer_id is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("coupon_codes").execute();
  await db.schema.dropTable("coupon_pools").execute();
  await db.schema.dropTable("journey_tasks").execute();
  await db.schema.dropTable("journey_step_log").execute();
  await db.schema.alterTable("journey_enrollments").dropColumn("moved_to").execute();
  await db.schema
    .alterTable("journeys")
    .dropColumn("rules")
    .dropColumn("cap")
    .dropColumn("live_code_ids")
    .dropColumn("segment_id")
    .dropColumn("segment_mode")
    .dropColumn("segment_polled_at")
    .execute();
}
