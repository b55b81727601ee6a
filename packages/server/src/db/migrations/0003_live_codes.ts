// Channel live codes (渠道活码) with their staff pools and per-add records, welcome messages, and the first
// outbox + send-gate decision log. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("live_codes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("config_id", "text")
    .addColumn("qr_code", "text")
    .addColumn("strategy", "text", (c) => c.notNull())
    .addColumn("daily_cap", "integer")
    .addColumn("tag_ids", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("skip_verify", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("store_name", "text")
    .addColumn("remark", "text")
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("tz_offset_minutes", "integer", (c) => c.notNull().defaultTo(480))
    .addColumn("offered_users", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("sync_needed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("next_check_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("synced_at", "timestamptz")
    .addColumn("last_sync_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("live_codes_corp_state", ["corp_id", "state"])
    .addCheckConstraint("live_codes_strategy", sql`strategy in ('rotation', 'least_load', 'weighted')`)
    .execute();
  await sql`create index live_codes_due on live_codes (next_check_at) where enabled`.execute(db);

  await db.schema
    .createTable("live_code_staff")
    .addColumn("live_code_id", "bigint", (c) => c.notNull().references("live_codes.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("weight", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("daily_cap", "integer")
    .addColumn("schedule", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint("live_code_staff_pk", ["live_code_id", "userid"])
    .addCheckConstraint("live_code_staff_role", sql`role in ('primary', 'backup')`)
    .execute();

  await db.schema
    .createTable("live_code_adds")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("live_code_id", "bigint", (c) => c.notNull().references("live_codes.id").onDelete("cascade"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("added_at", "timestamptz", (c) => c.notNull())
    .addColumn("deleted_at", "timestamptz")
    .addColumn("deleted_day", "date")
    .addColumn("inbox_event_id", "bigint")
    .execute();
  await sql`create index live_code_adds_code_day on live_code_adds (corp_id, live_code_id, day)`.execute(db);
  await sql`create index live_code_adds_deleted on live_code_adds (corp_id, live_code_id, deleted_day) where deleted_day is not null`.execute(
    db,
  );
  await sql`create index live_code_adds_pair on live_code_adds (corp_id, external_userid, userid)`.execute(
    db,
  );
  await sql`create unique index live_code_adds_inbox on live_code_adds (inbox_event_id) where inbox_event_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable("welcome_messages")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("live_code_id", "bigint", (c) => c.references("live_codes.id").onDelete("cascade"))
    .addColumn("userid", "text")
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("welcome_messages_scope", sql`scope in ('code', 'staff', 'default')`)
    .execute();
  await sql`create unique index welcome_messages_target on welcome_messages (corp_id, scope, coalesce(live_code_id, 0), coalesce(userid, ''))`.execute(
    db,
  );

  await db.schema
    .createTable("outbox")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("planner", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("sender", "text")
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("not_before", "timestamptz", (c) => c.notNull())
    .addColumn("not_after", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addUniqueConstraint("outbox_corp_key", ["corp_id", "idempotency_key"])
    .addCheckConstraint(
      "outbox_status",
      sql`status in ('pending', 'sending', 'sent', 'dropped', 'failed', 'unknown')`,
    )
    .execute();
  await sql`create index outbox_due on outbox (not_before, id) where status = 'pending'`.execute(db);
  await sql`create index outbox_sending on outbox (updated_at) where status = 'sending'`.execute(db);
  await sql`create index outbox_corp on outbox (corp_id, id desc)`.execute(db);

  await db.schema
    .createTable("send_decisions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("outbox_id", "bigint", (c) => c.references("outbox.id").onDelete("cascade"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("rule", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("defer_until", "timestamptz")
    .addColumn("decided_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("send_decisions_action", sql`action in ('send', 'defer', 'drop')`)
    .execute();
  await sql`create index send_decisions_outbox on send_decisions (outbox_id)`.execute(db);
  await sql`create index send_decisions_corp on send_decisions (corp_id, decided_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "send_decisions",
    "outbox",
    "welcome_messages",
    "live_code_adds",
    "live_code_staff",
    "live_codes",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
