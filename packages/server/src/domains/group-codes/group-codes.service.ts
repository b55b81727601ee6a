// Group live codes (群活码): create, edit and delete codes backed by WeCom join ways (scene 2 QR, ≤5 groups,
// auto-create when full); read models that first pick up groups WeCom auto-created (marked by callbacks,
// read from get_join_way here, outside the inbox transaction); daily stats of joins, leaves and new groups.
import { randomBytes } from "node:crypto";
import { WeComApiError, type WeComClient } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import * as repo from "./group-codes.repository.ts";
import {
  type GroupCodeInput,
  type GroupCodePatch,
  type GroupCodeView,
  type GroupStatsView,
  groupCodeInput,
  groupCodePatch,
  groupStatsQuery,
} from "./group-codes.schemas.ts";

type Row = NonNullable<Awaited<ReturnType<typeof repo.codeById>>>;

const localDay = (at: Date, tz: number) => new Date(at.getTime() + tz * 60_000).toISOString().slice(0, 10);

/** Maps a WeCom error on a join way to an AppError (groups refused → path /chatIds). Store codes use it too. */
export function wecomFailure(err: unknown): never {
  if (err instanceof WeComApiError) {
    if (err.errcode === 41091) {
      throw new AppError("VALIDATION_FAILED", "WeCom refused the group list", [
        { path: "/chatIds", message: "at most 5 groups per code (WeCom's limit)" },
      ]);
    }
    if ([40050, 49008, 90501].includes(err.errcode)) {
      throw new AppError("WECOM_REJECTED", `WeCom refused a group (errcode ${err.errcode})`, {
        errcode: err.errcode,
        path: "/chatIds",
      });
    }
    throw new AppError("WECOM_REJECTED", `WeCom refused the join way (errcode ${err.errcode})`, {
      errcode: err.errcode,
    });
  }
  throw err;
}

export function joinWayFields(c: {
  remark: string | null;
  autoCreateRoom: boolean;
  roomBaseName: string | null;
  roomBaseId: number | null;
  chatIds: string[];
  state: string;
}) {
  return {
    scene: 2,
    ...(c.remark ? { remark: c.remark } : {}),
    auto_create_room: c.autoCreateRoom ? 1 : 0,
    ...(c.autoCreateRoom && c.roomBaseName ? { room_base_name: c.roomBaseName } : {}),
    ...(c.autoCreateRoom && c.roomBaseId ? { room_base_id: c.roomBaseId } : {}),
    chat_id_list: c.chatIds,
    state: c.state,
  };
}

export async function createGroupCode(
  ctx: Ctx,
  corpId: string,
  input: GroupCodeInput,
): Promise<GroupCodeView> {
  const c = groupCodeInput.parse(input);
  const state = c.state ?? `gc_${randomBytes(9).toString("base64url")}`;
  const client = await ctx.wecom.forCorp(ctx, corpId);
  if (await repo.stateTaken(ctx.db, corpId, state)) {
    throw new AppError("GROUP_CODE_STATE_TAKEN", `another group code already uses state ${state}`, [
      { path: "/state", message: "already used by another group code of this corp" },
    ]);
  }
  const settings = {
    remark: c.remark ?? null,
    autoCreateRoom: c.autoCreateRoom,
    roomBaseName: c.roomBaseName ?? null,
    roomBaseId: c.roomBaseId ?? null,
    chatIds: c.chatIds,
    state,
  };
  const configId = await client.groupChat
    .addJoinWay(joinWayFields(settings))
    .then((r) => r.config_id, wecomFailure);
  const way = await client.groupChat.getJoinWay(configId).then((r) => r.join_way, wecomFailure);
  const at = new Date(ctx.clock.now());
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("group_codes")
      .values({
        corp_id: corpId,
        name: c.name,
        state,
        config_id: configId,
        qr_code: way.qr_code ?? null,
        remark: settings.remark,
        auto_create_room: c.autoCreateRoom,
        room_base_name: settings.roomBaseName,
        room_base_id: settings.roomBaseId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await repo.setChats(trx, corpId, row.id, c.chatIds, "configured", at, localDay(at, 480));
    return row.id;
  });
  return getGroupCode(ctx, corpId, id);
}

