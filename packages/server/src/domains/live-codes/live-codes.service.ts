// Channel live codes (渠道活码): create, edit, enable/disable and delete codes backed by WeCom contact ways,
// keep each way's `user` list equal to what the routing offers now, and report per-code daily stats.
import { randomBytes } from "node:crypto";
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { codeWelcome, setCodeWelcome } from "../welcome/welcome.service.ts";
import * as repo from "./live-codes.repository.ts";
import {
  type LiveCodeInput,
  type LiveCodePatch,
  type LiveCodeView,
  liveCodeInput,
  liveCodePatch,
  type StatsView,
  type staffInput,
} from "./live-codes.schemas.ts";
import type { ScheduleRange } from "./live-codes.tables.ts";
import { localTime, nextBoundary, type Routing, route, type StaffEntry } from "./routing.ts";

type StaffIn = import("zod").infer<typeof staffInput>;
type StaffRow = Awaited<ReturnType<typeof repo.staffOf>>[number];

const now = (ctx: Ctx) => new Date(ctx.clock.now());

/** WeCom errors that mean "the staff list is not acceptable" (inactive, not verified, not in range, unknown). */
const STAFF_ERRCODES = new Set([41054, 40098, 60011, 40003, 41041, 60111]);

function wecomFailure(err: unknown): never {
  if (err instanceof WeComApiError) {
    if (STAFF_ERRCODES.has(err.errcode)) {
      throw new AppError(
        "WECOM_REJECTED",
        `WeCom refused the staff list (errcode ${err.errcode}): every member must be active, verified, allowed to contact customers and visible to the app`,
        { errcode: err.errcode, path: "/staff" },
      );
    }
    throw new AppError("WECOM_REJECTED", `WeCom refused the contact way (errcode ${err.errcode})`, {
      errcode: err.errcode,
    });
  }
  throw err;
}

function toEntry(s: StaffRow): StaffEntry {
  return {
    userid: s.userid,
    role: s.role,
    position: s.position,
    weight: s.weight,
    dailyCap: s.daily_cap,
    schedule: s.schedule as ScheduleRange[],
  };
}

function staffRows(input: { staff: StaffIn[]; backupStaff: StaffIn[] }) {
  return [
    ...input.staff.map((s) => ({ ...s, role: "primary" as const })),
    ...input.backupStaff.map((s) => ({ ...s, role: "backup" as const })),
  ];
}

async function computeRouting(ctx: Ctx, code: repo.CodeRow, staff: StaffEntry[]): Promise<Routing> {
  const t = localTime(ctx.clock.now(), code.tz_offset_minutes);
  const adds = await repo.addsOnDay(ctx.db, code.corp_id, [code.id], t.day);
  const unable = await repo.unableMembers(
    ctx.db,
    code.corp_id,
    staff.map((s) => s.userid),
  );
  const able = staff.filter((s) => !unable.has(s.userid));
  return route({
    strategy: code.strategy,
    codeDailyCap: code.daily_cap,
    // Nobody able at all: keep the pool so the way stays valid and the failure is reported.
    staff: able.length > 0 ? able : staff,
    addsToday: new Map(adds.map((a) => [a.userid, Number(a.n)])),
    lastAssigned: await repo.lastAssigned(ctx.db, code.corp_id, code.id),
    now: t,
  });
}

function generateState(): string {
  return `lc_${randomBytes(9).toString("base64url")}`;
}

