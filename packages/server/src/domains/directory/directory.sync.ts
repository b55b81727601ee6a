// Directory sync for self-built apps (addendum §7): department/simplelist → user/simplelist → user/get per member,
// plus get_follow_user_list for who may have customers. Members no longer visible are marked removed.
import type { User } from "@siyu/wecom";
import { WeComApiError } from "@siyu/wecom";
import { sql } from "kysely";
import { nowDate } from "../../lib/clock.ts";
import type { SyncRun } from "../sync/sync.run.ts";

/** Fetches with at most `width` calls in flight. */
async function mapLimited<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

export async function syncDirectory(run: SyncRun): Promise<void> {
  const { ctx, corpId, runId, client, rec } = run;
  const at = nowDate(ctx.clock);
  const depts = (await client.directory.departmentSimpleList()).department_id;
  if (depts.length > 0) {
    await ctx.db
      .insertInto("departments")
      .values(
        depts.map((d) => ({
          corp_id: corpId,
          id: d.id,
          parent_id: d.parentid,
          order: d.order,
          name: null,
          seen_run: runId,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["corp_id", "id"]).doUpdateSet((eb) => ({
          parent_id: eb.ref("excluded.parent_id"),
          order: eb.ref("excluded.order"),
          seen_run: eb.ref("excluded.seen_run"),
          updated_at: at,
        })),
      )
      .execute();
  }
  await ctx.db
    .deleteFrom("departments")
    .where("corp_id", "=", corpId)
    .where((eb) => eb.or([eb("seen_run", "is", null), eb("seen_run", "!=", runId)]))
    .execute();
  rec.count("departments", depts.length);

  // Every visible member, once (a member in several departments is listed under each).
  const roots = depts.filter((d) => !depts.some((p) => p.id === d.parentid));
  const summaries = new Map<string, { userid: string; name: string; department: number[] }>();
  for (const root of roots) {
    const { userlist } = await client.directory.userSimpleList(root.id, { fetchChild: true });
    for (const u of userlist) summaries.set(u.userid, u);
  }
  const followers = new Set((await client.externalContact.getFollowUserList()).follow_user);
  const details = await mapLimited([...summaries.keys()], 8, async (userid): Promise<User | undefined> => {
    try {
      return await client.directory.getUser(userid);
    } catch (err) {
      if (err instanceof WeComApiError && (err.errcode === 60011 || err.errcode === 60111)) return undefined;
      throw err;
    }
  });
  const rows = details
    .filter((u): u is User => u !== undefined)
    .map((u) => ({
      corp_id: corpId,
      userid: u.userid,
      name: u.name,
      departments: u.department ?? summaries.get(u.userid)?.department ?? [],
      main_department: u.main_department ?? null,
      position: u.position ?? null,
      leader_in: (u.department ?? []).filter((_, i) => u.is_leader_in_dept?.[i] === 1),
      open_userid: u.open_userid ?? null,
      status: u.status ?? 1,
      customer_contact: followers.has(u.userid),
      removed: false,
      seen_run: runId,
      updated_at: at,
    }));
  for (let i = 0; i < rows.length; i += 500) {
    await ctx.db
      .insertInto("members")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(["corp_id", "userid"]).doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          departments: eb.ref("excluded.departments"),
          main_department: eb.ref("excluded.main_department"),
          position: eb.ref("excluded.position"),
          leader_in: eb.ref("excluded.leader_in"),
          open_userid: eb.ref("excluded.open_userid"),
          status: eb.ref("excluded.status"),
          customer_contact: eb.ref("excluded.customer_contact"),
          removed: false,
          seen_run: eb.ref("excluded.seen_run"),
          updated_at: at,
        })),
      )
      .execute();
  }
  // Followers outside the simple lists (should not happen, but their customers must still sync).
  const missing = [...followers].filter((u) => !summaries.has(u));
  if (missing.length > 0) {
    await ctx.db
      .insertInto("members")
      .values(missing.map((userid) => ({ corp_id: corpId, userid, customer_contact: true, seen_run: runId })))
      .onConflict((oc) =>
        oc
          .columns(["corp_id", "userid"])
          .doUpdateSet({ customer_contact: true, removed: false, seen_run: runId }),
      )
      .execute();
  }
  const gone = await ctx.db
    .updateTable("members")
    .set({ removed: true, customer_contact: false, updated_at: at })
    .where("corp_id", "=", corpId)
    .where("removed", "=", false)
    .where(sql<boolean>`seen_run is distinct from ${runId}::bigint`)
    .returning("userid")
    .execute();
  for (const g of gone) rec.repair("member.removed", { userid: g.userid });
  rec.count("members", rows.length + missing.length);
}

/** The members whose customers the customer phase walks, in a stable order. */
export async function followUserIds(run: SyncRun): Promise<string[]> {
  const rows = await run.ctx.db
    .selectFrom("members")
    .select("userid")
    .where("corp_id", "=", run.corpId)
    .where("customer_contact", "=", true)
    .where("removed", "=", false)
    .orderBy("userid")
    .execute();
  return rows.map((r) => r.userid);
}
