// Per-corp SMS settings: the adapter, signature and gateway request template of a corp (overriding the
// SIYU_SMS_* environment), with secret headers (API keys) sealed by the secret box. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sms_settings")
    .addColumn("corp_id", "text", (c) => c.primaryKey().references("corps.corp_id"))
    .addColumn("adapter", "text", (c) => c.notNull().check(sql`adapter in ('log', 'http')`))
    .addColumn("sign", "text")
    .addColumn("http", "jsonb")
    .addColumn("secret_headers", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sms_settings").execute();
}
