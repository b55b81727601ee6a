// SQL for listing customer groups (always filtered by corp), ordered by (name, chat_id) for keyset paging.
import type { Db } from "../../db/database.ts";
import { containsPattern } from "../directory/directory.repository.ts";
import type { GroupCursor } from "./groups.schemas.ts";

export function findGroups(
  db: Db,
  corpId: string,
  f: {
    q?: string | undefined;
    owner?: string | undefined;
    ids: string[];
    dismissed?: boolean | undefined;
    after?: GroupCursor | undefined;
    limit: number;
  },
) {
  let q = db
    .selectFrom("customer_groups as g")
    .leftJoin("members as m", (j) => j.onRef("m.corp_id", "=", "g.corp_id").onRef("m.userid", "=", "g.owner"))
    .select([
      "g.chat_id",
      "g.name",
      "g.owner",
      "m.name as owner_name",
      "g.member_count",
      "g.status",
      "g.dismissed_at",
      "g.created_at",
    ])
    .where("g.corp_id", "=", corpId);
  if (f.owner !== undefined) q = q.where("g.owner", "=", f.owner);
  if (f.ids.length > 0) q = q.where("g.chat_id", "in", f.ids);
  if (f.dismissed === true) q = q.where("g.dismissed_at", "is not", null);
  if (f.dismissed === false) q = q.where("g.dismissed_at", "is", null);
  if (f.q) {
    const pattern = containsPattern(f.q);
    q = q.where((eb) => eb.or([eb("g.name", "ilike", pattern), eb("g.chat_id", "ilike", pattern)]));
  }
  if (f.after) {
    const { name, chatId } = f.after;
    q = q.where((eb) =>
      eb.or([eb("g.name", ">", name), eb.and([eb("g.name", "=", name), eb("g.chat_id", ">", chatId)])]),
    );
  }
  return q.orderBy("g.name").orderBy("g.chat_id").limit(f.limit).execute();
}
