// Customer moments (客户朋友圈, PRODUCT.md E6): posts Siyu publishes as WeCom moment tasks at their time, each
// member's publish status, and the likes and comments pulled from WeCom; plus 'moment' as an auto-tag rule kind.
// Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("moments")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("senders", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("tag_ids", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("publish_at", "timestamptz", (c) => c.notNull())
    .addColumn("scheduled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("scheduled"))
    .addColumn("jobid", "text")
    .addColumn("wecom_moment_id", "text")
    .addColumn("error", "text")
    .addColumn("invalid_senders", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("invalid_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("created_by", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("publishing_at", "timestamptz")
    .addColumn("published_at", "timestamptz")
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("next_poll_at", "timestamptz")
    .addColumn("polled_at", "timestamptz")
    .addCheckConstraint(
      "moments_status",
      sql`status in ('scheduled', 'publishing', 'published', 'failed', 'cancelled')`,
    )
    .addUniqueConstraint("moments_wecom_id", ["corp_id", "wecom_moment_id"])
    .execute();
  await sql`create index moments_corp on moments (corp_id, id desc)`.execute(db);
  await sql`create index moments_due on moments (publish_at) where status = 'scheduled'`.execute(db);
  await sql`create index moments_poll on moments (next_poll_at) where status in ('publishing', 'published')`.execute(
    db,
  );

  // Each member asked to publish, as get_moment_task last said.
  await db.schema
    .createTable("moment_members")
    .addColumn("moment_id", "bigint", (c) => c.notNull().references("moments.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("published", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("published_seen_at", "timestamptz")
    .addPrimaryKeyConstraint("moment_members_pk", ["moment_id", "userid"])
    .execute();

  // Customers' likes and comments under a member's post of a moment (get_moment_comments has no ids, so the
  // customer, member, kind and time identify one).
  await db.schema
    .createTable("moment_interactions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("moment_id", "bigint", (c) => c.notNull().references("moments.id").onDelete("cascade"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("pulled_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("moment_interactions_kind", sql`kind in ('like', 'comment')`)
    .addUniqueConstraint("moment_interactions_once", ["moment_id", "userid", "external_userid", "kind", "at"])
    .execute();
  await sql`create index moment_interactions_customer on moment_interactions (corp_id, external_userid)`.execute(
    db,
  );

  await sql`alter table tag_rules drop constraint tag_rules_kind`.execute(db);
  await sql`alter table tag_rules add constraint tag_rules_kind
    check (kind in ('keyword', 'link', 'order', 'live', 'activity', 'moment'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from tag_rules where kind = 'moment'`.execute(db);
  await sql`alter table tag_rules drop constraint tag_rules_kind`.execute(db);
  await sql`alter table tag_rules add constraint tag_rules_kind
    check (kind in ('keyword', 'link', 'order', 'live', 'activity'))`.execute(db);
  await db.schema.dropTable("moment_interactions").execute();
  await db.schema.dropTable("moment_members").execute();
  await db.schema.dropTable("moments").execute();
}
