// Field-level problems for tag ids a form refers to: each one that is not a live tag of the corp.
import type { Db } from "../../db/database.ts";

export async function unknownTagProblems(
  db: Db,
  corpId: string,
  tagIds: string[],
  path = "/tagIds",
): Promise<{ path: string; message: string }[]> {
  if (tagIds.length === 0) return [];
  const rows = await db
    .selectFrom("tags")
    .select("tag_id")
    .where("corp_id", "=", corpId)
    .where("deleted", "=", false)
    .where("tag_id", "in", tagIds)
    .execute();
  const known = new Set(rows.map((t) => t.tag_id));
  return tagIds.flatMap((t, i) =>
    known.has(t) ? [] : [{ path: `${path}/${i}`, message: `tag ${t} does not exist` }],
  );
}