export async function updateGroupCode(
  ctx: Ctx,
  corpId: string,
  id: string,
  patch: GroupCodePatch,
): Promise<GroupCodeView> {
  const p = groupCodePatch.parse(patch);
  const row = await mustGet(ctx, corpId, id);
  await refreshCode(ctx, row);
  const chats = (await repo.chatsOf(ctx.db, corpId, [id])).map((c) => c.chat_id);
  const next = {
    remark: p.remark !== undefined ? p.remark : row.remark,
    autoCreateRoom: p.autoCreateRoom ?? row.auto_create_room,
    roomBaseName: p.roomBaseName !== undefined ? p.roomBaseName : row.room_base_name,
    roomBaseId: p.roomBaseId !== undefined ? p.roomBaseId : row.room_base_id,
    chatIds: p.chatIds ?? chats,
    state: row.state,
  };
  if (row.config_id) {
    const client = await ctx.wecom.forCorp(ctx, corpId);
    await client.groupChat
      .updateJoinWay({ config_id: row.config_id, ...joinWayFields(next) })
      .catch(wecomFailure);
  }
  const at = new Date(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("group_codes")
      .set({
        name: p.name ?? row.name,
        remark: next.remark,
        auto_create_room: next.autoCreateRoom,
        room_base_name: next.roomBaseName,
        room_base_id: next.roomBaseId,
        updated_at: at,
      })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .execute();
    if (p.chatIds)
      await repo.setChats(trx, corpId, id, p.chatIds, "configured", at, localDay(at, row.tz_offset_minutes));
  });
  return getGroupCode(ctx, corpId, id);
}

export async function deleteGroupCode(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const row = await mustGet(ctx, corpId, id);
  if (row.config_id) {
    const client = await ctx.wecom.forCorp(ctx, corpId);
    await client.groupChat.delJoinWay(row.config_id).catch((err) => {
      // A join way already gone in WeCom (41044 invalid config_id; 41043 would mean we sent none) is what we wanted.
      if (err instanceof WeComApiError && err.errcode === 41044) return;
      wecomFailure(err);
    });
  }
  await ctx.db.deleteFrom("group_codes").where("corp_id", "=", corpId).where("id", "=", id).execute();
}

async function mustGet(ctx: Ctx, corpId: string, id: string): Promise<Row> {
  const row = await repo.codeById(ctx.db, corpId, id);
  if (!row) throw new AppError("GROUP_CODE_NOT_FOUND", `no group code ${id} in corp ${corpId}`);
  return row;
}

/**
 * Reads the join way again when callbacks hinted that WeCom may have auto-created a group for it: new groups
 * join the code's list (origin "auto") and joins already seen in them are counted for the code.
 */
async function refreshCode(ctx: Ctx, row: Row, client?: WeComClient): Promise<void> {
  if (!row.refresh_needed || !row.config_id) return;
  try {
    const c = client ?? (await ctx.wecom.forCorp(ctx, row.corp_id));
    const way = (await c.groupChat.getJoinWay(row.config_id)).join_way;
    const at = new Date(ctx.clock.now());
    await ctx.db.transaction().execute(async (trx) => {
      const known = (await repo.chatsOf(trx, row.corp_id, [row.id])).map((x) => x.chat_id);
      const fresh = way.chat_id_list.filter((id) => !known.includes(id));
      if (fresh.length > 0) {
        await repo.setChats(
          trx,
          row.corp_id,
          row.id,
          [...known, ...fresh],
          "auto",
          at,
          localDay(at, row.tz_offset_minutes),
        );
        await repo.attributeJoins(trx, row.corp_id, row.id, fresh);
      }
      await trx
        .updateTable("group_codes")
        .set({ refresh_needed: false, ...(way.room_base_id ? { room_base_id: way.room_base_id } : {}) })
        .where("id", "=", row.id)
        .execute();
    });
  } catch (err) {
    // Stale is better than failing the read; the flag stays set and the next read tries again.
    ctx.log.warn({ err, corpId: row.corp_id, groupCodeId: row.id }, "group code refresh failed");
  }
}

