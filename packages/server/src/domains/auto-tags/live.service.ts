// Live-stream viewer import (企业微信 直播 → 观看明细, fixture `wecom-live-viewers.csv`): each customer row becomes
// an activity participation `live:<直播ID>` with watch time, comment and speaking flags, then the live rules
// (watch minutes / commented / spoke thresholds → interest tags) and activity rules fire. Rows for staff
// members, unknown customers and malformed rows are reported with their row numbers; the good rows are kept.
import { parse } from "csv-parse/sync";
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { fireActivityRules, type Participation, recordParticipations } from "./activities.service.ts";
import { queueRuleActions, type RuleFiring } from "./rule-actions.ts";
import { corpExists, enabledRules } from "./rules.service.ts";

interface Viewer {
  row: number;
  liveId: string;
  title: string;
  name: string;
  externalUserId: string;
  watchSeconds: number;
  commented: boolean;
  spoke: boolean;
  inviter: string | null;
}

const YES = new Set(["是", "yes", "1", "true", "y"]);
const NO = new Set(["否", "no", "0", "false", "n", ""]);

function hms(s: string): number | undefined {
  const m = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(s);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

export function parseViewers(content: string): {
  viewers: Viewer[];
  skipped: { row: number; reason: string }[];
} {
  const records = parse(content.replace(/^\uFEFF/, ""), {
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const need = ["直播ID", "外部联系人ID"];
  const missing = need.filter((n) => col(n) < 0);
  if (missing.length > 0 || !(col("观看时长(秒)") >= 0 || col("观看时长") >= 0)) {
    throw new AppError("VALIDATION_FAILED", "this is not a 直播观看明细 export", [
      { path: "/content", message: `missing columns: ${[...missing, "观看时长(秒)"].join(", ")}` },
    ]);
  }
  const viewers: Viewer[] = [];
  const skipped: { row: number; reason: string }[] = [];
  for (const [i, r] of records.slice(1).entries()) {
    const row = i + 2; // 1-based, after the header
    const get = (name: string) => (col(name) >= 0 ? (r[col(name)] ?? "").trim() : "");
    const liveId = get("直播ID");
    const externalUserId = get("外部联系人ID");
    if (!liveId) {
      skipped.push({ row, reason: "no 直播ID" });
      continue;
    }
    if (!externalUserId) {
      const member = get("成员UserID");
      skipped.push({
        row,
        reason: member ? `staff member ${member}, not a customer` : "no 外部联系人ID",
      });
      continue;
    }
    const secondsText = get("观看时长(秒)");
    const watchSeconds = secondsText !== "" ? Number(secondsText) : hms(get("观看时长"));
    if (watchSeconds === undefined || !Number.isFinite(watchSeconds) || watchSeconds < 0) {
      skipped.push({
        row,
        reason: `watch time "${secondsText || get("观看时长")}" is not a number`,
      });
      continue;
    }
    const flag = (name: string) => {
      const v = get(name).toLowerCase();
      return YES.has(v) ? true : NO.has(v) ? false : undefined;
    };
    const commented = flag("是否评论");
    const spoke = flag("是否连麦发言");
    if (commented === undefined || spoke === undefined) {
      skipped.push({ row, reason: "是否评论 / 是否连麦发言 must be 是 or 否" });
      continue;
    }
    viewers.push({
      row,
      liveId,
      title: get("直播主题") || liveId,
      name: get("观众名称"),
      externalUserId,
      watchSeconds,
      commented,
      spoke,
      inviter: get("邀请人UserID") || get("邀请人外部联系人ID") || null,
    });
  }
  return { viewers, skipped };
}

export async function importLiveViewers(
  ctx: Ctx,
  corpId: string,
  input: { fileName?: string; content: string },
  createdBy: string | null,
) {
  await corpExists(ctx.db, corpId);
  const { viewers, skipped } = parseViewers(input.content);
  const rows = viewers.length + skipped.length;
  return ctx.db.transaction().execute(async (trx) => {
    const now = nowDate(ctx.clock);
    const ids = [...new Set(viewers.map((v) => v.externalUserId))];
    const customers = new Map(
      ids.length === 0
        ? []
        : (
            await trx
              .selectFrom("customers")
              .select(["id", "external_userid"])
              .where("corp_id", "=", corpId)
              .where("external_userid", "in", ids)
              .execute()
          ).map((c) => [c.external_userid, c.id]),
    );
    // One participation per (customer, live): the longest watch, and any comment or speaking.
    const merged = new Map<string, Viewer>();
    for (const v of viewers) {
      if (!customers.has(v.externalUserId)) {
        skipped.push({
          row: v.row,
          reason: `customer ${v.externalUserId} is not known in Siyu (sync first)`,
        });
        continue;
      }
      const key = `${v.liveId}\u0000${v.externalUserId}`;
      const m = merged.get(key);
      merged.set(
        key,
        m
          ? {
              ...m,
              watchSeconds: Math.max(m.watchSeconds, v.watchSeconds),
              commented: m.commented || v.commented,
              spoke: m.spoke || v.spoke,
            }
          : v,
      );
    }
    const list: (Participation & { viewer: Viewer })[] = [...merged.values()].map((v) => ({
      customerId: customers.get(v.externalUserId)!,
      externalUserId: v.externalUserId,
      activity: `live:${v.liveId}`,
      kind: "live",
      occurredAt: now,
      detail: {
        liveId: v.liveId,
        title: v.title,
        watchSeconds: v.watchSeconds,
        commented: v.commented,
        spoke: v.spoke,
        inviter: v.inviter,
      },
      viewer: v,
    }));
    await recordParticipations(trx, corpId, list);
    const firings: RuleFiring[] = [];
    for (const rule of await enabledRules(trx, corpId, "live")) {
      const c = rule.config as {
        liveId?: string;
        minWatchMinutes?: number;
        commented?: boolean;
        spoke?: boolean;
      };
      for (const { viewer: v } of list) {
        if (c.liveId && c.liveId !== v.liveId) continue;
        if (c.minWatchMinutes !== undefined && v.watchSeconds < c.minWatchMinutes * 60) continue;
        if (c.commented && !v.commented) continue;
        if (c.spoke && !v.spoke) continue;
        const how = [
          `watched ${Math.round(v.watchSeconds / 60)} min of "${v.title}"`,
          ...(v.commented ? ["commented"] : []),
          ...(v.spoke ? ["spoke"] : []),
        ];
        firings.push({ rule, externalUserId: v.externalUserId, reason: how.join(", ") });
      }
    }
    const tagChanges =
      (await queueRuleActions(trx, corpId, firings, now)) + (await fireActivityRules(trx, corpId, list, now));
    const lives = new Map<string, { liveId: string; title: string; viewers: number }>();
    for (const p of list) {
      const l = lives.get(p.viewer.liveId) ?? { liveId: p.viewer.liveId, title: p.viewer.title, viewers: 0 };
      l.viewers++;
      lives.set(p.viewer.liveId, l);
    }
    skipped.sort((a, b) => a.row - b.row);
    const imp = await trx
      .insertInto("live_imports")
      .values({
        corp_id: corpId,
        file_name: input.fileName ?? null,
        rows,
        matched: list.length,
        skipped: JSON.stringify(skipped),
        lives: JSON.stringify([...lives.values()]),
        created_by: createdBy,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      id: imp.id,
      rows,
      participations: list.length,
      skipped,
      lives: [...lives.values()],
      tagChanges,
    };
  });
}
