// Orders (PRODUCT.md C2): e-commerce orders imported from platform exports or posted to the API, bound to
// customers by unionid then phone; the import runs with their counts, and the rows an import rejected.
// Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("order_imports")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("preset", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("format", "text")
    .addColumn("encoding", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("running"))
    .addColumn("rows_total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("orders_total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unchanged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("bad_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("bound", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unmatchable_phone", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_by", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addCheckConstraint("order_imports_status", sql`status in ('running', 'done', 'failed')`)
    .execute();
  await sql`create index order_imports_corp on order_imports (corp_id, id desc)`.execute(db);

  await db.schema
    .createTable("order_import_errors")
    .addColumn("import_id", "bigint", (c) => c.notNull().references("order_imports.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("field", "text")
    .addColumn("value", "text")
    .addPrimaryKeyConstraint("order_import_errors_pk", ["import_id", "row_number"])
    .execute();

  await db.schema
    .createTable("orders")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("order_no", "text", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.references("customers.id").onDelete("set null"))
    .addColumn("unionid", "text")
    /** Normalised digits of a usable phone; null when absent, masked or ciphertext. */
    .addColumn("phone", "text")
    /** The phone as the file showed it (masked or ciphertext kept for display). */
    .addColumn("phone_display", "text")
    .addColumn("buyer_name", "text")
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("refunded_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    /** The platform's own status words, e.g. 交易成功. */
    .addColumn("source_status", "text")
    .addColumn("categories", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("items", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("ordered_at", "timestamptz", (c) => c.notNull())
    .addColumn("paid_at", "timestamptz")
    .addColumn("import_id", "bigint", (c) => c.references("order_imports.id").onDelete("set null"))
    .addColumn("bound_by", "text")
    .addColumn("bound_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("orders_corp_source_no", ["corp_id", "source", "order_no"])
    .addCheckConstraint("orders_status", sql`status in ('paid', 'refunded', 'cancelled')`)
    .addCheckConstraint("orders_bound_by", sql`bound_by is null or bound_by in ('unionid', 'phone')`)
    .execute();
  await sql`create index orders_customer on orders (corp_id, customer_id)`.execute(db);
  await sql`create index orders_customer_recent on orders (corp_id, customer_id, ordered_at desc) where customer_id is not null`.execute(
    db,
  );
  // Late binding looks up unbound orders by the new customer's unionid or phones.
  await sql`create index orders_unbound_unionid on orders (corp_id, unionid) where customer_id is null and unionid is not null`.execute(
    db,
  );
  await sql`create index orders_unbound_phone on orders (corp_id, phone) where customer_id is null and phone is not null`.execute(
    db,
  );
  await sql`create index orders_corp_ordered on orders (corp_id, ordered_at desc)`.execute(db);
  // Phones of follow relations, for binding orders by a member's remark mobile.
  await sql`create index follow_relations_remark_mobiles on follow_relations using gin (remark_mobiles)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index follow_relations_remark_mobiles`.execute(db);
  for (const t of ["orders", "order_import_errors", "order_imports"]) {
    await db.schema.dropTable(t).execute();
  }
}
