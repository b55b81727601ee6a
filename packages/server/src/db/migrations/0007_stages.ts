// Stages (客户阶段, PRODUCT.md C5): a per-corp lifecycle pipeline, each customer's current stage, and per-corp churn
// settings. Every corp gets the default stages (for corps that exist now, and by trigger for every corp added later);
// every customer is placed in "new" when first stored (by trigger, so sync, callbacks and imports all agree).
// Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("stages")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    /** One of the six default stages the rules move customers into; renamable and movable, never removable. */
    .addColumn("builtin", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("stages_corp_key", ["corp_id", "key"])
    .execute();
  await sql`create unique index stages_corp_id on stages (corp_id, id)`.execute(db);

  await db.schema
    .createTable("customer_stages")
    .addColumn("corp_id", "text", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.notNull().references("customers.id").onDelete("cascade"))
    .addColumn("stage_id", "bigint", (c) => c.notNull().references("stages.id"))
    .addColumn("entered_at", "timestamptz", (c) => c.notNull())
    /** Why the customer is here: 'customer.added', 'order.paid', 'no_order', 'manual', 'stage.removed', … */
    .addColumn("reason", "text", (c) => c.notNull())
    /** 'rule' (moved by Siyu) or 'manual' (by a person); rules leave a manual placement alone until a newer event. */
    .addColumn("source", "text", (c) => c.notNull().defaultTo("rule"))
    .addColumn("rule", "text")
    .addColumn("moved_by", "bigint")
    /** Paid orders bound to the customer and the latest one, kept by the order reaction (the churn scan reads them). */
    .addColumn("paid_orders", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_paid_at", "timestamptz")
    .addPrimaryKeyConstraint("customer_stages_pk", ["corp_id", "customer_id"])
    .addCheckConstraint("customer_stages_source", sql`source in ('rule', 'manual')`)
    .execute();
  await sql`create index customer_stages_board on customer_stages (corp_id, stage_id, entered_at desc, customer_id desc)`.execute(
    db,
  );
  await sql`create index customer_stages_churn on customer_stages (corp_id, last_paid_at)
    where source = 'rule' and last_paid_at is not null`.execute(db);

  await db.schema
    .createTable("stage_settings")
    .addColumn("corp_id", "text", (c) => c.primaryKey().references("corps.corp_id"))
    .addColumn("churn_risk_days", "integer", (c) => c.notNull().defaultTo(60))
    .addColumn("churned_days", "integer", (c) => c.notNull().defaultTo(180))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("stage_settings_days", sql`churn_risk_days >= 1 and churned_days > churn_risk_days`)
    .execute();

  // The default pipeline for one corp (idempotent).
  await sql`create function siyu_default_stages(corp text) returns void language sql as $$
    insert into stages (corp_id, key, name, position, builtin) values
      (corp, 'new', '新客', 0, true),
      (corp, 'engaged', '互动', 1, true),
      (corp, 'first_order', '首单', 2, true),
      (corp, 'repeat', '复购', 3, true),
      (corp, 'churn_risk', '流失预警', 4, true),
      (corp, 'churned', '已流失', 5, true)
    on conflict (corp_id, key) do nothing
  $$`.execute(db);
  await sql`create function siyu_corps_default_stages() returns trigger language plpgsql as $$
    begin
      perform siyu_default_stages(new.corp_id);
      return null;
    end
  $$`.execute(db);
  await sql`create trigger corps_default_stages after insert on corps
    for each row execute function siyu_corps_default_stages()`.execute(db);

  // A customer stored for the first time enters "new" (statement-level, so a bulk sync costs one insert).
  await sql`create function siyu_customers_enter_new() returns trigger language plpgsql as $$
    begin
      insert into customer_stages (corp_id, customer_id, stage_id, entered_at, reason, source, rule)
      select i.corp_id, i.id, s.id, now(), 'customer.added', 'rule', 'new_customer'
      from inserted i
      join stages s on s.corp_id = i.corp_id and s.key = 'new'
      on conflict do nothing;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger customers_enter_new after insert on customers
    referencing new table as inserted
    for each statement execute function siyu_customers_enter_new()`.execute(db);

  // Corps and customers stored before this migration.
  await sql`select siyu_default_stages(corp_id) from corps`.execute(db);
  await sql`insert into customer_stages (corp_id, customer_id, stage_id, entered_at, reason, source, rule)
    select c.corp_id, c.id, s.id, c.created_at, 'customer.added', 'rule', 'new_customer'
    from customers c join stages s on s.corp_id = c.corp_id and s.key = 'new'
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger customers_enter_new on customers`.execute(db);
  await sql`drop trigger corps_default_stages on corps`.execute(db);
  await sql`drop function siyu_customers_enter_new()`.execute(db);
  await sql`drop function siyu_corps_default_stages()`.execute(db);
  await sql`drop function siyu_default_stages(text)`.execute(db);
  for (const t of ["stage_settings", "customer_stages", "stages"]) {
    await db.schema.dropTable(t).execute();
  }
}
