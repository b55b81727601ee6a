// The database as Kysely sees it: each domain declares its own tables in <domain>.tables.ts; add yours here.
import type { AuthTables } from "../domains/auth/auth.tables.ts";
import type { ContactsTables } from "../domains/contacts/contacts.tables.ts";
import type { CorpsTables } from "../domains/corps/corps.tables.ts";
import type { InboxTables } from "../domains/inbox/inbox.tables.ts";

export interface Database extends CorpsTables, InboxTables, AuthTables, ContactsTables {}
