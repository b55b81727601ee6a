// Stores and store codes (区域活码): stores with city, coordinates and open hours, their staff and customer
// groups (千店千群), each store's WeCom contact way and group join way, public store codes over a set of
// stores, a customer's store, and the adds, group joins and landing visits the report counts.
// Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("stores")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("district", "text")
    .addColumn("address", "text")
    .addColumn("phone", "text")
    .addColumn("lat", "double precision")
    .addColumn("lng", "double precision")
    .addColumn("open_hours", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("tz_offset_minutes", "integer", (c) => c.notNull().defaultTo(480))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("config_id", "text")
    .addColumn("qr_code", "text")
    .addColumn("join_state", "text", (c) => c.notNull())
    .addColumn("join_config_id", "text")
    .addColumn("join_qr_code", "text")
    .addColumn("sync_error", "text")
    .addColumn("synced_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("stores_corp_name", ["corp_id", "name"])
    .addUniqueConstraint("stores_corp_state", ["corp_id", "state"])
    .addUniqueConstraint("stores_corp_join_state", ["corp_id", "join_state"])
    .addCheckConstraint("stores_status", sql`status in ('open', 'closed')`)
    .addCheckConstraint("stores_lat", sql`lat is null or (lat between -90 and 90)`)
    .addCheckConstraint("stores_lng", sql`lng is null or (lng between -180 and 180)`)
    .execute();
  await sql`create index stores_city on stores (corp_id, city)`.execute(db);

  await db.schema
    .createTable("store_staff")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("store_id", "bigint", (c) => c.notNull().references("stores.id").onDelete("cascade"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("store_staff_pk", ["store_id", "userid"])
    .execute();
  await sql`create index store_staff_user on store_staff (corp_id, userid)`.execute(db);

  await db.schema
    .createTable("store_groups")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("store_id", "bigint", (c) => c.notNull().references("stores.id").onDelete("cascade"))
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("store_groups_pk", ["store_id", "chat_id"])
    .execute();
  await sql`create index store_groups_chat on store_groups (corp_id, chat_id)`.execute(db);

  await db.schema
    .createTable("customer_stores")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("store_id", "bigint", (c) => c.notNull().references("stores.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("assigned_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("customer_stores_pk", ["corp_id", "customer_id"])
    .addCheckConstraint("customer_stores_source", sql`source in ('store_code', 'manual', 'import')`)
    .execute();
  await sql`create index customer_stores_store on customer_stores (corp_id, store_id)`.execute(db);

  await db.schema
    .createTable("store_codes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text")
    .addColumn("all_stores", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index store_codes_corp on store_codes (corp_id)`.execute(db);

  await db.schema
    .createTable("store_code_stores")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("store_code_id", "bigint", (c) => c.notNull().references("store_codes.id").onDelete("cascade"))
    .addColumn("store_id", "bigint", (c) => c.notNull().references("stores.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("store_code_stores_pk", ["store_code_id", "store_id"])
    .execute();

  await db.schema
    .createTable("store_code_visits")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("store_code_id", "bigint", (c) => c.notNull().references("store_codes.id").onDelete("cascade"))
    .addColumn("store_id", "bigint", (c) => c.references("stores.id").onDelete("set null"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("visited_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("store_code_visits_method", sql`method in ('location', 'city')`)
    .execute();
  await sql`create index store_code_visits_code on store_code_visits (corp_id, store_code_id, day)`.execute(
    db,
  );

  await db.schema
    .createTable("store_code_adds")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("store_id", "bigint", (c) => c.notNull().references("stores.id").onDelete("cascade"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("customer_id", "bigint")
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("added_at", "timestamptz", (c) => c.notNull())
    .addColumn("inbox_event_id", "bigint")
    .execute();
  await sql`create index store_code_adds_store_day on store_code_adds (corp_id, store_id, day)`.execute(db);
  await sql`create unique index store_code_adds_inbox on store_code_adds (inbox_event_id) where inbox_event_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable("store_group_joins")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("store_id", "bigint", (c) => c.notNull().references("stores.id").onDelete("cascade"))
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("joined_at", "timestamptz", (c) => c.notNull())
    .addColumn("left_at", "timestamptz")
    .addColumn("inbox_event_id", "bigint")
    .execute();
  await sql`create index store_group_joins_store_day on store_group_joins (corp_id, store_id, day)`.execute(
    db,
  );
  await sql`create index store_group_joins_member on store_group_joins (corp_id, chat_id, external_userid)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "store_group_joins",
    "store_code_adds",
    "store_code_visits",
    "store_code_stores",
    "store_codes",
    "customer_stores",
    "store_groups",
    "store_staff",
    "stores",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
