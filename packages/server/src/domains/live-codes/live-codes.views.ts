// Read models of live codes: the code with its pool, routing state and today's numbers, and daily stats.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { codeWelcome } from "../welcome/welcome.service.ts";
import * as repo from "./live-codes.repository.ts";
import type { LiveCodeListQuery, LiveCodeView, StatsView } from "./live-codes.schemas.ts";
import type { ScheduleRange } from "./live-codes.tables.ts";
import { localTime } from "./routing.ts";

type StaffRow = Awaited<ReturnType<typeof repo.staffOf>>[number];

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
      utcOffsetMinutes: c.tz_offset_minutes,
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
  const staff = await repo.staffOf(ctx.db, corpId, ids);
  const adds: Awaited<ReturnType<typeof repo.addsOnDay>> = [];
  const deletes: Awaited<ReturnType<typeof repo.deletesOnDay>> = [];
  // "Today" is each code's own local day.
  for (const tz of new Set(codes.map((c) => c.tz_offset_minutes))) {
    const same = codes.filter((c) => c.tz_offset_minutes === tz).map((c) => c.id);
    const day = localTime(ctx.clock.now(), tz).day;
    adds.push(...(await repo.addsOnDay(ctx.db, corpId, same, day)));
    deletes.push(...(await repo.deletesOnDay(ctx.db, corpId, same, day)));
  }
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

/** Codes newest first: every one, or (with `limit`) one keyset page and where the next one starts. */
export async function listLiveCodes(
  ctx: Ctx,
  corpId: string,
  query: LiveCodeListQuery = {},
): Promise<{ items: LiveCodeView[]; nextAfter: string | null }> {
  return snapshot(ctx, async (sctx) => {
    const { limit } = query;
    const rows = await repo.listCodes(sctx.db, corpId, {
      q: query.q || undefined,
      enabled: query.enabled,
      after: query.after,
      ...(limit !== undefined ? { limit: limit + 1 } : {}),
    });
    const page = limit !== undefined ? rows.slice(0, limit) : rows;
    const more = limit !== undefined && rows.length > limit;
    return { items: await viewsOf(sctx, corpId, page), nextAfter: more ? (page.at(-1)?.id ?? null) : null };
  });
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
