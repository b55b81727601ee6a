// Stores (门店): create, edit and delete stores with their staff and groups, keeping each store's WeCom contact
// way (staff QR, unique state) and group join way in step; read models for the console and other domains.
import { randomBytes } from "node:crypto";
import type { Updateable } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import * as repo from "./stores.repository.ts";
import { isOpenNow } from "./stores.routing.ts";
import {
  type StoreInput,
  type StorePatch,
  type StoreView,
  storeInput,
  storeListQuery,
  storePatch,
} from "./stores.schemas.ts";
import type { StoresTable } from "./stores.tables.ts";
import * as ways from "./stores.ways.ts";

type Detail = { path: string; message: string };

const now = (ctx: Ctx) => new Date(ctx.clock.now());
const token = () => randomBytes(9).toString("base64url");

/** Field-level checks that need the database: a unique name, staff who are members, groups that exist. */
async function checkReferences(
  ctx: Ctx,
  corpId: string,
  v: { name?: string | undefined; staff?: string[] | undefined; groups?: string[] | undefined },
  exceptId?: string,
): Promise<void> {
  const details: Detail[] = [];
  if (v.name !== undefined && (await repo.nameTaken(ctx.db, corpId, v.name, exceptId))) {
    throw new AppError("STORE_NAME_TAKEN", `another store is already called ${v.name}`, [
      { path: "/name", message: "another store of this corp has this name" },
    ]);
  }
  if (v.staff) {
    const unknown = await repo.unknownMembers(ctx.db, corpId, v.staff);
    v.staff.forEach((u, i) => {
      if (unknown.has(u))
        details.push({ path: `/staff/${i}`, message: `${u} is not a current member of this corp` });
    });
  }
  if (v.groups) {
    const unknown = await repo.unknownGroups(ctx.db, corpId, v.groups);
    v.groups.forEach((c, i) => {
      if (unknown.has(c))
        details.push({ path: `/groups/${i}`, message: `${c} is not a customer group of this corp` });
    });
  }
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", "the request is invalid", details);
}

export async function createStore(ctx: Ctx, corpId: string, input: StoreInput): Promise<StoreView> {
  const s = storeInput.parse(input);
  await checkReferences(ctx, corpId, s);
  const state = `st_${token()}`;
  const joinState = `sg_${token()}`;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const at = now(ctx);
    const row = await trx
      .insertInto("stores")
      .values({
        corp_id: corpId,
        name: s.name,
        city: s.city,
        district: s.district,
        address: s.address,
        phone: s.phone,
        lat: s.lat,
        lng: s.lng,
        open_hours: JSON.stringify(s.openHours),
        tz_offset_minutes: s.utcOffsetMinutes,
        status: s.status,
        state,
        join_state: joinState,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await repo.replaceStaff(trx, corpId, row.id, s.staff);
    await repo.replaceGroups(trx, corpId, row.id, s.groups);
    // WeCom last: a refusal rolls the store back, and a join way refused removes the contact way just made.
    const way = await ways.addContactWay(ctx, corpId, state, s.staff);
    let join: Awaited<ReturnType<typeof ways.syncJoinWay>>;
    try {
      join = await ways.syncJoinWay(
        ctx,
        corpId,
        { joinState, joinConfigId: null, joinQrCode: null },
        s.groups,
      );
    } catch (err) {
      await ways
        .deleteWays(ctx, corpId, { configId: way.configId, joinConfigId: null })
        .catch(() => undefined);
      throw err;
    }
    await trx
      .updateTable("stores")
      .set({
        config_id: way.configId,
        qr_code: way.qrCode,
        join_config_id: join.joinConfigId,
        join_qr_code: join.joinQrCode,
        synced_at: at,
      })
      .where("id", "=", row.id)
      .execute();
    return row.id;
  });
  return getStore(ctx, corpId, id);
}

