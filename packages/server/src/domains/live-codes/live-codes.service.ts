// Channel live codes (渠道活码): create, edit, enable/disable and delete codes backed by WeCom contact ways,
// and find the code a contact-way state belongs to. Routing sync and read models live beside it.
import { randomBytes } from "node:crypto";
import { WeComApiError } from "@siyu/wecom";
import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { setCodeWelcome } from "../welcome/welcome.service.ts";
import * as repo from "./live-codes.repository.ts";
import {
  type LiveCodeInput,
  type LiveCodePatch,
  type LiveCodeView,
  liveCodeInput,
  liveCodePatch,
  type staffInput,
} from "./live-codes.schemas.ts";
import { computeRouting, syncLocked, toEntry } from "./live-codes.sync.ts";
import type { ScheduleRange } from "./live-codes.tables.ts";
import { getLiveCode } from "./live-codes.views.ts";
import { nextBoundary } from "./routing.ts";

export { syncDueCodes } from "./live-codes.sync.ts";
export { getLiveCode, listLiveCodes, liveCodeStats } from "./live-codes.views.ts";

type StaffIn = z.infer<typeof staffInput>;

const now = (ctx: Ctx) => new Date(ctx.clock.now());

/** WeCom errors that mean "the staff list is not acceptable" (inactive, not verified, not in range, unknown). */
const STAFF_ERRCODES = new Set([41054, 40098, 60011, 40003, 41041, 60111]);

/** Maps a WeCom error on a contact way to an AppError (staff refused → path /staff). Store codes use it too. */
export function wecomFailure(err: unknown): never {
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

function staffRows(input: { staff: StaffIn[]; backupStaff: StaffIn[] }) {
  return [
    ...input.staff.map((s) => ({ ...s, role: "primary" as const })),
    ...input.backupStaff.map((s) => ({ ...s, role: "backup" as const })),
  ];
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
        tz_offset_minutes: c.utcOffsetMinutes,
        enabled: c.enabled,
        offered_users: "[]",
        next_check_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning(repo.codeColumns)
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
        ...(p.utcOffsetMinutes !== undefined ? { tz_offset_minutes: p.utcOffsetMinutes } : {}),
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

/**
 * Takes a departed member out of every live code's staff pool (inheritance) and marks the codes for a routing
 * sync. A code where they were the only staff keeps them (routing already skips members who cannot take
 * customers) and is returned, so the operator can give it new staff.
 */
export async function dropMemberFromPools(
  ctx: Ctx,
  corpId: string,
  userid: string,
): Promise<{ dropped: string[]; alone: string[] }> {
  const rows = await ctx.db
    .selectFrom("live_code_staff as s")
    .select([
      "s.live_code_id",
      (eb) =>
        eb
          .selectFrom("live_code_staff as o")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("o.live_code_id", "=", "s.live_code_id")
          .where("o.userid", "!=", userid)
          .as("others"),
    ])
    .where("s.corp_id", "=", corpId)
    .where("s.userid", "=", userid)
    .execute();
  const dropped = rows.filter((r) => Number(r.others) > 0).map((r) => String(r.live_code_id));
  const alone = rows.filter((r) => Number(r.others) === 0).map((r) => String(r.live_code_id));
  if (dropped.length > 0) {
    await ctx.db
      .deleteFrom("live_code_staff")
      .where("corp_id", "=", corpId)
      .where("userid", "=", userid)
      .where("live_code_id", "in", dropped)
      .execute();
    for (const id of dropped) await repo.markSyncNeeded(ctx.db, corpId, id);
  }
  return { dropped, alone };
}
