// Store codes (区域活码): public codes whose QR opens Siyu's landing page; the page asks for the customer's
// location (or a city) and shows the nearest open store's staff QR and group QR. Each visit is recorded.
import { randomBytes } from "node:crypto";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { localTime } from "../live-codes/routing.ts";
import * as repo from "./stores.repository.ts";
import {
  normaliseCity,
  openHoursToday,
  type Ranked,
  rankByDistance,
  storesInCity,
} from "./stores.routing.ts";
import {
  type RouteRequest,
  type RouteView,
  routeRequest,
  type StoreCodeInput,
  type StoreCodePatch,
  type StoreCodeView,
  storeCodeInput,
  storeCodePatch,
} from "./stores.schemas.ts";

export const landingPath = (slug: string) => `/s/${slug}`;
const publicBase = (slug: string) => `/api/public/store-codes/${slug}`;

async function checkStoreIds(ctx: Ctx, corpId: string, ids: string[] | null | undefined) {
  if (!ids) return;
  if (ids.length === 0) {
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/storeIds", message: "pick at least one store, or null for every store" },
    ]);
  }
  const found = new Set((await repo.storesByIds(ctx.db, corpId, ids)).map((s) => String(s.id)));
  const details = ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ path: `/storeIds/${i}`, message: `no store ${id} in this corp` }],
  );
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", "the request is invalid", details);
}

export async function createStoreCode(
  ctx: Ctx,
  corpId: string,
  input: StoreCodeInput,
  origin: string,
): Promise<StoreCodeView> {
  const c = storeCodeInput.parse(input);
  await checkStoreIds(ctx, corpId, c.storeIds);
  const slug = c.slug ?? randomBytes(8).toString("base64url");
  if (await repo.codeBySlug(ctx.db, slug)) {
    throw new AppError("STORE_CODE_SLUG_TAKEN", `the landing address ${slug} is taken`, [
      { path: "/slug", message: "already used by another store code" },
    ]);
  }
  const at = new Date(ctx.clock.now());
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("store_codes")
      .values({
        corp_id: corpId,
        name: c.name,
        title: c.title,
        slug,
        all_stores: c.storeIds === null,
        enabled: c.enabled,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (c.storeIds) await repo.setCodeStores(trx, corpId, row.id, c.storeIds);
    return row.id;
  });
  return getStoreCode(ctx, corpId, id, origin);
}

export async function updateStoreCode(
  ctx: Ctx,
  corpId: string,
  id: string,
  patch: StoreCodePatch,
  origin: string,
): Promise<StoreCodeView> {
  const p = storeCodePatch.parse(patch);
  if (!(await repo.getCode(ctx.db, corpId, id)))
    throw new AppError("STORE_CODE_NOT_FOUND", `no store code ${id}`);
  await checkStoreIds(ctx, corpId, p.storeIds);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("store_codes")
      .set({
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.title !== undefined ? { title: p.title } : {}),
        ...(p.enabled !== undefined ? { enabled: p.enabled } : {}),
        ...(p.storeIds !== undefined ? { all_stores: p.storeIds === null } : {}),
        updated_at: new Date(ctx.clock.now()),
      })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .execute();
    if (p.storeIds !== undefined) await repo.setCodeStores(trx, corpId, id, p.storeIds ?? []);
  });
  return getStoreCode(ctx, corpId, id, origin);
}

export async function deleteStoreCode(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const r = await ctx.db
    .deleteFrom("store_codes")
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (r.numDeletedRows === 0n) throw new AppError("STORE_CODE_NOT_FOUND", `no store code ${id}`);
}

export async function getStoreCode(
  ctx: Ctx,
  corpId: string,
  id: string,
  origin: string,
): Promise<StoreCodeView> {
  const row = await repo.getCode(ctx.db, corpId, id);
  if (!row) throw new AppError("STORE_CODE_NOT_FOUND", `no store code ${id}`);
  return (await toViews(ctx, corpId, [row], origin))[0]!;
}

export async function listStoreCodes(ctx: Ctx, corpId: string, origin: string): Promise<StoreCodeView[]> {
  return toViews(ctx, corpId, await repo.listCodes(ctx.db, corpId), origin);
}

