// SQL for customers: phones derived from follow relations, placeholders for customers known only by id.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/** Sets each customer's phones to the distinct remark_mobiles of their live follow relations. */
export async function refreshPhones(db: Db, corpId: string, externalUserIds: string[]): Promise<void> {
  if (externalUserIds.length === 0) return;
  await sql`update customers c set phones = coalesce((
      select array_agg(distinct m order by m) from follow_relations f, unnest(f.remark_mobiles) m
      where f.corp_id = c.corp_id and f.external_userid = c.external_userid
        and f.status in ('active', 'pending', 'deleted_by_customer')), '{}'::text[])
    where c.corp_id = ${corpId} and c.external_userid = any(${externalUserIds}::text[])`.execute(db);
}

/** A customer Siyu knows only by id (from a callback): the refresh worker fetches the details. */
export async function ensureCustomer(
  db: Db,
  corpId: string,
  externalUserId: string,
  refresh: boolean,
): Promise<void> {
  await db
    .insertInto("customers")
    .values({ corp_id: corpId, external_userid: externalUserId, needs_refresh: refresh })
    .onConflict((oc) =>
      oc.columns(["corp_id", "external_userid"]).doUpdateSet(
        refresh
          ? { needs_refresh: true, refresh_attempts: 0 }
          : {
              needs_refresh: sql`customers.needs_refresh`,
            },
      ),
    )
    .execute();
}
