// The send gate's per-corp rules: settings, sensitive words, opt-outs, sender restrictions, customers' active
// windows, and the touches (messages decided "send") that quotas and caps count. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("send_gate_settings")
    .addColumn("corp_id", "text", (c) => c.primaryKey().references("corps.corp_id"))
    .addColumn("settings", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sensitive_words")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("word", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull().defaultTo("other"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("sensitive_words_pk", ["corp_id", "word"])
    .execute();

  await db.schema
    .createTable("opt_outs")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("opted_out_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("opt_outs_pk", ["corp_id", "external_userid"])
    .execute();

  await db.schema
    .createTable("sender_restrictions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("since", "timestamptz", (c) => c.notNull())
    .addColumn("until", "timestamptz")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("lifted_at", "timestamptz")
    .addCheckConstraint(
      "sender_restrictions_state",
      sql`state in ('limited', 'member_banned', 'corp_banned')`,
    )
    .execute();
  await sql`create index sender_restrictions_member on sender_restrictions (corp_id, userid) where lifted_at is null`.execute(
    db,
  );

  await db.schema
    .createTable("customer_send_windows")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("start_minute", "integer", (c) => c.notNull())
    .addColumn("end_minute", "integer", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("customer_send_windows_pk", ["corp_id", "external_userid"])
    .execute();

  await db.schema
    .createTable("recipient_touches")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("outbox_id", "bigint", (c) => c.references("outbox.id").onDelete("cascade"))
    .addColumn("planner", "text", (c) => c.notNull())
    .addColumn("touched_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create index recipient_touches_recipient on recipient_touches (corp_id, recipient, touched_at)`.execute(
    db,
  );
  await sql`create unique index recipient_touches_outbox on recipient_touches (outbox_id)`.execute(db);

  // What the channel learned when sending (e.g. the mass message's msgid, for pulling results later).
  await db.schema.alterTable("outbox").addColumn("result", "jsonb").execute();

  await db.schema
    .alterTable("send_decisions")
    .addColumn("recipient", "text")
    .addColumn("sender", "text")
    .addColumn("planner", "text")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("result").execute();
  // What the channel learned when sending (e.g. the mass message's msgid, for pulling results later).
  await db.schema.alterTable("outbox").addColumn("result", "jsonb").execute();

  await db.schema
    .alterTable("send_decisions")
    .dropColumn("recipient")
    .dropColumn("sender")
    .dropColumn("planner")
    .execute();
  for (const t of [
    "recipient_touches",
    "customer_send_windows",
    "sender_restrictions",
    "opt_outs",
    "sensitive_words",
    "send_gate_settings",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
