// A bare, migrated database for the segment engine tests, with the SQL statements the domains issue (customers and
// follow relations from sync, tags, stage moves, store assignment, orders, activity participations).

import { sql } from "kysely";
import type { Logger } from "pino";
import pino from "pino";
import { type Db, migrateToLatest, openDatabase } from "../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export const STAGE_KEYS = ["new", "engaged", "first_order", "repeat", "churn_risk", "churned"];

export interface SegmentsWorld {
  db: Db;
  url: string;
  log: Logger;
  /** stage key → stages.id, per corp. */
  stages: Map<string, Map<string, string>>;
  /** store ids per corp, with their cities. */
  stores: Map<string, { id: string; city: string }[]>;
  close(): Promise<void>;
}

export async function openSegmentsWorld(
  corps: string[],
  opts: { cities?: string[]; storesPerCorp?: number } = {},
): Promise<SegmentsWorld> {
  const tdb: TestDatabase = await createTestDatabase();
  const db = openDatabase(tdb.url, { max: 12 });
  await migrateToLatest(db);
  const stages = new Map<string, Map<string, string>>();
  const stores = new Map<string, { id: string; city: string }[]>();
  const cities = opts.cities ?? ["上海", "北京", "杭州"];
  for (const corpId of corps) {
    await sql`insert into corps (corp_id, name, api_base, secret_enc, token_enc, aes_key_enc)
      values (${corpId}, ${corpId}, 'http://127.0.0.1:1', 'x', 'x', 'x')`.execute(db);
    const byKey = new Map<string, string>();
    for (const [i, key] of STAGE_KEYS.entries()) {
      const r = await sql<{ id: string }>`insert into stages (corp_id, key, name, position)
        values (${corpId}, ${key}, ${key}, ${i}) on conflict (corp_id, key) do update set name = excluded.name
        returning id`.execute(db);
      byKey.set(key, r.rows[0]!.id);
    }
    stages.set(corpId, byKey);
    const list: { id: string; city: string }[] = [];
    for (let i = 0; i < (opts.storesPerCorp ?? 4); i++) {
      const city = cities[i % cities.length]!;
      const r = await sql<{ id: string }>`insert into stores (corp_id, name, city, state, join_state)
        values (${corpId}, ${`store ${i}`}, ${city}, ${`st${i}`}, ${`js${i}`}) returning id`.execute(db);
      list.push({ id: r.rows[0]!.id, city });
    }
    stores.set(corpId, list);
  }
  return {
    db,
    url: tdb.url,
    log: pino({ level: "warn" }),
    stages,
    stores,
    async close() {
      await db.destroy();
      await tdb.drop();
    },
  };
}

/** A new customer; returns customers.id. */
export async function addCustomer(db: Db, corpId: string, externalUserid: string): Promise<string> {
  const r = await sql<{ id: string }>`insert into customers (corp_id, external_userid, name)
    values (${corpId}, ${externalUserid}, ${externalUserid}) returning id`.execute(db);
  return r.rows[0]!.id;
}

export async function upsertRelation(
  db: Db,
  corpId: string,
  rel: {
    externalUserid: string;
    userid: string;
    state: string | null;
    status: string;
    addedAt: Date | string;
  },
): Promise<void> {
  await sql`insert into follow_relations (corp_id, external_userid, userid, state, status, added_at)
    values (${corpId}, ${rel.externalUserid}, ${rel.userid}, ${rel.state}, ${rel.status}, ${rel.addedAt})
    on conflict (corp_id, external_userid, userid) do update
      set state = excluded.state, status = excluded.status, added_at = excluded.added_at, updated_at = now()`.execute(
    db,
  );
}

export async function addTag(db: Db, corpId: string, externalUserid: string, userid: string, tagId: string) {
  await sql`insert into follow_tags (corp_id, external_userid, userid, tag_id, source)
    values (${corpId}, ${externalUserid}, ${userid}, ${tagId}, 'siyu') on conflict do nothing`.execute(db);
}

export async function removeTag(
  db: Db,
  corpId: string,
  externalUserid: string,
  userid: string,
  tagId: string,
) {
  await sql`delete from follow_tags where corp_id = ${corpId} and external_userid = ${externalUserid}
    and userid = ${userid} and tag_id = ${tagId}`.execute(db);
}

export async function moveStage(db: Db, corpId: string, customerId: string, stageId: string) {
  await sql`insert into customer_stages (corp_id, customer_id, stage_id, entered_at, reason)
    values (${corpId}, ${customerId}, ${stageId}, now(), 'manual')
    on conflict (corp_id, customer_id) do update set stage_id = excluded.stage_id, entered_at = now()`.execute(
    db,
  );
}

export async function assignStore(db: Db, corpId: string, customerId: string, storeId: string) {
  await sql`insert into customer_stores (corp_id, customer_id, store_id, source)
    values (${corpId}, ${customerId}, ${storeId}, 'manual')
    on conflict (corp_id, customer_id) do update set store_id = excluded.store_id, assigned_at = now()`.execute(
    db,
  );
}

export async function addOrder(
  db: Db,
  corpId: string,
  o: {
    orderNo: string;
    customerId: string | null;
    amountCents: number;
    status: string;
    categories: string[];
    orderedAt: Date | string;
  },
): Promise<void> {
  await sql`insert into orders (corp_id, source, order_no, customer_id, amount_cents, status, categories, ordered_at)
    values (${corpId}, 'api', ${o.orderNo}, ${o.customerId}, ${o.amountCents}, ${o.status}, ${o.categories}::text[],
      ${o.orderedAt})`.execute(db);
}

export async function addParticipation(db: Db, corpId: string, customerId: string, activity: string) {
  await sql`insert into activity_participations (corp_id, customer_id, activity, kind, occurred_at, detail)
    values (${corpId}, ${customerId}, ${activity}, 'live', now(), '{}'::jsonb) on conflict do nothing`.execute(
    db,
  );
}
