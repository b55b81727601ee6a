// Customers, the directory (departments, members), corp tags and their use on follow relations, customer groups,
// sync runs with what they repaired, bulk tag jobs, and the link from a console user to a WeCom member.
// Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per customer (external contact) per corp; `id` is dense so bitmaps can key on it.
  await db.schema
    .createTable("customers")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("type", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("gender", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("avatar", "text")
    .addColumn("unionid", "text")
    .addColumn("position", "text")
    .addColumn("corp_name", "text")
    .addColumn("corp_full_name", "text")
    .addColumn("phones", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    /** Set when Siyu holds only the id (from a callback) and the details are still to be fetched. */
    .addColumn("needs_refresh", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("refresh_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("seen_run", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("customers_corp_external", ["corp_id", "external_userid"])
    .execute();
  await sql`create index customers_unionid on customers (corp_id, unionid) where unionid is not null`.execute(
    db,
  );
  await sql`create index customers_phones on customers using gin (phones)`.execute(db);
  await sql`create index customers_refresh on customers (corp_id, id) where needs_refresh`.execute(db);

  // Follow relations gain what WeCom reports per (customer, member); added_at holds WeCom's createtime.
  await sql`alter table follow_relations
    add column remark text not null default '',
    add column description text not null default '',
    add column remark_mobiles text[] not null default '{}'::text[],
    add column remark_corp_name text,
    add column add_way integer,
    add column oper_userid text,
    add column seen_run bigint`.execute(db);
  await sql`create index follow_relations_member on follow_relations (corp_id, userid, external_userid)`.execute(
    db,
  );
  await sql`create index follow_relations_state on follow_relations (corp_id, state) where state is not null`.execute(
    db,
  );
  await sql`create index follow_relations_added on follow_relations (corp_id, added_at)`.execute(db);

  await db.schema
    .createTable("departments")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("id", "integer", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("order", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("name", "text")
    .addColumn("seen_run", "bigint")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("departments_pk", ["corp_id", "id"])
    .execute();

  // Staff (成员). status: 1 active, 2 disabled, 4 not activated, 5 left; `removed` when no longer visible.
  await db.schema
    .createTable("members")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("departments", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'::integer[]`))
    .addColumn("main_department", "integer")
    .addColumn("position", "text")
    .addColumn("open_userid", "text")
    .addColumn("status", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("customer_contact", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("removed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("seen_run", "bigint")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("members_pk", ["corp_id", "userid"])
    .execute();

  await db.schema
    .createTable("tag_groups")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("group_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("order", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz")
    .addColumn("deleted", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("tag_groups_pk", ["corp_id", "group_id"])
    .execute();

  await db.schema
    .createTable("tags")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("tag_id", "text", (c) => c.notNull())
    .addColumn("group_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("order", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz")
    .addColumn("deleted", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("tags_pk", ["corp_id", "tag_id"])
    .execute();
  await sql`create index tags_group on tags (corp_id, group_id)`.execute(db);

  // A corp tag on one follow relation, and how it got there.
  await db.schema
    .createTable("follow_tags")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("tag_id", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().defaultTo("wecom"))
    .addColumn("reason", "text")
    .addColumn("applied_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("seen_run", "bigint")
    .addPrimaryKeyConstraint("follow_tags_pk", ["corp_id", "external_userid", "userid", "tag_id"])
    .addCheckConstraint("follow_tags_source", sql`source in ('wecom', 'siyu', 'channel', 'rule')`)
    .execute();
  await sql`create index follow_tags_tag on follow_tags (corp_id, tag_id, external_userid)`.execute(db);

  await db.schema
    .createTable("customer_groups")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("owner", "text")
    .addColumn("notice", "text")
    .addColumn("status", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("member_version", "text")
    .addColumn("member_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz")
    .addColumn("dismissed_at", "timestamptz")
    .addColumn("needs_refresh", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("seen_run", "bigint")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("customer_groups_pk", ["corp_id", "chat_id"])
    .execute();

  // member_id is a userid (type 1, staff) or an external_userid (type 2, customer).
  await db.schema
    .createTable("customer_group_members")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("member_id", "text", (c) => c.notNull())
    .addColumn("type", "smallint", (c) => c.notNull())
    .addColumn("unionid", "text")
    .addColumn("join_time", "timestamptz")
    .addColumn("join_scene", "smallint")
    .addColumn("invitor", "text")
    .addColumn("group_nickname", "text")
    .addColumn("name", "text")
    .addColumn("state", "text")
    .addPrimaryKeyConstraint("customer_group_members_pk", ["corp_id", "chat_id", "member_id"])
    .execute();
  await sql`create index customer_group_members_member on customer_group_members (corp_id, member_id)`.execute(
    db,
  );

  // One sync or reconcile run: resumable from `checkpoint`, with counts in `progress` and `repairs`.
  await db.schema
    .createTable("sync_runs")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull().defaultTo("manual"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("phase", "text", (c) => c.notNull().defaultTo("directory"))
    .addColumn("checkpoint", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("progress", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("repairs", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("sync_runs_kind", sql`kind in ('full', 'reconcile')`)
    .addCheckConstraint("sync_runs_status", sql`status in ('pending', 'running', 'done', 'failed')`)
    .execute();
  await sql`create index sync_runs_corp on sync_runs (corp_id, id desc)`.execute(db);
  await sql`create unique index sync_runs_one_active on sync_runs (corp_id) where status in ('pending', 'running')`.execute(
    db,
  );

  // What a reconcile repaired, item by item (capped per run), for the report.
  await db.schema
    .createTable("sync_repairs")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("run_id", "bigint", (c) => c.notNull().references("sync_runs.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("ref", "jsonb", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index sync_repairs_run on sync_repairs (run_id, id)`.execute(db);

  // Bulk tag/untag: the job and its materialised (customer, member) targets, so it resumes where it stopped.
  await db.schema
    .createTable("tag_jobs")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("add_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("remove_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("selection", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("failed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_by", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("tag_jobs_status", sql`status in ('pending', 'running', 'done', 'failed')`)
    .execute();
  await db.schema
    .createTable("tag_job_items")
    .addColumn("job_id", "bigint", (c) => c.notNull().references("tag_jobs.id").onDelete("cascade"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("error", "text")
    .addPrimaryKeyConstraint("tag_job_items_pk", ["job_id", "external_userid", "userid"])
    .execute();
  await sql`create index tag_job_items_pending on tag_job_items (job_id) where status = 'pending'`.execute(
    db,
  );

  // Which WeCom member a console user is, per corp (a `staff` user sees only that member's customers).
  await db.schema
    .createTable("user_members")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_members_pk", ["user_id", "corp_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "user_members",
    "tag_job_items",
    "tag_jobs",
    "sync_repairs",
    "sync_runs",
    "customer_group_members",
    "customer_groups",
    "follow_tags",
    "tags",
    "tag_groups",
    "members",
    "departments",
    "customers",
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop index follow_relations_member`.execute(db);
  await sql`drop index follow_relations_state`.execute(db);
  await sql`drop index follow_relations_added`.execute(db);
  await sql`alter table follow_relations drop column remark, drop column description, drop column remark_mobiles,
    drop column remark_corp_name, drop column add_way, drop column oper_userid, drop column seen_run`.execute(
    db,
  );
}
