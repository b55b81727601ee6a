// The customer phase of a sync: walks batch/get_by_user over every follow user, page by page, storing each page
// (customers, follow relations, their corp tags) in one transaction together with the resume checkpoint, so
// nothing but one page is ever held in memory. Differences from what Siyu had are recorded as repairs; relations
// WeCom no longer reports are swept at the end.
import type { ExternalContactWithFollowInfo } from "@siyu/wecom";
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { followUserIds } from "../directory/directory.sync.ts";
import { bindOrdersOfCustomers } from "../orders/orders.binding.ts";
import type { SyncRun } from "../sync/sync.run.ts";
import { addTimeline } from "../tags/follow-tags.repository.ts";

export interface CustomerCheckpoint {
  /** Index of the batch of ≤100 follow users being walked. */
  batch?: number;
  /** batch/get_by_user cursor inside that batch ("" = from the start). */
  cursor?: string;
}

const BATCH = 100;

/**
 * The updated_at a sync gives a relation. Callback times are whole seconds, so a change made in the same second
 * as the fetch would look older than the sync's state and be ignored; stamping just before that second lets
 * such callbacks apply.
 */
export function relationStamp(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000 - 1);
}
const key = (e: string, u: string) => `${e}\u0000${u}`;

/** Pairs stored per transaction: several API pages, so commits and statements are few. */
const GROUP = 1000;
/** Statistics are refreshed each time the pairs stored by a run double past this (see syncCustomers). */
const ANALYZE_FROM = 4000;

interface FetchedPage {
  list: ExternalContactWithFollowInfo[];
  /** Where to continue after this page. */
  next: Required<CustomerCheckpoint>;
}

export async function syncCustomers(run: SyncRun, checkpoint: CustomerCheckpoint): Promise<void> {
  const followers = await followUserIds(run);
  const fetchPage = (at: Required<CustomerCheckpoint>): Promise<FetchedPage> => {
    const p = fetchOne(at);
    // A prefetched page may be abandoned when storing fails or the server stops: never leave it unhandled.
    p.catch(() => {});
    return p;
  };
  const fetchOne = async (at: Required<CustomerCheckpoint>): Promise<FetchedPage> => {
    const page = await run.client.externalContact.batchGetByUser({
      userid_list: followers.slice(at.batch * BATCH, (at.batch + 1) * BATCH),
      cursor: at.cursor,
      limit: 100,
    });
    const cursor = page.next_cursor ?? "";
    return {
      list: page.external_contact_list,
      next: cursor === "" ? { batch: at.batch + 1, cursor: "" } : { batch: at.batch, cursor },
    };
  };
  const more = (at: Required<CustomerCheckpoint>) => at.batch * BATCH < followers.length;
  const first = { batch: checkpoint.batch ?? 0, cursor: checkpoint.cursor ?? "" };
  // The next page is fetched while the current group is stored; at most GROUP + 100 pairs are in memory.
  let pending: Promise<FetchedPage> | undefined = more(first) ? fetchPage(first) : undefined;
  let stored = 0;
  let analyzeAt = ANALYZE_FROM;
  while (pending) {
    const group: ExternalContactWithFollowInfo[] = [];
    let reached: Required<CustomerCheckpoint> = first;
    let pages = 0;
    while (pending && group.length < GROUP) {
      const page: FetchedPage = await pending;
      for (const x of page.list) group.push(x);
      pages++;
      reached = page.next;
      pending = more(reached) ? fetchPage(reached) : undefined;
    }
    await run.ctx.db.transaction().execute(async (trx) => {
      await storePage(run, trx, group);
      run.rec.count("pages", pages);
      await run.save({ customers: reached }, trx);
    });
    stored += group.length;
    if (stored >= analyzeAt) {
      // A first sync grows these tables from nothing faster than autovacuum re-samples them; with stale
      // statistics PostgreSQL plans lookups by customer id (the segment engine's refresh, the relation
      // diffs above) as nested loops over sequential scans, minutes per batch at 100,000 customers.
      analyzeAt *= 2;
      await sql`analyze customers, follow_relations, follow_tags`.execute(run.ctx.db);
    }
  }
}

