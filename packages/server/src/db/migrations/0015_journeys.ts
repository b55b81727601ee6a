// Journeys ("T+" message lines, E3): lines with immutable step versions and one row per enrolled customer holding
// the next step's due time, scanned by the journey scheduler. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("journeys")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("exit_on_order", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("journeys_status", sql`status in ('active', 'paused')`)
    .execute();
  await db.schema
    .createTable("journey_versions")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("journey_id", "bigint", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("steps", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("journey_versions_pk", ["journey_id", "version"])
    .execute();
  await db.schema
    .createTable("journey_enrollments")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("journey_id", "bigint", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("enrolled_at", "timestamptz", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("step", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_due_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("exit_reason", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("journey_enrollments_status", sql`status in ('active', 'done', 'exited')`)
    .addUniqueConstraint("journey_enrollments_once", ["corp_id", "journey_id", "customer_id"])
    .execute();
  await sql`create index journey_enrollments_due on journey_enrollments (next_due_at)
    where status = 'active'`.execute(db);
  await sql`create index journey_enrollments_customer on journey_enrollments (corp_id, customer_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("journey_enrollments").execute();
  await db.schema.dropTable("journey_versions").execute();
  await db.schema.dropTable("journeys").execute();
}
