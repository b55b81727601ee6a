// The send gate's recipient facts (touches, opt-outs, active windows) carry the customer's id (customers.id), so a
// mass send to a segment — whose customers the segment engine knows by id — reads them without joining the corp's
// customers (bench/send-plan). Filled on insert from (corp_id, external_userid); left null when the recipient is not
// a known customer (a group's chat_id, an opt-out seen before the customer was synced), and those rows are matched
// by external_userid when read. Customers are never deleted, so a filled id stays right. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["recipient_touches", "opt_outs", "customer_send_windows"])
    await sql`alter table ${sql.table(table)} add column customer_id bigint`.execute(db);
  await sql`update recipient_touches t set customer_id = c.id from customers c
    where c.corp_id = t.corp_id and c.external_userid = t.recipient`.execute(db);
  for (const table of ["opt_outs", "customer_send_windows"])
    await sql`update ${sql.table(table)} f set customer_id = c.id from customers c
      where c.corp_id = f.corp_id and c.external_userid = f.external_userid`.execute(db);
  await sql`create function siyu_touch_customer_id() returns trigger language plpgsql as $$
    begin
      if new.customer_id is null then
        new.customer_id := (select c.id from customers c where c.corp_id = new.corp_id and c.external_userid = new.recipient);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create function siyu_fact_customer_id() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.external_userid is distinct from old.external_userid then
          new.customer_id := null;
        end if;
      end if;
      if new.customer_id is null then
        new.customer_id := (select c.id from customers c where c.corp_id = new.corp_id and c.external_userid = new.external_userid);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger recipient_touches_customer_id before insert on recipient_touches
    for each row execute function siyu_touch_customer_id()`.execute(db);
  for (const table of ["opt_outs", "customer_send_windows"])
    await sql`create trigger ${sql.raw(`${table}_customer_id`)} before insert or update on ${sql.table(table)}
      for each row execute function siyu_fact_customer_id()`.execute(db);
  await sql`create index recipient_touches_recent on recipient_touches (corp_id, touched_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index recipient_touches_recent`.execute(db);
  await sql`drop trigger recipient_touches_customer_id on recipient_touches`.execute(db);
  for (const table of ["opt_outs", "customer_send_windows"])
    await sql`drop trigger ${sql.raw(`${table}_customer_id`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function siyu_touch_customer_id()`.execute(db);
  await sql`drop function siyu_fact_customer_id()`.execute(db);
  for (const table of ["recipient_touches", "opt_outs", "customer_send_windows"])
    await sql`alter table ${sql.table(table)} drop column customer_id`.execute(db);
}
