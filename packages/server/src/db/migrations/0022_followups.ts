// Follow-up plans and response-time SLA (E8): templates of rounds, plans (one per customer and member, with the
// next round's due time the follow-up scheduler scans), the tasks rounds become, per-corp SLA settings, the
// exchanges the message intake records and the breaches found in them. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("followup_templates")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("rounds", "jsonb", (c) => c.notNull())
    .addColumn("on_no", "jsonb", (c) => c.notNull())
    .addColumn("remind", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index followup_templates_corp on followup_templates (corp_id)`.execute(db);
  await db.schema
    .createTable("followup_plans")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("template_id", "bigint", (c) => c.notNull().references("followup_templates.id"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("branch", "text", (c) => c.notNull().defaultTo("main"))
    .addColumn("rounds", "jsonb", (c) => c.notNull())
    .addColumn("next_round", "integer", (c) => c.notNull())
    .addColumn("next_due_at", "timestamptz")
    .addColumn("branch_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("on_no", "jsonb", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("ended_at", "timestamptz")
    .addColumn("end_reason", "text")
    .addColumn("started_by", "text", (c) => c.notNull())
    .addCheckConstraint("followup_plans_status", sql`status in ('active', 'completed', 'ended')`)
    .addCheckConstraint("followup_plans_branch", sql`branch in ('main', 'fallback')`)
    .execute();
  await sql`create index followup_plans_due on followup_plans (next_due_at)
    where next_due_at is not null and status = 'active'`.execute(db);
  await sql`create unique index followup_plans_one_active on followup_plans (corp_id, external_userid, userid)
    where status = 'active'`.execute(db);
  await db.schema
    .createTable("followup_tasks")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("plan_id", "bigint", (c) => c.notNull().references("followup_plans.id").onDelete("cascade"))
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("branch", "text", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("script", "text", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("outcome", "text")
    .addColumn("note", "text")
    .addColumn("done_at", "timestamptz")
    .addColumn("done_by", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("followup_tasks_status", sql`status in ('open', 'done', 'cancelled')`)
    .addCheckConstraint("followup_tasks_outcome", sql`outcome in ('positive', 'neutral', 'no')`)
    .addUniqueConstraint("followup_tasks_once", ["plan_id", "branch", "round"])
    .execute();
  await sql`create index followup_tasks_owner on followup_tasks (corp_id, userid, status)`.execute(db);
  await db.schema
    .createTable("followup_sla_settings")
    .addColumn("corp_id", "text", (c) => c.primaryKey().references("corps.corp_id"))
    .addColumn("settings", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("sla_exchanges")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("opened_at", "timestamptz", (c) => c.notNull())
    .addColumn("clock_from", "timestamptz", (c) => c.notNull())
    .addColumn("first_reply_at", "timestamptz")
    .addColumn("pending_since", "timestamptz")
    .addColumn("answered_at", "timestamptz")
    .addColumn("first_reply_due", "timestamptz", (c) => c.notNull())
    .addColumn("full_answer_due", "timestamptz", (c) => c.notNull())
    .addColumn("first_checked", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("full_checked", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index sla_exchanges_pair on sla_exchanges (corp_id, external_userid, userid, opened_at desc)`.execute(
    db,
  );
  await sql`create index sla_exchanges_first on sla_exchanges (first_reply_due) where not first_checked`.execute(
    db,
  );
  await sql`create index sla_exchanges_full on sla_exchanges (full_answer_due) where not full_checked`.execute(
    db,
  );
  await sql`create index sla_exchanges_period on sla_exchanges (corp_id, opened_at)`.execute(db);
  await db.schema
    .createTable("sla_breaches")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("exchange_id", "bigint", (c) => c.notNull().references("sla_exchanges.id").onDelete("cascade"))
    .addColumn("external_userid", "text", (c) => c.notNull())
    .addColumn("userid", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("opened_at", "timestamptz", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("replied_at", "timestamptz")
    .addColumn("detected_at", "timestamptz", (c) => c.notNull())
    .addColumn("alerted_at", "timestamptz")
    .addColumn("alerted_to", "text")
    .addCheckConstraint("sla_breaches_kind", sql`kind in ('first_reply', 'full_answer')`)
    .addUniqueConstraint("sla_breaches_once", ["exchange_id", "kind"])
    .execute();
  await sql`create index sla_breaches_period on sla_breaches (corp_id, opened_at)`.execute(db);
  await sql`create index sla_breaches_unalerted on sla_breaches (detected_at) where alerted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sla_breaches").execute();
  await db.schema.dropTable("sla_exchanges").execute();
  await db.schema.dropTable("followup_sla_settings").execute();
  await db.schema.dropTable("followup_tasks").execute();
  await db.schema.dropTable("followup_plans").execute();
  await db.schema.dropTable("followup_templates").execute();
}
