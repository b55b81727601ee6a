// What a member has to hand over: their customers (for a departed member, WeCom's get_unassigned_list plus the
// relations Siyu knows) and the customer groups they own, minus what is already in an open transfer; and the
// departed members of a corp with those counts.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { refreshGroup } from "../customers/groups.sync.ts";
import type { TransferKind } from "./inheritance.tables.ts";

export interface Holdings {
  customers: string[];
  groups: string[];
  /** Why WeCom could not be asked (the lists are then Siyu's data only). */
  warnings: string[];
}

async function unassignedOf(ctx: Ctx, corpId: string, userid: string | null) {
  const client = await ctx.wecom.forCorp(ctx, corpId);
  const out = new Map<string, { customers: Set<string>; dimission: number }>();
  for await (const row of client.transfer.unassigned()) {
    if (userid !== null && row.handover_userid !== userid) continue;
    const e = out.get(row.handover_userid) ?? { customers: new Set<string>(), dimission: row.dimission_time };
    e.customers.add(row.external_userid);
    out.set(row.handover_userid, e);
  }
  return out;
}

const failure = (err: unknown) =>
  `WeCom's unassigned list could not be read (${err instanceof Error ? err.message : String(err)}); showing Siyu's data only`;

/** Customers and groups `userid` still holds that are not in an open transfer. */
export async function holdingsOf(
  ctx: Ctx,
  corpId: string,
  userid: string,
  kind: TransferKind,
): Promise<Holdings> {
  const warnings: string[] = [];
  const customers = new Set<string>();
  if (kind === "resigned") {
    try {
      for (const c of (await unassignedOf(ctx, corpId, userid)).get(userid)?.customers ?? [])
        customers.add(c);
    } catch (err) {
      warnings.push(failure(err));
    }
  }
  const { rows: known } = await sql<{ external_userid: string }>`
    select r.external_userid from follow_relations r
    where r.corp_id = ${corpId} and r.userid = ${userid} and r.status = 'active'`.execute(ctx.db);
  for (const r of known) customers.add(r.external_userid);
  // A customer in an open transfer (any job) cannot be planned again until it ends.
  const { rows: open } = await sql<{ external_userid: string }>`
    select external_userid from inheritance_customers
    where corp_id = ${corpId} and status in ('planned', 'waiting')
      and external_userid = any(${[...customers]}::text[])`.execute(ctx.db);
  for (const r of open) customers.delete(r.external_userid);
  const groups = new Set<string>();
  try {
    const client = await ctx.wecom.forCorp(ctx, corpId);
    const wecomGroups: string[] = [];
    for await (const g of client.groupChat.iterate({ owner_filter: { userid_list: [userid] } }))
      wecomGroups.push(g.chat_id);
    // Syncs before departed owners were kept may have taken their groups for dismissed: read those again.
    const known = new Set(
      (
        await ctx.db
          .selectFrom("customer_groups")
          .select("chat_id")
          .where("corp_id", "=", corpId)
          .where("owner", "=", userid)
          .where("dismissed_at", "is", null)
          .execute()
      ).map((g) => g.chat_id),
    );
    const at = new Date(ctx.clock.now());
    for (const chat of wecomGroups) {
      if (!known.has(chat)) await refreshGroup(ctx.db, client, corpId, chat, at);
      groups.add(chat);
    }
  } catch (err) {
    warnings.push(
      `WeCom's group list could not be read (${err instanceof Error ? err.message : String(err)}); showing Siyu's data only`,
    );
  }
  const { rows: siyuGroups } = await sql<{ chat_id: string }>`
    select g.chat_id from customer_groups g
    where g.corp_id = ${corpId} and g.owner = ${userid} and g.dismissed_at is null`.execute(ctx.db);
  for (const g of siyuGroups) groups.add(g.chat_id);
  const { rows: moving } = await sql<{ chat_id: string }>`
    select chat_id from inheritance_groups where corp_id = ${corpId} and chat_id = any(${[...groups]}::text[])
      and (status = 'planned' or (status = 'succeeded' and new_owner <> ${userid}))`.execute(ctx.db);
  for (const g of moving) groups.delete(g.chat_id);
  return { customers: [...customers].sort(), groups: [...groups].sort(), warnings };
}

export interface DepartedMember {
  userid: string;
  name: string;
  dimissionTime: string | null;
  /** Customers WeCom lists as unassigned for them. */
  unassigned: number;
  /** Customers Siyu still sees with them. */
  customers: number;
  groups: number;
  latestJob: { id: string; status: string } | null;
}