async function toViews(
  ctx: Ctx,
  corpId: string,
  rows: repo.CodeRow[],
  origin: string,
): Promise<StoreCodeView[]> {
  const ids = rows.map((r) => String(r.id));
  const [stores, visits] = await Promise.all([
    repo.codeStoreIds(ctx.db, corpId, ids),
    repo.visitCounts(ctx.db, corpId, ids),
  ]);
  return rows.map((r) => {
    const id = String(r.id);
    return {
      id,
      name: r.name,
      title: r.title,
      slug: r.slug,
      landingPath: landingPath(r.slug),
      landingUrl: `${origin}${landingPath(r.slug)}`,
      storeIds: r.all_stores ? null : (stores.get(id) ?? []),
      enabled: r.enabled,
      visits: visits.get(id) ?? 0,
      createdAt: r.created_at.toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  });
}

// The public landing

async function enabledCode(ctx: Ctx, slug: string) {
  const code = await repo.codeBySlug(ctx.db, slug);
  if (!code?.enabled) throw new AppError("STORE_CODE_NOT_FOUND", "this store code is not in use");
  return code;
}

/** The landing's heading and the cities it offers when location is refused (cities with an open store). */
export async function landingInfo(ctx: Ctx, slug: string) {
  const code = await enabledCode(ctx, slug);
  const stores = await repo.codeStores(ctx.db, code);
  const cities = [...new Set(stores.filter((s) => s.status === "open").map((s) => s.city))].sort((a, b) =>
    a.localeCompare(b, "zh-CN"),
  );
  return { title: code.title ?? code.name, cities };
}

type StoreRow = repo.StoreRow;

function routable(s: StoreRow) {
  return {
    ...s,
    id: String(s.id),
    openHours: s.open_hours,
    tzOffsetMinutes: s.tz_offset_minutes,
  };
}

/** Routes a landing visit to the nearest open store (location) or a city's open stores, and records the visit. */
export async function routeLanding(ctx: Ctx, slug: string, input: RouteRequest): Promise<RouteView> {
  const req = routeRequest.parse(input);
  const code = await enabledCode(ctx, slug);
  const stores = (await repo.codeStores(ctx.db, code)).map(routable);
  const nowMs = ctx.clock.now();
  const byLocation = "lat" in req;
  const ranked = byLocation ? rankByDistance(stores, req, nowMs) : storesInCity(stores, req.city, nowMs);
  const [first, ...rest] = ranked;
  let reason: RouteView["reason"];
  if (first) reason = byLocation ? "nearest_open" : "city_open";
  else if (!byLocation && !stores.some((s) => normaliseCity(s.city) === normaliseCity(req.city)))
    reason = "unknown_city";
  else reason = "none_open";
  await ctx.db
    .insertInto("store_code_visits")
    .values({
      corp_id: code.corp_id,
      store_code_id: code.id,
      store_id: first ? first.store.id : null,
      method: byLocation ? "location" : "city",
      day: localTime(nowMs, first?.store.tzOffsetMinutes ?? 480).day,
      visited_at: new Date(nowMs),
    })
    .execute();
  const view = (r: Ranked<ReturnType<typeof routable>>) => ({
    id: r.store.id,
    name: r.store.name,
    city: r.store.city,
    district: r.store.district,
    address: r.store.address,
    phone: r.store.phone,
    distanceKm: r.distanceKm === null ? null : Math.round(r.distanceKm * 100) / 100,
    openHoursToday: openHoursToday(r.store, nowMs),
    staffQrUrl: r.store.qr_code ? `${publicBase(slug)}/stores/${r.store.id}/qr.png?kind=staff` : null,
    groupQrUrl: r.store.join_qr_code ? `${publicBase(slug)}/stores/${r.store.id}/qr.png?kind=group` : null,
  });
  return {
    store: first ? view(first) : null,
    method: byLocation ? "location" : "city",
    reason,
    others: rest.slice(0, 3).map(view),
  };
}

/** The WeCom QR URL of a store the code routes to (its staff contact way or its group join way). */
export async function landingQr(ctx: Ctx, slug: string, storeId: string, kind: "staff" | "group") {
  const code = await enabledCode(ctx, slug);
  const store = (await repo.codeStores(ctx.db, code)).find((s) => String(s.id) === storeId);
  const url = kind === "staff" ? store?.qr_code : store?.join_qr_code;
  if (!url) throw new AppError("STORE_NOT_FOUND", "this store has no such QR code");
  return url;
}
