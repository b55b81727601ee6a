// Who a SOP firing is for. Personal SOPs: customers (by saved segment and/or tags, optionally only some members'
// and, for "day N after joining", only those who joined in the window), each under one owner — the member who
// added them last among their active relations, as journeys send. Group SOPs: live groups with an owner, by
// owner and name.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { segmentCounter } from "../segments/segments.counter.ts";
import type { SopAudience } from "./sops.schemas.ts";

const SEGMENT_PAGE = 10_000;

/** Every customer id of a saved segment (null: the segment is gone). */
export async function segmentCustomerIds(
  ctx: Ctx,
  corpId: string,
  segmentId: string,
): Promise<string[] | null> {
  const seg = await ctx.db
    .selectFrom("saved_segments")
    .select("expr")
    .where("corp_id", "=", corpId)
    .where("id", "=", segmentId)
    .executeTakeFirst();
  if (!seg) return null;
  const counter = segmentCounter(ctx);
  const out: string[] = [];
  for (let after: string | undefined; ; ) {
    const page = await counter.sample(corpId, seg.expr, SEGMENT_PAGE, after);
    out.push(...page);
    if (page.length < SEGMENT_PAGE) return out;
    after = page[page.length - 1];
  }
}

/** Customers per owner (external_userids, ascending). */
export async function personalTargets(
  ctx: Ctx,
  db: Db,
  corpId: string,
  audience: SopAudience,
  joined?: { from: Date; to: Date },
): Promise<Map<string, string[]>> {
  const ids = audience.segmentId ? await segmentCustomerIds(ctx, corpId, audience.segmentId) : undefined;
  if (ids === null || ids?.length === 0) return new Map();
  const { rows } = await sql<{ owner: string; external_userid: string }>`
    select owner, external_userid from (
      select distinct on (fr.external_userid) fr.userid as owner, fr.external_userid
      from follow_relations fr
      ${ids ? sql`join customers c on c.corp_id = fr.corp_id and c.external_userid = fr.external_userid` : sql``}
      where fr.corp_id = ${corpId} and fr.status = 'active'
        ${ids ? sql`and c.id = any(${ids}::bigint[])` : sql``}
        ${audience.owners ? sql`and fr.userid = any(${audience.owners}::text[])` : sql``}
        ${
          audience.tagIds
            ? sql`and exists (select 1 from follow_tags ft where ft.corp_id = fr.corp_id
                and ft.external_userid = fr.external_userid and ft.tag_id = any(${audience.tagIds}::text[]))`
            : sql``
        }
        ${joined ? sql`and fr.added_at >= ${joined.from} and fr.added_at < ${joined.to}` : sql``}
      order by fr.external_userid, fr.added_at desc nulls last, fr.userid
    ) t order by owner, external_userid`.execute(db);
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.owner) ?? [];
    list.push(r.external_userid);
    out.set(r.owner, list);
  }
  return out;
}

export interface GroupTarget {
  chatId: string;
  owner: string;
  name: string;
}

export async function groupTargets(db: Db, corpId: string, audience: SopAudience): Promise<GroupTarget[]> {
  let q = db
    .selectFrom("customer_groups")
    .select(["chat_id", "owner", "name"])
    .where("corp_id", "=", corpId)
    .where("dismissed_at", "is", null)
    .where("owner", "is not", null);
  if (audience.owners) q = q.where("owner", "in", audience.owners);
  if (audience.nameContains)
    q = q.where(sql<boolean>`strpos(lower(name), lower(${audience.nameContains})) > 0`);
  const rows = await q.orderBy("chat_id").execute();
  return rows.map((r) => ({ chatId: r.chat_id, owner: r.owner as string, name: r.name }));
}
