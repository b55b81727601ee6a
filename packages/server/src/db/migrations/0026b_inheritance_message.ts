// Inheritance: the message an in-service transfer shows the customers (transfer_success_msg, ≤200 characters),
// kept on the job so every batch the scheduler starts carries it. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inheritance_jobs add column message text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inheritance_jobs drop column message`.execute(db);
}