/** Stores one page of (customer, follow_info) pairs, recording what differed from Siyu's state. */
export async function storePage(run: SyncRun, db: Db, list: ExternalContactWithFollowInfo[]): Promise<void> {
  if (list.length === 0) return;
  const { corpId, runId, rec } = run;
  const at = nowDate(run.ctx.clock);
  const stamp = relationStamp(at);
  const customers = new Map(list.map((x) => [x.external_contact.external_userid, x.external_contact]));
  const ids = [...customers.keys()];
  const pairs = new Map(list.map((x) => [key(x.external_contact.external_userid, x.follow_info.userid), x]));

  const [oldCustomers, oldRelations, oldTags] = await Promise.all([
    db
      .selectFrom("customers")
      .select(["external_userid", "name", "unionid", "needs_refresh"])
      .where("corp_id", "=", corpId)
      .where("external_userid", "in", ids)
      .execute(),
    db
      .selectFrom("follow_relations")
      .select(["external_userid", "userid", "status", "remark", "description", "state", "remark_mobiles"])
      .where("corp_id", "=", corpId)
      .where("external_userid", "in", ids)
      .execute(),
    db
      .selectFrom("follow_tags")
      .select(["external_userid", "userid", "tag_id", "applied_at"])
      .where("corp_id", "=", corpId)
      .where("external_userid", "in", ids)
      .execute(),
  ]);

  // What differs from Siyu.
  const oldC = new Map(oldCustomers.map((c) => [c.external_userid, c]));
  for (const c of customers.values()) {
    const o = oldC.get(c.external_userid);
    if (!o) rec.repair("customer.added", { externalUserId: c.external_userid, name: c.name });
    else if (!o.needs_refresh && (o.name !== c.name || (o.unionid ?? undefined) !== c.unionid))
      rec.repair("customer.updated", { externalUserId: c.external_userid, name: c.name, from: o.name });
  }
  const oldR = new Map(oldRelations.map((r) => [key(r.external_userid, r.userid), r]));
  const added: ExternalContactWithFollowInfo[] = [];
  for (const [k, x] of pairs) {
    const o = oldR.get(k);
    const f = x.follow_info;
    const ref = { externalUserId: x.external_contact.external_userid, userid: f.userid };
    if (!o || o.status === "deleted_by_member" || o.status === "transferred") {
      rec.repair("relation.added", ref);
      added.push(x);
    } else if (
      o.remark !== f.remark ||
      o.description !== f.description ||
      (o.state ?? undefined) !== f.state
    ) {
      rec.repair("relation.updated", { ...ref, remark: f.remark });
    }
  }
  const tagKeys = new Set<string>();
  for (const x of list) {
    for (const t of x.follow_info.tag_id ?? [])
      tagKeys.add(`${key(x.external_contact.external_userid, x.follow_info.userid)}\u0000${t}`);
  }
  const oldTagKeys = new Set<string>();
  const staleTags: { e: string; u: string; t: string }[] = [];
  for (const t of oldTags) {
    const k = key(t.external_userid, t.userid);
    if (!pairs.has(k)) continue;
    const tk = `${k}\u0000${t.tag_id}`;
    oldTagKeys.add(tk);
    // A tag applied after the run started may be newer than the page; leave it.
    if (!tagKeys.has(tk) && t.applied_at < run.startedAt) {
      staleTags.push({ e: t.external_userid, u: t.userid, t: t.tag_id });
      rec.repair("follow_tag.removed", {
        externalUserId: t.external_userid,
        userid: t.userid,
        tagId: t.tag_id,
      });
    }
  }
  const newTags: { e: string; u: string; t: string }[] = [];
  for (const tk of tagKeys) {
    const [e, u, t] = tk.split("\u0000") as [string, string, string];
    newTags.push({ e, u, t });
    if (!oldTagKeys.has(tk)) rec.repair("follow_tag.added", { externalUserId: e, userid: u, tagId: t });
  }

  // Phones: the remark_mobiles of every live relation, the page's and those already stored.
  const phones = new Map<string, Set<string>>();
  const addPhones = (e: string, mobiles: string[] | undefined) => {
    const set = phones.get(e) ?? new Set<string>();
    phones.set(e, set);
    for (const m of mobiles ?? []) if (m !== "") set.add(m);
  };
  for (const x of pairs.values()) addPhones(x.external_contact.external_userid, x.follow_info.remark_mobiles);
  for (const r of oldRelations) {
    if (
      !pairs.has(key(r.external_userid, r.userid)) &&
      r.status !== "deleted_by_member" &&
      r.status !== "transferred"
    )
      addPhones(r.external_userid, r.remark_mobiles);
  }

  await db
    .insertInto("customers")
    .values(
      [...customers.values()].map((c) => ({
        corp_id: corpId,
        external_userid: c.external_userid,
        name: c.name,
        type: c.type,
        gender: c.gender,
        avatar: c.avatar ?? null,
        unionid: c.unionid ?? null,
        position: c.position ?? null,
        corp_name: c.corp_name ?? null,
        corp_full_name: c.corp_full_name ?? null,
        phones: [...(phones.get(c.external_userid) ?? [])].sort(),
        needs_refresh: false,
        seen_run: runId,
        updated_at: at,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "external_userid"])
        .doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          type: eb.ref("excluded.type"),
          gender: eb.ref("excluded.gender"),
          avatar: eb.ref("excluded.avatar"),
          unionid: eb.ref("excluded.unionid"),
          position: eb.ref("excluded.position"),
          corp_name: eb.ref("excluded.corp_name"),
          corp_full_name: eb.ref("excluded.corp_full_name"),
          phones: eb.ref("excluded.phones"),
          needs_refresh: false,
          seen_run: eb.ref("excluded.seen_run"),
          updated_at: at,
        }))
        .where(
          // Unchanged customers are not rewritten (a reconcile of 100k customers would otherwise rewrite them all).
          sql<boolean>`(customers.name, customers.type, customers.gender, customers.avatar, customers.unionid,
          customers.position, customers.corp_name, customers.corp_full_name, customers.phones, customers.needs_refresh)
          is distinct from (excluded.name, excluded.type, excluded.gender, excluded.avatar, excluded.unionid,
          excluded.position, excluded.corp_name, excluded.corp_full_name, excluded.phones, false)`,
        ),
    )
    .execute();

  await db
    .insertInto("follow_relations")
    .values(
      [...pairs.values()].map((x) => {
        const f = x.follow_info;
        return {
          corp_id: corpId,
          external_userid: x.external_contact.external_userid,
          userid: f.userid,
          state: f.state ?? null,
          status: "active" as const,
          added_at: new Date(f.createtime * 1000),
          updated_at: stamp,
          remark: f.remark ?? "",
          description: f.description ?? "",
          remark_mobiles: (f.remark_mobiles ?? []).filter((m) => m !== ""),
          remark_corp_name: f.remark_corp_name ?? null,
          add_way: f.add_way ?? null,
          oper_userid: f.oper_userid ?? null,
          seen_run: runId,
        };
      }),
    )
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "external_userid", "userid"])
        .doUpdateSet((eb) => ({
          // The customer deleting the member leaves the relation in WeCom (one-way); keep that knowledge.
          status: sql`case when follow_relations.status = 'deleted_by_customer' then 'deleted_by_customer' else 'active' end`,
          state: eb.ref("excluded.state"),
          added_at: eb.ref("excluded.added_at"),
          remark: eb.ref("excluded.remark"),
          description: eb.ref("excluded.description"),
          remark_mobiles: eb.ref("excluded.remark_mobiles"),
          remark_corp_name: eb.ref("excluded.remark_corp_name"),
          add_way: eb.ref("excluded.add_way"),
          oper_userid: eb.ref("excluded.oper_userid"),
          seen_run: eb.ref("excluded.seen_run"),
          updated_at: stamp,
        }))
        // A callback processed after the run started is newer than this page.
        .where("follow_relations.updated_at", "<", run.startedAt),
    )
    .execute();

  // Only tags Siyu does not have yet are written; stale ones were found above.
  const toInsert = newTags.filter((x) => !oldTagKeys.has(`${key(x.e, x.u)}\u0000${x.t}`));
  if (toInsert.length > 0) {
    await sql`insert into follow_tags (corp_id, external_userid, userid, tag_id, source, applied_at, seen_run)
      select ${corpId}, e, u, t, 'wecom', ${at}, ${runId}::bigint
      from unnest(${toInsert.map((x) => x.e)}::text[], ${toInsert.map((x) => x.u)}::text[], ${toInsert.map((x) => x.t)}::text[]) as v(e, u, t)
      on conflict (corp_id, external_userid, userid, tag_id) do nothing`.execute(db);
  }
  if (staleTags.length > 0) {
    await sql`delete from follow_tags where corp_id = ${corpId}
      and (external_userid, userid, tag_id) in (select * from unnest(${staleTags.map((x) => x.e)}::text[],
        ${staleTags.map((x) => x.u)}::text[], ${staleTags.map((x) => x.t)}::text[]))`.execute(db);
  }

  if (run.timeline) {
    // Tag changes made in WeCom (by a member, or missed while callbacks were lost), one entry per relation.
    const changes = new Map<string, { e: string; u: string; add: string[]; remove: string[] }>();
    const change = (e: string, u: string) => {
      const k = key(e, u);
      const c = changes.get(k) ?? { e, u, add: [], remove: [] };
      changes.set(k, c);
      return c;
    };
    for (const x of toInsert) change(x.e, x.u).add.push(x.t);
    for (const x of staleTags) change(x.e, x.u).remove.push(x.t);
    for (const c of changes.values()) {
      await addTimeline(db, {
        corpId,
        externalUserId: c.e,
        userid: c.u,
        kind: "tags.changed",
        detail: { add: c.add, remove: c.remove, source: "wecom" },
        at,
      });
    }
  }
  if (run.kind === "reconcile") {
    for (const x of added) {
      await addTimeline(db, {
        corpId,
        externalUserId: x.external_contact.external_userid,
        userid: x.follow_info.userid,
        kind: "customer.added",
        detail: { state: x.follow_info.state ?? null, source: "reconcile" },
        at,
      });
    }
  }
  // Orders waiting for these customers (by unionid or phone) bind now, in this page's transaction.
  await bindOrdersOfCustomers(db, corpId, ids, at);
  rec.count("customers", customers.size);
  rec.count("relations", pairs.size);
}

