// A customer taken over by another member (inheritance): the handover's relation ends as `transferred` (WeCom sends no
// callback for a departed member's side) and the takeover's starts at the takeover time, unless it is already
// active (the takeover was a friend before, so WeCom fires no add_external_contact either). One timeline row per
// transfer. Runs in the caller's transaction; running it again changes nothing.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export interface TakenOver {
  externalUserid: string;
  from: string;
  to: string;
  at: Date;
}

export async function recordTakeovers(db: Db, corpId: string, moves: TakenOver[]): Promise<void> {
  if (moves.length === 0) return;
  const col = <K extends keyof TakenOver>(k: K) => moves.map((m) => m[k]);
  const at = moves.map((m) => m.at.toISOString());
  await sql`update follow_relations r set status = 'transferred', updated_at = v.at
    from unnest(${col("externalUserid")}::text[], ${col("from")}::text[], ${at}::timestamptz[]) v(ext, uid, at)
    where r.corp_id = ${corpId} and r.external_userid = v.ext and r.userid = v.uid
      and r.status in ('active', 'pending')`.execute(db);
  await sql`insert into follow_relations (corp_id, external_userid, userid, status, added_at, updated_at, add_way, oper_userid)
    select ${corpId}, v.ext, v.uid, 'active', v.at, v.at, 202, v.from_uid
    from unnest(${col("externalUserid")}::text[], ${col("to")}::text[], ${at}::timestamptz[], ${col("from")}::text[])
      v(ext, uid, at, from_uid)
    on conflict (corp_id, external_userid, userid) do update
      set status = 'active', added_at = excluded.added_at, updated_at = excluded.updated_at
      where follow_relations.status <> 'active'`.execute(db);
  await sql`insert into contact_timeline (corp_id, external_userid, userid, kind, detail, occurred_at)
    select ${corpId}, v.ext, v.uid, 'customer.transferred', jsonb_build_object('from', v.from_uid, 'to', v.uid), v.at
    from unnest(${col("externalUserid")}::text[], ${col("to")}::text[], ${at}::timestamptz[], ${col("from")}::text[])
      v(ext, uid, at, from_uid)
    where not exists (select 1 from contact_timeline t where t.corp_id = ${corpId} and t.external_userid = v.ext
      and t.kind = 'customer.transferred' and t.detail->>'to' = v.uid and t.occurred_at = v.at)`.execute(db);
}
