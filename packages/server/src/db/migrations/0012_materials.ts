// Materials (素材): images, videos and files kept by Siyu, uploaded to WeCom on demand as temporary media (3 days)
// and re-uploaded when the media_id is about to expire. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("materials")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("materials_kind", sql`kind in ('image', 'video', 'file')`)
    .addUniqueConstraint("materials_corp_sha", ["corp_id", "sha256"])
    .execute();

  await db.schema
    .createTable("material_media")
    .addColumn("material_id", "bigint", (c) => c.notNull().references("materials.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("media_id", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("material_media_pk", ["material_id", "purpose"])
    .addCheckConstraint("material_media_purpose", sql`purpose in ('message', 'moment')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("material_media").execute();
  await db.schema.dropTable("materials").execute();
}