export async function createLiveCode(ctx: Ctx, corpId: string, input: LiveCodeInput): Promise<LiveCodeView> {
  const c = liveCodeInput.parse(input);
  const state = c.state ?? generateState();
  const client = await ctx.wecom.forCorp(ctx, corpId);
  if (await repo.stateTaken(ctx.db, corpId, state)) {
    throw new AppError("LIVE_CODE_STATE_TAKEN", `another live code already uses state ${state}`, [
      { path: "/state", message: "already used by another live code of this corp" },
    ]);
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const tctx: Ctx = { ...ctx, db: trx };
    const at = now(ctx);
    const row = await trx
      .insertInto("live_codes")
      .values({
        corp_id: corpId,
        name: c.name,
        state,
        strategy: c.strategy,
        daily_cap: c.dailyCap,
        tag_ids: JSON.stringify(c.tagIds),
        skip_verify: c.skipVerify,
        store_name: c.storeName,
        remark: c.remark,
        enabled: c.enabled,
        offered_users: "[]",
        next_check_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning(codeColumnsForReturn)
      .executeTakeFirstOrThrow();
    const rows = staffRows(c);
    await repo.replaceStaff(trx, corpId, row.id, rows);
    if (c.welcome) await setCodeWelcome(tctx, corpId, row.id, c.welcome);
    const staff = (await repo.staffOf(trx, corpId, [row.id])).map(toEntry);
    const routing = await computeRouting(tctx, row, staff);
    let way: { config_id: string; qr_code?: string };
    try {
      way = await client.contactWay.add({
        type: 2,
        scene: 2,
        state,
        user: routing.offered,
        skip_verify: c.skipVerify,
        ...(c.remark ? { remark: c.remark } : {}),
      });
    } catch (err) {
      wecomFailure(err);
    }
    await trx
      .updateTable("live_codes")
      .set({
        config_id: way.config_id,
        qr_code: way.qr_code ?? null,
        offered_users: JSON.stringify(routing.offered),
        synced_at: at,
        next_check_at: new Date(nextBoundary(staff, ctx.clock.now(), row.tz_offset_minutes)),
      })
      .where("id", "=", row.id)
      .execute();
    return row.id;
  });
  return getLiveCode(ctx, corpId, id);
}

const codeColumnsForReturn = repo.codeColumns;

export async function updateLiveCode(
  ctx: Ctx,
  corpId: string,
  id: string,
  patch: LiveCodePatch,
): Promise<LiveCodeView> {
  const p = liveCodePatch.parse(patch);
  await ctx.db.transaction().execute(async (trx) => {
    const tctx: Ctx = { ...ctx, db: trx };
    const code = await repo.getCodeForUpdate(trx, corpId, id, false);
    if (!code) throw new AppError("LIVE_CODE_NOT_FOUND", `no live code ${id}`);
    await trx
      .updateTable("live_codes")
      .set({
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.strategy !== undefined ? { strategy: p.strategy } : {}),
        ...(p.dailyCap !== undefined ? { daily_cap: p.dailyCap } : {}),
        ...(p.tagIds !== undefined ? { tag_ids: JSON.stringify(p.tagIds) } : {}),
        ...(p.skipVerify !== undefined ? { skip_verify: p.skipVerify } : {}),
        ...(p.storeName !== undefined ? { store_name: p.storeName } : {}),
        ...(p.remark !== undefined ? { remark: p.remark } : {}),
        ...(p.enabled !== undefined ? { enabled: p.enabled } : {}),
        updated_at: now(ctx),
      })
      .where("id", "=", id)
      .execute();
    if (p.staff !== undefined || p.backupStaff !== undefined) {
      const current = await repo.staffOf(trx, corpId, [id]);
      const keep = (role: "primary" | "backup"): StaffIn[] =>
        current
          .filter((s) => s.role === role)
          .map((s) => ({
            userid: s.userid,
            weight: s.weight,
            dailyCap: s.daily_cap,
            schedule: s.schedule as ScheduleRange[],
          }));
      const staff = p.staff ?? keep("primary");
      const backupStaff = p.backupStaff ?? keep("backup");
      const seen = new Set<string>();
      for (const [i, s] of backupStaff.entries()) {
        if (staff.some((x) => x.userid === s.userid) || seen.has(s.userid)) {
          throw new AppError("VALIDATION_FAILED", "the request is invalid", [
            { path: `/backupStaff/${i}/userid`, message: `${s.userid} is listed twice` },
          ]);
        }
        seen.add(s.userid);
      }
      await repo.replaceStaff(trx, corpId, id, staffRows({ staff, backupStaff }));
    }
    if (p.welcome !== undefined) await setCodeWelcome(tctx, corpId, id, p.welcome);
    const changesWay = p.skipVerify !== undefined || p.remark !== undefined;
    await syncLocked(tctx, corpId, id, { force: changesWay });
  });
  return getLiveCode(ctx, corpId, id);
}

export async function deleteLiveCode(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const code = await repo.getCode(ctx.db, corpId, id);
  if (!code) throw new AppError("LIVE_CODE_NOT_FOUND", `no live code ${id}`);
  if (code.config_id) {
    const client = await ctx.wecom.forCorp(ctx, corpId);
    try {
      await client.contactWay.del(code.config_id);
    } catch (err) {
      // 41044: WeCom no longer knows the way; deleting ours is still right.
      if (!(err instanceof WeComApiError && err.errcode === 41044)) wecomFailure(err);
    }
  }
  await ctx.db.deleteFrom("live_codes").where("corp_id", "=", corpId).where("id", "=", id).execute();
}

