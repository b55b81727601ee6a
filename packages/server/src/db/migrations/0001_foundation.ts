// Foundation: corps (tenants), the callback inbox, console users, sessions and API tokens,
// and the follow relations + timeline that contact events update. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("corps")
    .addColumn("corp_id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("api_base", "text", (c) => c.notNull())
    .addColumn("agent_id", "text")
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("token_enc", "text", (c) => c.notNull())
    .addColumn("aes_key_enc", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("inbox_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_error", "text")
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("processed_at", "timestamptz")
    .addUniqueConstraint("inbox_events_corp_key", ["corp_id", "event_key"])
    .addCheckConstraint("inbox_events_status", sql`status in ('pending', 'done', 'dead')`)
    .execute();
  await sql`create index inbox_events_due on inbox_events (next_attempt_at, id) where status = 'pending'`.execute(
    db,
  );
  await sql`create index inbox_events_dead on inbox_events (corp_id, id) where status = 'dead'`.execute(db);

  await db.schema
    .createTable("users")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("follow_relations")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("state", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("added_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("follow_relations_pk", ["corp_id", "external_userid", "userid"])
    .execute();

  await db.schema
    .createTable("contact_timeline")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("inbox_event_id", "bigint")
    .execute();
  await sql`create index contact_timeline_customer on contact_timeline (corp_id, external_userid, occurred_at desc)`.execute(
    db,
  );
  await sql`create unique index contact_timeline_inbox on contact_timeline (inbox_event_id) where inbox_event_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "contact_timeline",
    "follow_relations",
    "api_tokens",
    "sessions",
    "users",
    "inbox_events",
    "corps",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
