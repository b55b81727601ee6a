// Recovering interrupted sends: the dispatcher looks WeCom's mass messages up by msgid against the outbox rows that
// already hold one, so a message WeCom created for an interrupted row is told apart from one recorded for another
// row. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index outbox_msgid on outbox (corp_id, (result->>'msgid')) where result ? 'msgid'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_msgid`.execute(db);
}