export async function updateStore(
  ctx: Ctx,
  corpId: string,
  id: string,
  patch: StorePatch,
): Promise<StoreView> {
  const p = storePatch.parse(patch);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.getStore(trx, corpId, id, true);
    if (!row) throw new AppError("STORE_NOT_FOUND", `no store ${id}`);
    await checkReferences({ ...ctx, db: trx }, corpId, p, id);
    const lat = p.lat !== undefined ? p.lat : row.lat;
    const lng = p.lng !== undefined ? p.lng : row.lng;
    if ((lat === null) !== (lng === null)) {
      throw new AppError("VALIDATION_FAILED", "the request is invalid", [
        { path: lat === null ? "/lat" : "/lng", message: "latitude and longitude go together" },
      ]);
    }
    const at = now(ctx);
    const set: Updateable<StoresTable> = {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.city !== undefined ? { city: p.city } : {}),
      ...(p.district !== undefined ? { district: p.district } : {}),
      ...(p.address !== undefined ? { address: p.address } : {}),
      ...(p.phone !== undefined ? { phone: p.phone } : {}),
      lat,
      lng,
      ...(p.openHours !== undefined ? { open_hours: JSON.stringify(p.openHours) } : {}),
      ...(p.utcOffsetMinutes !== undefined ? { tz_offset_minutes: p.utcOffsetMinutes } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      updated_at: at,
    };
    if (p.staff !== undefined) {
      await repo.replaceStaff(trx, corpId, id, p.staff);
      if (row.config_id) await ways.updateContactWay(ctx, corpId, row.config_id, p.staff);
      else Object.assign(set, await ways.addContactWay(ctx, corpId, row.state, p.staff).then(wayColumns));
      set.synced_at = at;
    }
    if (p.groups !== undefined) {
      await repo.replaceGroups(trx, corpId, id, p.groups);
      const join = await ways.syncJoinWay(
        ctx,
        corpId,
        { joinState: row.join_state, joinConfigId: row.join_config_id, joinQrCode: row.join_qr_code },
        p.groups,
      );
      set.join_config_id = join.joinConfigId;
      set.join_qr_code = join.joinQrCode;
      set.synced_at = at;
    }
    await trx.updateTable("stores").set(set).where("corp_id", "=", corpId).where("id", "=", id).execute();
  });
  return getStore(ctx, corpId, id);
}

const wayColumns = (w: { configId: string; qrCode: string | null }) => ({
  config_id: w.configId,
  qr_code: w.qrCode,
});

export async function deleteStore(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const row = await repo.getStore(ctx.db, corpId, id);
  if (!row) throw new AppError("STORE_NOT_FOUND", `no store ${id}`);
  await ways.deleteWays(ctx, corpId, { configId: row.config_id, joinConfigId: row.join_config_id });
  await ctx.db.deleteFrom("stores").where("corp_id", "=", corpId).where("id", "=", id).execute();
}

export async function getStore(ctx: Ctx, corpId: string, id: string): Promise<StoreView> {
  const row = await repo.getStore(ctx.db, corpId, id);
  if (!row) throw new AppError("STORE_NOT_FOUND", `no store ${id}`);
  const [view] = await toViews(ctx, corpId, [row]);
  return view!;
}

export async function listStores(ctx: Ctx, corpId: string, query: unknown = {}): Promise<StoreView[]> {
  const q = storeListQuery.parse(query);
  return toViews(ctx, corpId, await repo.listStores(ctx.db, corpId, q));
}

async function toViews(ctx: Ctx, corpId: string, rows: repo.StoreRow[]): Promise<StoreView[]> {
  const ids = rows.map((r) => String(r.id));
  const [staff, groups, customers] = await Promise.all([
    repo.staffOf(ctx.db, corpId, ids),
    repo.groupsOf(ctx.db, corpId, ids),
    repo.customerCounts(ctx.db, corpId, ids),
  ]);
  const nowMs = ctx.clock.now();
  return rows.map((r) => {
    const id = String(r.id);
    return {
      id,
      name: r.name,
      city: r.city,
      district: r.district,
      address: r.address,
      phone: r.phone,
      lat: r.lat,
      lng: r.lng,
      openHours: r.open_hours,
      utcOffsetMinutes: r.tz_offset_minutes,
      status: r.status,
      openNow: isOpenNow(
        { status: r.status, openHours: r.open_hours, tzOffsetMinutes: r.tz_offset_minutes },
        nowMs,
      ),
      staff: staff
        .filter((s) => String(s.store_id) === id)
        .map((s) => ({ userid: s.userid, name: s.name ?? null })),
      groups: groups
        .filter((g) => String(g.store_id) === id)
        .map((g) => ({ chatId: g.chat_id, name: g.name ?? null, memberCount: g.member_count ?? null })),
      state: r.state,
      configId: r.config_id,
      qrCode: r.qr_code,
      joinConfigId: r.join_config_id,
      joinQrCode: r.join_qr_code,
      customers: customers.get(id) ?? 0,
      createdAt: r.created_at.toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  });
}

/** The store a customer belongs to (for segments, welcome placeholders and the customer page). */
export function storeOfCustomer(ctx: Ctx, corpId: string, customerId: string) {
  return ctx.db
    .selectFrom("customer_stores as cs")
    .innerJoin("stores as s", "s.id", "cs.store_id")
    .select(["s.id", "s.name", "s.city", "cs.source", "cs.assigned_at"])
    .where("cs.corp_id", "=", corpId)
    .where("cs.customer_id", "=", customerId)
    .executeTakeFirst();
}

/** The store whose contact way carries `state` (for the add handler and welcome messages' {store_name}). */
export async function storeByState(ctx: Ctx, corpId: string, state: string) {
  const row = await repo.storeByState(ctx.db, corpId, state);
  return row
    ? { id: String(row.id), name: row.name, city: row.city, tzOffsetMinutes: row.tz_offset_minutes }
    : undefined;
}
