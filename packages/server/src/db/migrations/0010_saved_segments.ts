// Saved segments (a named segment expression per corp) and their count history: one row per count taken (on save,
// on preview of a saved segment, by the periodic poller). Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("saved_segments")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("expr", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("last_counted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("saved_segments_corp_name", ["corp_id", "name"])
    .execute();

  await db.schema
    .createTable("segment_counts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("segment_id", "bigint", (c) => c.notNull().references("saved_segments.id").onDelete("cascade"))
    .addColumn("count", "bigint", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("took_ms", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("counted_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("segment_counts_source", sql`source in ('save', 'preview', 'poll')`)
    .execute();
  await sql`create index segment_counts_segment on segment_counts (corp_id, segment_id, counted_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("segment_counts").execute();
  await db.schema.dropTable("saved_segments").execute();
}
