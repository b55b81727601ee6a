// Every deleted friend (delete_external_contact / del_follow_user) looks up the fission invites of that customer;
// without this index each callback read the whole table. Never edit once committed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index fission_invites_invitee on fission_invites (corp_id, invitee)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index fission_invites_invitee`.execute(db);
}
