// Orders: an unpaid order (等待买家付款, 待付款) is kept as 'pending' — shown on the customer, never counted as a
// purchase (segments and stages count 'paid' only) — so that it turns 'paid' when a later import says so.
// Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders drop constraint orders_status,
    add constraint orders_status check (status in ('paid', 'refunded', 'cancelled', 'pending'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from orders where status = 'pending'`.execute(db);
  await sql`alter table orders drop constraint orders_status,
    add constraint orders_status check (status in ('paid', 'refunded', 'cancelled'))`.execute(db);
}