/**
 * Recomputes a code's routing inside the caller's transaction (the code row is locked) and, when the
 * offered staff changed (or `force`), updates the WeCom contact way. A disabled code keeps its way as is.
 */
async function syncLocked(
  ctx: Ctx,
  corpId: string,
  id: string,
  opts: { force?: boolean; skipLocked?: boolean } = {},
): Promise<boolean> {
  const code = await repo.getCodeForUpdate(ctx.db, corpId, id, opts.skipLocked ?? false);
  if (!code) return false;
  const staff = (await repo.staffOf(ctx.db, corpId, [id])).map(toEntry);
  const at = now(ctx);
  const next = new Date(nextBoundary(staff, ctx.clock.now(), code.tz_offset_minutes));
  if (!code.enabled || !code.config_id) {
    await ctx.db
      .updateTable("live_codes")
      .set({ sync_needed: false, next_check_at: next })
      .where("id", "=", id)
      .execute();
    return true;
  }
  const routing = await computeRouting(ctx, code, staff);
  const current = code.offered_users;
  const same = current.length === routing.offered.length && current.every((u, i) => u === routing.offered[i]);
  let error: string | null = null;
  if (!same || opts.force) {
    try {
      const client = await ctx.wecom.forCorp(ctx, corpId);
      await client.contactWay.update({
        config_id: code.config_id,
        user: routing.offered,
        skip_verify: code.skip_verify,
        ...(code.remark ? { remark: code.remark } : {}),
      });
    } catch (err) {
      if (!(err instanceof WeComApiError)) throw err;
      error = `update_contact_way failed with errcode ${err.errcode}`;
      ctx.log.warn({ corpId, liveCodeId: id, errcode: err.errcode }, "live code sync failed");
    }
  }
  await ctx.db
    .updateTable("live_codes")
    .set({
      sync_needed: false,
      next_check_at: error ? new Date(at.getTime() + 30_000) : next,
      last_sync_error: error,
      ...(error ? {} : { offered_users: JSON.stringify(routing.offered), synced_at: at }),
    })
    .where("id", "=", id)
    .execute();
  return true;
}

/** Syncs the codes that are due (an add, a schedule boundary, midnight); returns how many it synced. */
export async function syncDueCodes(ctx: Ctx, limit = 20): Promise<number> {
  const due = await repo.dueCodes(ctx.db, now(ctx), limit);
  let synced = 0;
  for (const d of due) {
    try {
      const done = await ctx.db
        .transaction()
        .execute((trx) => syncLocked({ ...ctx, db: trx }, d.corp_id, d.id, { skipLocked: true }));
      if (done) synced++;
    } catch (err) {
      ctx.log.error({ err, liveCodeId: d.id }, "live code sync failed");
      await ctx.db
        .updateTable("live_codes")
        .set({
          sync_needed: false,
          next_check_at: new Date(ctx.clock.now() + 30_000),
          last_sync_error: String(err),
        })
        .where("id", "=", d.id)
        .execute();
      synced++;
    }
  }
  return synced;
}

/** The code a contact-way state belongs to (used by the add handler and the welcome planner). */
export async function liveCodeByState(ctx: Ctx, corpId: string, state: string) {
  const row = await repo.codeByState(ctx.db, corpId, state);
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    storeName: row.store_name,
    tagIds: row.tag_ids,
    tzOffsetMinutes: row.tz_offset_minutes,
  };
}

