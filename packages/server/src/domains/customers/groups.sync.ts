// Customer groups (客户群): groupchat/list per owner batch, then groupchat/get per group, members replaced whole.
// Also used by the refresh worker for groups that change_external_chat callbacks marked.
import { type GroupChat, WeComApiError, type WeComClient } from "@siyu/wecom";
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { followUserIds } from "../directory/directory.sync.ts";
import { closeTasksOfDismissed } from "../group-duplicates/removals.ts";
import { lockGroup, recordMemberChanges } from "../group-registry/members.ts";
import type { SyncRun } from "../sync/sync.run.ts";

const ts = (s: number) => new Date(s * 1000);

/**
 * Stores a group as groupchat/get returned it, replacing its member list; who joined or left since the registry
 * last knew the group is recorded (a callback WeCom lost shows up here).
 */
export async function storeGroup(
  db: Db,
  corpId: string,
  g: GroupChat,
  at: Date,
  extra: { status?: number; seenRun?: string },
): Promise<void> {
  await lockGroup(db, corpId, g.chat_id);
  const before = await db
    .selectFrom("customer_group_members")
    .select(["member_id", "type"])
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", g.chat_id)
    .execute();
  const now = new Set(g.member_list.map((m) => m.userid));
  const had = new Set(before.map((m) => m.member_id));
  await db
    .insertInto("customer_groups")
    .values({
      corp_id: corpId,
      chat_id: g.chat_id,
      name: g.name,
      owner: g.owner,
      notice: g.notice ?? null,
      status: extra.status ?? 0,
      member_version: g.member_version ?? null,
      member_count: g.member_list.length,
      admins: (g.admin_list ?? []).map((a) => a.userid),
      created_at: ts(g.create_time),
      dismissed_at: null,
      needs_refresh: false,
      seen_run: extra.seenRun ?? null,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(["corp_id", "chat_id"]).doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        owner: eb.ref("excluded.owner"),
        notice: eb.ref("excluded.notice"),
        member_version: eb.ref("excluded.member_version"),
        member_count: eb.ref("excluded.member_count"),
        admins: eb.ref("excluded.admins"),
        created_at: eb.ref("excluded.created_at"),
        dismissed_at: null,
        needs_refresh: false,
        updated_at: at,
        ...(extra.status === undefined ? {} : { status: eb.ref("excluded.status") }),
        ...(extra.seenRun === undefined ? {} : { seen_run: eb.ref("excluded.seen_run") }),
      })),
    )
    .execute();
  await db
    .deleteFrom("customer_group_members")
    .where("corp_id", "=", corpId)
    .where("chat_id", "=", g.chat_id)
    .execute();
  if (g.member_list.length > 0) {
    await db
      .insertInto("customer_group_members")
      .values(
        g.member_list.map((m) => ({
          corp_id: corpId,
          chat_id: g.chat_id,
          member_id: m.userid,
          type: m.type,
          unionid: m.unionid ?? null,
          join_time: m.join_time ? ts(m.join_time) : null,
          join_scene: m.join_scene ?? null,
          invitor: m.invitor?.userid ?? null,
          group_nickname: m.group_nickname ?? null,
          name: m.name ?? null,
          state: m.state ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(["corp_id", "chat_id", "member_id"]).doNothing())
      .execute();
  }
  await recordMemberChanges(
    db,
    corpId,
    g.chat_id,
    {
      joined: g.member_list
        .filter((m) => !had.has(m.userid))
        .map((m) => ({
          memberId: m.userid,
          type: m.type,
          at: m.join_time ? ts(m.join_time) : at,
          scene: m.join_scene ?? null,
        })),
      left: before
        .filter((m) => !now.has(m.member_id))
        .map((m) => ({ memberId: m.member_id, type: m.type, at, scene: null })),
    },
    "reread",
    at,
  );
}

export async function markGroupDismissed(db: Db, corpId: string, chatId: string, at: Date): Promise<void> {
  await db
    .insertInto("customer_groups")
    .values({
      corp_id: corpId,
      chat_id: chatId,
      dismissed_at: at,
      owner: null,
      notice: null,
      member_version: null,
      created_at: null,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["corp_id", "chat_id"])
        .doUpdateSet({ dismissed_at: at, needs_refresh: false, updated_at: at }),
    )
    .execute();
  await closeTasksOfDismissed(db, corpId, chatId, at);
}

/** Fetches one group; a dismissed or unknown group is marked dismissed. */
export async function refreshGroup(db: Db, client: WeComClient, corpId: string, chatId: string, at: Date) {
  try {
    const { group_chat } = await client.groupChat.get(chatId, { needName: true });
    await db.transaction().execute((trx) => storeGroup(trx, corpId, group_chat, at, {}));
  } catch (err) {
    if (err instanceof WeComApiError && [40050, 49008, 90501].includes(err.errcode)) {
      await markGroupDismissed(db, corpId, chatId, at);
      return;
    }
    throw err;
  }
}

/**
 * Owners who left (resigned or gone from the directory) and still own groups Siyu has as live. WeCom keeps
 * their groups (groupchat/list status 1, resigned-pending) until they are transferred or dismissed, but the
 * follow-user list no longer names them, so they are asked for separately.
 */
async function departedOwners(run: SyncRun): Promise<string[]> {
  const { rows } = await sql<{ owner: string }>`
    select distinct g.owner from customer_groups g
    join members m on m.corp_id = g.corp_id and m.userid = g.owner
    where g.corp_id = ${run.corpId} and g.dismissed_at is null and (m.status = 5 or m.removed)
    order by g.owner`.execute(run.ctx.db);
  return rows.map((r) => r.owner);
}

export async function syncGroups(run: SyncRun): Promise<void> {
  const { ctx, corpId, client, runId } = run;
  const readOwners = async (userids: string[]) => {
    const filter = { owner_filter: { userid_list: userids } };
    for await (const summary of client.groupChat.iterate(filter, { limit: 1000 })) {
      try {
        const { group_chat } = await client.groupChat.get(summary.chat_id, { needName: true });
        const at = new Date(ctx.clock.now());
        await ctx.db.transaction().execute(async (trx) => {
          await storeGroup(trx, corpId, group_chat, at, { status: summary.status, seenRun: runId });
        });
        run.rec.count("groups");
      } catch (err) {
        if (err instanceof WeComApiError && [40050, 49008, 90501].includes(err.errcode)) continue;
        throw err;
      }
    }
  };
  const owners = await followUserIds(run);
  for (let i = 0; i < owners.length; i += 100) await readOwners(owners.slice(i, i + 100));
  // A departed owner's groups are not dismissed: WeCom is asked for them; if it refuses to list them, they stay.
  const departed = await departedOwners(run);
  const unlisted: string[] = [];
  for (let i = 0; i < departed.length; i += 100) {
    const batch = departed.slice(i, i + 100);
    try {
      await readOwners(batch);
    } catch (err) {
      if (!(err instanceof WeComApiError)) throw err;
      ctx.log.warn(
        { err, owners: batch },
        "groups of departed owners could not be listed; kept as they were",
      );
      unlisted.push(...batch);
    }
  }
  const at = new Date(ctx.clock.now());
  let sweep = ctx.db
    .updateTable("customer_groups")
    .set({ dismissed_at: at, updated_at: at })
    .where("corp_id", "=", corpId)
    .where("dismissed_at", "is", null)
    .where(sql<boolean>`seen_run is distinct from ${runId}::bigint`)
    .where("updated_at", "<", run.startedAt);
  if (unlisted.length > 0)
    sweep = sweep.where((eb) => eb.or([eb("owner", "is", null), eb("owner", "not in", unlisted)]));
  const gone = await sweep.returning("chat_id").execute();
  for (const g of gone) {
    run.rec.repair("group.dismissed", { chatId: g.chat_id });
    await closeTasksOfDismissed(ctx.db, corpId, g.chat_id, at);
  }
}