/** Departed members: in WeCom's unassigned list or marked left in Siyu's directory. */
export async function listDeparted(
  ctx: Ctx,
  corpId: string,
): Promise<{ items: DepartedMember[]; warnings: string[] }> {
  const warnings: string[] = [];
  let unassigned = new Map<string, { customers: Set<string>; dimission: number }>();
  try {
    unassigned = await unassignedOf(ctx, corpId, null);
  } catch (err) {
    warnings.push(failure(err));
  }
  const { rows } = await sql<{
    userid: string;
    name: string | null;
    customers: string;
    groups: string;
    job_id: string | null;
    job_status: string | null;
  }>`
    with ids as (
      select userid from members where corp_id = ${corpId} and (status = 5 or removed)
      union select unnest(${[...unassigned.keys()]}::text[])
    )
    select ids.userid, m.name,
      (select count(*) from follow_relations r where r.corp_id = ${corpId} and r.userid = ids.userid
        and r.status = 'active')::text as customers,
      (select count(*) from customer_groups g where g.corp_id = ${corpId} and g.owner = ids.userid
        and g.dismissed_at is null)::text as groups,
      j.id::text as job_id, j.status as job_status
    from ids
    left join members m on m.corp_id = ${corpId} and m.userid = ids.userid
    left join lateral (select id, status from inheritance_jobs j where j.corp_id = ${corpId}
      and j.handover_userid = ids.userid order by j.created_at desc limit 1) j on true
    order by ids.userid`.execute(ctx.db);
  // Siyu's registry may have lost a departed owner's groups (a sync after they left): count them in WeCom.
  const wecomGroups = new Map<string, number>();
  try {
    const client = await ctx.wecom.forCorp(ctx, corpId);
    for (const r of rows.slice(0, 200)) {
      let n = 0;
      for await (const _ of client.groupChat.iterate({ owner_filter: { userid_list: [r.userid] } })) n++;
      wecomGroups.set(r.userid, n);
    }
  } catch (err) {
    if (warnings.length === 0) warnings.push(failure(err));
  }
  return {
    items: rows.map((r) => {
      const u = unassigned.get(r.userid);
      return {
        userid: r.userid,
        name: r.name || r.userid,
        dimissionTime: u?.dimission ? new Date(u.dimission * 1000).toISOString() : null,
        unassigned: u?.customers.size ?? 0,
        customers: Number(r.customers),
        groups: wecomGroups.get(r.userid) ?? Number(r.groups),
        latestJob: r.job_id ? { id: r.job_id, status: r.job_status ?? "running" } : null,
      };
    }),
    warnings,
  };
}

export interface AssetsView {
  userid: string;
  name: string;
  customers: { externalUserid: string; name: string; store: string | null }[];
  groups: { chatId: string; name: string; memberCount: number }[];
  warnings: string[];
}

/** One member's customers and groups still to hand over, with names. */
export async function memberAssets(
  ctx: Ctx,
  corpId: string,
  userid: string,
  kind: TransferKind,
): Promise<AssetsView> {
  const h = await holdingsOf(ctx, corpId, userid, kind);
  const member = await ctx.db
    .selectFrom("members")
    .select("name")
    .where("corp_id", "=", corpId)
    .where("userid", "=", userid)
    .executeTakeFirst();
  const { rows: customers } = await sql<{
    external_userid: string;
    name: string | null;
    store: string | null;
  }>`
    select x.ext as external_userid, c.name, s.name as store
    from unnest(${h.customers}::text[]) x(ext)
    left join customers c on c.corp_id = ${corpId} and c.external_userid = x.ext
    left join customer_stores cs on cs.corp_id = ${corpId} and cs.customer_id = c.id
    left join stores s on s.id = cs.store_id
    order by x.ext`.execute(ctx.db);
  const groups =
    h.groups.length === 0
      ? []
      : await ctx.db
          .selectFrom("customer_groups")
          .select(["chat_id", "name", "member_count"])
          .where("corp_id", "=", corpId)
          .where("chat_id", "in", h.groups)
          .orderBy("chat_id")
          .execute();
  return {
    userid,
    name: member?.name || userid,
    customers: customers.map((c) => ({
      externalUserid: c.external_userid,
      name: c.name || c.external_userid,
      store: c.store,
    })),
    groups: groups.map((g) => ({ chatId: g.chat_id, name: g.name, memberCount: g.member_count })),
    warnings: h.warnings,
  };
}