function views(
  codes: repo.CodeRow[],
  staff: StaffRow[],
  adds: Awaited<ReturnType<typeof repo.addsOnDay>>,
  deletes: Awaited<ReturnType<typeof repo.deletesOnDay>>,
  welcomes: Map<string, Awaited<ReturnType<typeof codeWelcome>>>,
): LiveCodeView[] {
  return codes.map((c) => {
    const load = (userid: string) =>
      Number(adds.find((a) => a.live_code_id === c.id && a.userid === userid)?.n ?? 0);
    const staffView = (role: "primary" | "backup") =>
      staff
        .filter((s) => s.live_code_id === c.id && s.role === role)
        .map((s) => ({
          userid: s.userid,
          weight: s.weight,
          dailyCap: s.daily_cap,
          schedule: s.schedule as ScheduleRange[],
          addsToday: load(s.userid),
        }));
    const addsToday = adds.filter((a) => a.live_code_id === c.id).reduce((n, a) => n + Number(a.n), 0);
    const deletesToday = Number(deletes.find((d) => d.live_code_id === c.id)?.n ?? 0);
    return {
      id: c.id,
      name: c.name,
      state: c.state,
      configId: c.config_id,
      qrCode: c.qr_code,
      qrPngUrl: `/api/corps/${encodeURIComponent(c.corp_id)}/live-codes/${c.id}/qr.png`,
      strategy: c.strategy,
      dailyCap: c.daily_cap,
      staff: staffView("primary"),
      backupStaff: staffView("backup"),
      tagIds: c.tag_ids,
      skipVerify: c.skip_verify,
      storeName: c.store_name,
      remark: c.remark,
      enabled: c.enabled,
      welcome: welcomes.get(c.id) ?? null,
      routing: {
        offeredUsers: c.offered_users,
        syncedAt: c.synced_at?.toISOString() ?? null,
        syncPending: c.sync_needed,
        lastSyncError: c.last_sync_error,
      },
      today: { adds: addsToday, deletesByCustomer: deletesToday, net: addsToday - deletesToday },
      createdAt: c.created_at.toISOString(),
      updatedAt: c.updated_at.toISOString(),
    };
  });
}

async function viewsOf(ctx: Ctx, corpId: string, codes: repo.CodeRow[]): Promise<LiveCodeView[]> {
  const ids = codes.map((c) => c.id);
  const tz = codes[0]?.tz_offset_minutes ?? 480;
  const day = localTime(ctx.clock.now(), tz).day;
  const staff = await repo.staffOf(ctx.db, corpId, ids);
  const adds = await repo.addsOnDay(ctx.db, corpId, ids, day);
  const deletes = await repo.deletesOnDay(ctx.db, corpId, ids, day);
  const welcomes = new Map<string, Awaited<ReturnType<typeof codeWelcome>>>();
  for (const id of ids) welcomes.set(id, await codeWelcome(ctx, corpId, id));
  return views(codes, staff, adds, deletes, welcomes);
}

/** Reads in one snapshot, so a view never pairs a code's routing with adds it has not seen yet. */
function snapshot<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => fn({ ...ctx, db: trx }));
}

export async function getLiveCode(ctx: Ctx, corpId: string, id: string): Promise<LiveCodeView> {
  return snapshot(ctx, async (sctx) => {
    const code = await repo.getCode(sctx.db, corpId, id);
    if (!code) throw new AppError("LIVE_CODE_NOT_FOUND", `no live code ${id}`);
    const [view] = await viewsOf(sctx, corpId, [code]);
    return view!;
  });
}

export async function listLiveCodes(ctx: Ctx, corpId: string): Promise<LiveCodeView[]> {
  return snapshot(ctx, async (sctx) => viewsOf(sctx, corpId, await repo.listCodes(sctx.db, corpId)));
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export async function liveCodeStats(
  ctx: Ctx,
  corpId: string,
  id: string,
  q: { from?: string | undefined; to?: string | undefined },
): Promise<StatsView> {
  const code = await repo.getCode(ctx.db, corpId, id);
  if (!code) throw new AppError("LIVE_CODE_NOT_FOUND", `no live code ${id}`);
  const to = q.to ?? localTime(ctx.clock.now(), code.tz_offset_minutes).day;
  const from = q.from ?? addDays(to, -29);
  if (from > to) {
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/from", message: "from must not be after to" },
    ]);
  }
  if (addDays(from, 366) < to) {
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/from", message: "at most 366 days at a time" },
    ]);
  }
  const s = await repo.dailyStats(ctx.db, corpId, id, from, to);
  const days: StatsView["days"] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const adds = Number(s.adds.find((a) => a.day === d)?.n ?? 0);
    const deletesByCustomer = Number(s.deletes.find((x) => x.day === d)?.n ?? 0);
    days.push({ day: d, adds, deletesByCustomer, net: adds - deletesByCustomer });
  }
  const total = days.reduce(
    (t, d) => ({
      adds: t.adds + d.adds,
      deletesByCustomer: t.deletesByCustomer + d.deletesByCustomer,
      net: t.net + d.net,
    }),
    { adds: 0, deletesByCustomer: 0, net: 0 },
  );
  return {
    liveCodeId: id,
    from,
    to,
    days,
    total,
    byStaff: s.byStaff.map((b) => ({
      userid: b.userid,
      adds: Number(b.adds),
      deletesByCustomer: Number(b.deletes),
    })),
  };
}
