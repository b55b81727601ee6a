// SOPs (E5): personal and group content calendars. One row per calendar entry (rule) holds its next firing time,
// scanned by the SOP scheduler; a firing makes one task per owner (personal) or per group (group), each with a
// deadline after which it escalates to the owner's department leader. Members learn which departments they
// lead (user/get is_leader_in_dept). Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("members")
    .addColumn("leader_in", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'::integer[]`))
    .execute();
  await db.schema
    .createTable("sops")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("audience", "jsonb", (c) => c.notNull())
    .addColumn("deadline_hours", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("sops_kind", sql`kind in ('personal', 'group')`)
    .addCheckConstraint("sops_mode", sql`mode in ('remind', 'auto')`)
    .addCheckConstraint("sops_status", sql`status in ('active', 'paused')`)
    .execute();
  await db.schema
    .createTable("sop_rules")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("sop_id", "bigint", (c) => c.notNull().references("sops.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("schedule", "jsonb", (c) => c.notNull())
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("next_due_at", "timestamptz")
    .addColumn("last_fired_at", "timestamptz")
    .execute();
  await sql`create index sop_rules_due on sop_rules (next_due_at) where next_due_at is not null`.execute(db);
  await sql`create index sop_rules_sop on sop_rules (corp_id, sop_id)`.execute(db);
  await db.schema
    .createTable("sop_tasks")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("sop_id", "bigint", (c) => c.notNull().references("sops.id").onDelete("cascade"))
    .addColumn("rule_id", "bigint", (c) => c.references("sop_rules.id").onDelete("set null"))
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("target_key", "text", (c) => c.notNull())
    .addColumn("chat_id", "text")
    .addColumn("targets", sql`text[]`, (c) => c.notNull())
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("deadline_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("done_at", "timestamptz")
    .addColumn("done_by", "text")
    .addColumn("escalated_at", "timestamptz")
    .addColumn("escalated_to", "text")
    .addColumn("checked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("sop_tasks_status", sql`status in ('open', 'done')`)
    .addUniqueConstraint("sop_tasks_once", ["corp_id", "rule_id", "due_at", "target_key"])
    .execute();
  await sql`create index sop_tasks_owner on sop_tasks (corp_id, owner, status)`.execute(db);
  await sql`create index sop_tasks_overdue on sop_tasks (deadline_at)
    where status = 'open' and escalated_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sop_tasks").execute();
  await db.schema.dropTable("sop_rules").execute();
  await db.schema.dropTable("sops").execute();
  await db.schema.alterTable("members").dropColumn("leader_in").execute();
}