function view(row: Row, chats: Awaited<ReturnType<typeof repo.chatsOf>>, joins: number): GroupCodeView {
  return {
    id: String(row.id),
    name: row.name,
    state: row.state,
    configId: row.config_id,
    qrCode: row.qr_code,
    remark: row.remark,
    autoCreateRoom: row.auto_create_room,
    roomBaseName: row.room_base_name,
    roomBaseId: row.room_base_id,
    chats: chats
      .filter((c) => String(c.group_code_id) === String(row.id))
      .map((c) => ({ chatId: c.chat_id, origin: c.origin, addedAt: c.added_at.toISOString() })),
    joinsTotal: joins,
    createdAt: row.created_at.toISOString(),
  };
}

export async function getGroupCode(ctx: Ctx, corpId: string, id: string): Promise<GroupCodeView> {
  let row = await mustGet(ctx, corpId, id);
  if (row.refresh_needed) {
    await refreshCode(ctx, row);
    row = await mustGet(ctx, corpId, id);
  }
  const chats = await repo.chatsOf(ctx.db, corpId, [id]);
  const totals = await repo.joinTotals(ctx.db, corpId, [id]);
  return view(row, chats, totals.get(String(row.id)) ?? 0);
}

export async function listGroupCodes(ctx: Ctx, corpId: string): Promise<GroupCodeView[]> {
  let rows = await repo.listCodes(ctx.db, corpId);
  if (rows.some((r) => r.refresh_needed)) {
    for (const r of rows) await refreshCode(ctx, r);
    rows = await repo.listCodes(ctx.db, corpId);
  }
  const ids = rows.map((r) => String(r.id));
  const chats = await repo.chatsOf(ctx.db, corpId, ids);
  const totals = await repo.joinTotals(ctx.db, corpId, ids);
  return rows.map((r) => view(r, chats, totals.get(String(r.id)) ?? 0));
}

export async function groupCodeStats(
  ctx: Ctx,
  corpId: string,
  id: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<GroupStatsView> {
  const q = groupStatsQuery.parse(query);
  const row = await mustGet(ctx, corpId, id);
  await refreshCode(ctx, row);
  const counts = await repo.dailyCounts(ctx.db, corpId, id, row.tz_offset_minutes);
  const days = new Map<string, { day: string; joins: number; leaves: number; groupsCreated: number }>();
  const at = (day: string) => {
    let d = days.get(day);
    if (!d) {
      d = { day, joins: 0, leaves: 0, groupsCreated: 0 };
      days.set(day, d);
    }
    return d;
  };
  for (const r of counts.joins) at(r.day).joins += Number(r.n);
  for (const r of counts.leaves) at(r.day).leaves += Number(r.n);
  for (const r of counts.created) at(r.day).groupsCreated += Number(r.n);
  const list = [...days.values()]
    .filter((d) => (!q.from || d.day >= q.from) && (!q.to || d.day <= q.to))
    .sort((a, b) => a.day.localeCompare(b.day));
  const sum = (k: "joins" | "leaves" | "groupsCreated") => list.reduce((n, d) => n + d[k], 0);
  return {
    days: list,
    totals: { joins: sum("joins"), leaves: sum("leaves"), groupsCreated: sum("groupsCreated") },
    today: localDay(new Date(ctx.clock.now()), row.tz_offset_minutes),
  };
}
