// SQL for reading the directory: members with their department names (always filtered by corp).
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/** `%needle%` for ILIKE with the pattern characters escaped. */
export const containsPattern = (needle: string) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function findMembers(
  db: Db,
  corpId: string,
  f: { q?: string | undefined; ids: string[]; onlyUserid?: string | null; limit: number },
) {
  let q = db
    .selectFrom("members as m")
    .select([
      "m.userid",
      "m.name",
      "m.position",
      "m.status",
      "m.customer_contact",
      sql<{ id: number; name: string | null }[]>`coalesce((
        select json_agg(json_build_object('id', d.id, 'name', d.name) )
        from departments d where d.corp_id = m.corp_id and d.id = any(m.departments)
      ), '[]'::json)`.as("dept_rows"),
      "m.departments",
      "m.main_department",
    ])
    .where("m.corp_id", "=", corpId)
    .where("m.removed", "=", false);
  if (f.onlyUserid !== undefined) {
    if (f.onlyUserid === null) return Promise.resolve([]);
    q = q.where("m.userid", "=", f.onlyUserid);
  }
  if (f.ids.length > 0) q = q.where("m.userid", "in", f.ids);
  if (f.q) {
    const pattern = containsPattern(f.q);
    q = q.where((eb) => eb.or([eb("m.userid", "ilike", pattern), eb("m.name", "ilike", pattern)]));
  }
  // Active members first, then by name and userid.
  return q.orderBy(sql`m.status <> 1`).orderBy("m.name").orderBy("m.userid").limit(f.limit).execute();
}
