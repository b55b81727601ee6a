// Failed logins in PostgreSQL, so the throttle per account and per IP holds across Siyu processes and restarts
// (it was per process: N processes allowed N times the attempts). Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table login_failures (
    key text not null,
    at timestamptz not null
  )`.execute(db);
  await sql`create index login_failures_key on login_failures (key, at)`.execute(db);
  await sql`create index login_failures_at on login_failures (at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_failures`.execute(db);
}
