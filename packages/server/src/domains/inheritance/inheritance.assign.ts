// Who takes over whom. Takeover members must be able to take customers: in the directory, active (status 1),
// with customer contact (客户联系, the member's licence to have customers), not the handover. The rule gives
// each customer to the least loaded member of the customer's own store, else of the handover's stores, else of
// everyone eligible; load = the member's customers now plus those already headed their way.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export interface Eligibility {
  userid: string;
  name: string;
  /** null when the member may take customers; otherwise why not (field-level message). */
  refusal: string | null;
}

/** Checks members as takeovers: an unknown, resigned, disabled, unactivated or unlicensed member is refused. */
export async function checkTakeovers(
  db: Db,
  corpId: string,
  handover: string,
  userids: string[],
): Promise<Map<string, Eligibility>> {
  const rows =
    userids.length === 0
      ? []
      : await db
          .selectFrom("members")
          .select(["userid", "name", "status", "customer_contact", "removed"])
          .where("corp_id", "=", corpId)
          .where("userid", "in", userids)
          .execute();
  const byId = new Map(rows.map((r) => [r.userid, r]));
  const out = new Map<string, Eligibility>();
  for (const u of userids) {
    const m = byId.get(u);
    let refusal: string | null = null;
    if (u === handover) refusal = `${u} is the member handing over; pick someone else to take over`;
    else if (!m)
      refusal = `${u} is not a member of this corp's directory (sync the directory if they are new)`;
    else if (m.status === 5 || m.removed) refusal = `${u} has resigned and cannot take over customers`;
    else if (m.status === 2) refusal = `${u} is disabled in WeCom and cannot take over customers`;
    else if (m.status === 4) refusal = `${u} has not activated WeCom yet and cannot take over customers`;
    else if (!m.customer_contact)
      refusal = `${u} has no customer-contact licence (客户联系) and cannot have customers; grant it in WeCom first`;
    out.set(u, { userid: u, name: m?.name ?? u, refusal });
  }
  return out;
}

/** Every member who may take over from `handover`. */
export async function eligibleMembers(db: Db, corpId: string, handover: string): Promise<string[]> {
  const rows = await db
    .selectFrom("members")
    .select("userid")
    .where("corp_id", "=", corpId)
    .where("status", "=", 1)
    .where("customer_contact", "=", true)
    .where("removed", "=", false)
    .where("userid", "!=", handover)
    .orderBy("userid")
    .execute();
  return rows.map((r) => r.userid);
}

/** Customers each member has now, plus customers in open transfers to them. */
export async function loads(db: Db, corpId: string, userids: string[]): Promise<Map<string, number>> {
  const out = new Map(userids.map((u) => [u, 0]));
  if (userids.length === 0) return out;
  const { rows } = await sql<{ userid: string; n: string }>`
    select userid, count(*)::text as n from (
      select userid from follow_relations
        where corp_id = ${corpId} and userid = any(${userids}::text[]) and status = 'active'
      union all
      select takeover_userid from inheritance_customers
        where corp_id = ${corpId} and takeover_userid = any(${userids}::text[]) and status in ('planned', 'waiting')
    ) x group by userid`.execute(db);
  for (const r of rows) out.set(r.userid, Number(r.n));
  return out;
}

/** Store ids per member (store staff) and per customer (the customer's store). */
export async function storesOf(db: Db, corpId: string, userids: string[], externalUserids: string[]) {
  const staff =
    userids.length === 0
      ? []
      : await db
          .selectFrom("store_staff")
          .select(["userid", "store_id"])
          .where("corp_id", "=", corpId)
          .where("userid", "in", userids)
          .execute();
  const memberStores = new Map<string, Set<string>>();
  for (const s of staff) {
    const set = memberStores.get(s.userid) ?? new Set<string>();
    set.add(String(s.store_id));
    memberStores.set(s.userid, set);
  }
  const customerStore = new Map<string, string>();
  for (let i = 0; i < externalUserids.length; i += 5000) {
    const { rows } = await sql<{ external_userid: string; store_id: string }>`
      select c.external_userid, cs.store_id::text from customers c
      join customer_stores cs on cs.corp_id = c.corp_id and cs.customer_id = c.id
      where c.corp_id = ${corpId} and c.external_userid = any(${externalUserids.slice(i, i + 5000)}::text[])`.execute(
      db,
    );
    for (const r of rows) customerStore.set(r.external_userid, r.store_id);
  }
  return { memberStores, customerStore };
}

/**
 * The rule, as a pure function: each customer (in order) goes to the least loaded candidate of their store,
 * else of the handover's stores, else of all candidates (ties: the candidates' order).
 */
export function assignByRule(input: {
  customers: string[];
  candidates: string[];
  load: Map<string, number>;
  handoverStores: Set<string>;
  memberStores: Map<string, Set<string>>;
  customerStore: Map<string, string>;
}): Map<string, string> {
  const load = new Map(input.candidates.map((c) => [c, input.load.get(c) ?? 0]));
  const inStore = (store: string) => input.candidates.filter((c) => input.memberStores.get(c)?.has(store));
  const colleagues = input.candidates.filter((c) =>
    [...(input.memberStores.get(c) ?? [])].some((s) => input.handoverStores.has(s)),
  );
  const poolCache = new Map<string, string[]>();
  const out = new Map<string, string>();
  for (const customer of input.customers) {
    const store = input.customerStore.get(customer);
    let pool = store === undefined ? [] : (poolCache.get(store) ?? inStore(store));
    if (store !== undefined) poolCache.set(store, pool);
    if (pool.length === 0) pool = colleagues;
    if (pool.length === 0) pool = input.candidates;
    let best: string | undefined;
    for (const c of pool) if (best === undefined || (load.get(c) ?? 0) < (load.get(best) ?? 0)) best = c;
    if (best === undefined) continue;
    out.set(customer, best);
    load.set(best, (load.get(best) ?? 0) + 1);
  }
  return out;
}
