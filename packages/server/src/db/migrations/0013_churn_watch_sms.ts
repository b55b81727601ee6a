// Complaint and churn watch (deletions and blocks attributed to the campaigns and automations that touched the
// customer, paused planners) and the SMS channel (what the log adapter "sent"). Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("churn_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("inbox_event_id", "bigint")
    .addCheckConstraint("churn_events_kind", sql`kind in ('customer_deleted', 'member_deleted')`)
    .execute();
  await sql`create index churn_events_time on churn_events (corp_id, occurred_at)`.execute(db);
  await sql`create unique index churn_events_inbox on churn_events (inbox_event_id)`.execute(db);

  await db.schema
    .createTable("churn_watch_settings")
    .addColumn("corp_id", "text", (c) => c.primaryKey().references("corps.corp_id"))
    .addColumn("settings", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("paused_planners")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("planner", "text", (c) => c.notNull())
    .addColumn("paused_at", "timestamptz", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("figures", "jsonb", (c) => c.notNull())
    .addColumn("resumed_at", "timestamptz")
    .addColumn("resumed_by", "text")
    .execute();
  await sql`create unique index paused_planners_current on paused_planners (corp_id, planner) where resumed_at is null`.execute(
    db,
  );

  await sql`create index recipient_touches_planner on recipient_touches (corp_id, planner, touched_at)`.execute(
    db,
  );

  await db.schema
    .createTable("sms_messages")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("outbox_id", "bigint")
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("sign", "text")
    .addColumn("adapter", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create index sms_messages_corp on sms_messages (corp_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sms_messages").execute();
  await sql`drop index recipient_touches_planner`.execute(db);
  await db.schema.dropTable("paused_planners").execute();
  await db.schema.dropTable("churn_watch_settings").execute();
  await db.schema.dropTable("churn_events").execute();
}
