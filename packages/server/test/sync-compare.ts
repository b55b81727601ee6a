// Compares what WeCom (the emulator, read through its API) reports with what Siyu stores: customers, live follow
// relations with remark/state, their corp tags, and the tag names. Returns the differences (empty = equal).
import type { WeComClient } from "@siyu/wecom";
import { sql } from "kysely";
import type { Db } from "../src/db/database.ts";

export async function snapshotWeCom(client: WeComClient) {
  const { follow_user } = await client.externalContact.getFollowUserList();
  const relations = new Map<string, string>();
  const customers = new Map<string, string>();
  for (let i = 0; i < follow_user.length; i += 100) {
    for await (const x of client.externalContact.iterateByUser(follow_user.slice(i, i + 100))) {
      const f = x.follow_info;
      customers.set(x.external_contact.external_userid, x.external_contact.name);
      relations.set(
        `${x.external_contact.external_userid}|${f.userid}`,
        JSON.stringify([f.remark, f.state ?? null, [...(f.tag_id ?? [])].sort()]),
      );
    }
  }
  const tags = new Map<string, string>();
  for (const g of (await client.corpTags.list()).tag_group) for (const t of g.tag) tags.set(t.id, t.name);
  return { relations, customers, tags };
}

export async function snapshotSiyu(db: Db, corpId: string) {
  const rows = await sql<{
    e: string;
    u: string;
    remark: string;
    state: string | null;
    tags: string[] | null;
    name: string;
  }>`
    select f.external_userid as e, f.userid as u, f.remark, f.state, c.name,
      (select array_agg(t.tag_id order by t.tag_id) from follow_tags t where t.corp_id = f.corp_id
        and t.external_userid = f.external_userid and t.userid = f.userid) as tags
    from follow_relations f join customers c on c.corp_id = f.corp_id and c.external_userid = f.external_userid
    where f.corp_id = ${corpId} and f.status in ('active', 'deleted_by_customer')`.execute(db);
  const relations = new Map<string, string>();
  const customers = new Map<string, string>();
  for (const r of rows.rows) {
    customers.set(r.e, r.name);
    relations.set(`${r.e}|${r.u}`, JSON.stringify([r.remark, r.state, [...(r.tags ?? [])].sort()]));
  }
  const tags = new Map(
    (
      await db
        .selectFrom("tags")
        .select(["tag_id", "name"])
        .where("corp_id", "=", corpId)
        .where("deleted", "=", false)
        .execute()
    ).map((t) => [t.tag_id, t.name]),
  );
  return { relations, customers, tags };
}

export function differences(a: Map<string, string>, b: Map<string, string>, max = 10): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: wecom=${v} siyu=${b.get(k)}`);
  for (const [k, v] of b) if (!a.has(k)) out.push(`${k}: wecom=undefined siyu=${v}`);
  return out.slice(0, max);
}

export async function compare(client: WeComClient, db: Db, corpId: string) {
  const [w, s] = await Promise.all([snapshotWeCom(client), snapshotSiyu(db, corpId)]);
  return {
    wecomRelations: w.relations.size,
    relations: differences(w.relations, s.relations),
    customers: differences(w.customers, s.customers),
    tags: differences(w.tags, s.tags),
  };
}
