// Mass sends (群发): the send, its WeCom tasks (one add_msg_template call each, per sender and time) and one row per
// recipient with its status and reason. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("mass_sends")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("target", "jsonb", (c) => c.notNull())
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("scheduled_at", "timestamptz")
    .addColumn("on_quota", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("paused_reason", "text")
    .addColumn("report", "jsonb")
    .addColumn("results_at", "timestamptz")
    .addColumn("next_poll_at", "timestamptz")
    .addColumn("created_by", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint(
      "mass_sends_status",
      sql`status in ('scheduled', 'sending', 'sent', 'cancelled', 'paused', 'failed')`,
    )
    .execute();
  await sql`create index mass_sends_corp on mass_sends (corp_id, id desc)`.execute(db);
  await sql`create index mass_sends_poll on mass_sends (next_poll_at) where next_poll_at is not null`.execute(
    db,
  );

  await db.schema
    .createTable("mass_send_tasks")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("mass_send_id", "bigint", (c) => c.notNull().references("mass_sends.id").onDelete("cascade"))
    .addColumn("sender", "text", (c) => c.notNull())
    .addColumn("chat_type", "text", (c) => c.notNull())
    .addColumn("not_before", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("recipients", "integer", (c) => c.notNull())
    .addColumn("sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("attempt_at", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("body_hash", "text")
    .addColumn("msgid", "text")
    .addColumn("error", "text")
    .addColumn("reminds", sql`timestamptz[]`, (c) => c.notNull().defaultTo(sql`'{}'::timestamptz[]`))
    .addCheckConstraint(
      "mass_send_tasks_status",
      sql`status in ('planned', 'submitting', 'submitted', 'confirmed', 'failed', 'cancelled')`,
    )
    .execute();
  await sql`create index mass_send_tasks_send on mass_send_tasks (mass_send_id, id)`.execute(db);
  await sql`create index mass_send_tasks_due on mass_send_tasks (not_before) where status in ('planned', 'submitting')`.execute(
    db,
  );
  await sql`create unique index mass_send_tasks_msgid on mass_send_tasks (corp_id, msgid) where msgid is not null`.execute(
    db,
  );

  await db.schema
    .createTable("mass_send_recipients")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("mass_send_id", "bigint", (c) => c.notNull().references("mass_sends.id").onDelete("cascade"))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("task_id", "bigint")
    .addColumn("sender", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("sent_at", "timestamptz")
    .addPrimaryKeyConstraint("mass_send_recipients_pk", ["mass_send_id", "recipient"])
    .execute();
  await sql`create index mass_send_recipients_task on mass_send_recipients (task_id) where task_id is not null`.execute(
    db,
  );
  await sql`create index mass_send_recipients_status on mass_send_recipients (mass_send_id, status, recipient)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("mass_send_recipients").execute();
  await db.schema.dropTable("mass_send_tasks").execute();
  await db.schema.dropTable("mass_sends").execute();
}