/**
 * Relations Siyu has as live that WeCom no longer reported in this run: the member deleted the customer.
 * A departed member's relations are left alone: WeCom stops listing the member (get_follow_user_list), so the
 * run never asked for their customers, who are still there, unassigned (get_unassigned_list) until inheritance
 * moves them (recordTakeovers ends the departed member's side then).
 */
export async function sweepRelations(run: SyncRun): Promise<void> {
  const at = nowDate(run.ctx.clock);
  const gone = await run.ctx.db
    .updateTable("follow_relations")
    .set({ status: "deleted_by_member", updated_at: relationStamp(at) })
    .where("corp_id", "=", run.corpId)
    .where("status", "in", ["active", "deleted_by_customer"])
    .where(sql<boolean>`seen_run is distinct from ${run.runId}::bigint`)
    .where("updated_at", "<", run.startedAt)
    .where(
      sql<boolean>`not exists (select 1 from members m where m.corp_id = follow_relations.corp_id
        and m.userid = follow_relations.userid and (m.status = 5 or m.removed))`,
    )
    .returning(["external_userid", "userid"])
    .execute();
  for (let i = 0; i < gone.length; i += 1000) {
    const slice = gone.slice(i, i + 1000);
    await run.ctx.db.transaction().execute(async (trx) => {
      for (const g of slice) {
        run.rec.repair("relation.removed", { externalUserId: g.external_userid, userid: g.userid });
        await addTimeline(trx, {
          corpId: run.corpId,
          externalUserId: g.external_userid,
          userid: g.userid,
          kind: "customer.deleted_by_member",
          detail: { source: "reconcile" },
          at,
        });
      }
      await run.save({}, trx);
    });
  }
}
