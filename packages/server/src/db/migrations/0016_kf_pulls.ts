// 微信客服 as a message source: the accounts whose kf_msg_or_event callback says a sync_msg pull is due, with the
// callback's Token. The sync_msg cursor itself lives in message_cursors (source `kf:<open_kfid>`). Never edit
// once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("kf_pull_requests")
    .addColumn("corp_id", "text", (c) => c.notNull().references("corps.corp_id"))
    .addColumn("open_kfid", "text", (c) => c.notNull())
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("token_at", "timestamptz", (c) => c.notNull())
    // Bumped by every callback, so a pull that finished clears only the requests it has seen.
    .addColumn("version", "bigint", (c) => c.notNull().defaultTo(1))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addPrimaryKeyConstraint("kf_pull_requests_pk", ["corp_id", "open_kfid"])
    .execute();
  await sql`create index kf_pull_requests_due on kf_pull_requests (next_attempt_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("kf_pull_requests").execute();
}
