// Group live codes (群活码): WeCom join ways over up to 5 customer groups, the groups each code fills (configured
// or auto-created when full), and one row per customer joining a group through a code. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("group_codes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("config_id", "text")
    .addColumn("qr_code", "text")
    .addColumn("remark", "text")
    .addColumn("auto_create_room", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("room_base_name", "text")
    .addColumn("room_base_id", "integer")
    .addColumn("tz_offset_minutes", "integer", (c) => c.notNull().defaultTo(480))
    .addColumn("refresh_needed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("group_codes_corp_state", ["corp_id", "state"])
    .execute();

  await db.schema
    .createTable("group_code_chats")
    .addColumn("group_code_id", "bigint", (c) => c.notNull().references("group_codes.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("added_at", "timestamptz", (c) => c.notNull())
    .addColumn("added_day", "date", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_code_chats_pk", ["group_code_id", "chat_id"])
    .addCheckConstraint("group_code_chats_origin", sql`origin in ('configured', 'auto')`)
    .execute();
  await sql`create index group_code_chats_chat on group_code_chats (corp_id, chat_id)`.execute(db);

  await db.schema
    .createTable("group_code_joins")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("group_code_id", "bigint", (c) => c.references("group_codes.id").onDelete("cascade"))
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("joined_at", "timestamptz", (c) => c.notNull())
    .addColumn("left_at", "timestamptz")
    .addColumn("inbox_event_id", "bigint")
    .execute();
  await sql`create index group_code_joins_code on group_code_joins (corp_id, group_code_id)`.execute(db);
  await sql`create index group_code_joins_member on group_code_joins (corp_id, chat_id, external_userid)`.execute(
    db,
  );
  await sql`create index group_code_joins_unattributed on group_code_joins (corp_id, chat_id) where group_code_id is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["group_code_joins", "group_code_chats", "group_codes"]) {
    await db.schema.dropTable(t).execute();
  }
}
