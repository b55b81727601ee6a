// Importing call results: every row is checked first (phone known to the campaign, result coded, times
// readable) and any error rejects the whole file, reported row by row, with nothing applied. A clean file is
// applied in one transaction: one attempt per call key (the call centre's 通话ID, else phone + start + result),
// so importing the same file again changes nothing; each call's latest result and its redial time (20 minutes
// after an unanswered attempt, inside a call window); A and B get the "add me" SMS with the calling member's
// personal live code, C the passive one, through the outbox (the send gate decides when it goes out).
// Masked phones (139****2273) cannot be matched: those rows are skipped and listed, not errors.
import type { Ctx } from "../../context.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { SMS_CHANNEL } from "../outbox/sms.channel.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { getCampaignRow } from "./call-campaigns.service.ts";
import { type CallSettings, loadCallSettings } from "./call-campaigns.settings.ts";
import { ensurePersonalCodes, type PersonalCode } from "./call-codes.ts";
import { windowsOf } from "./call-list.ts";
import { redialTime } from "./call-plan.ts";
import {
  codeRow,
  type Outcome,
  type ReadResults,
  type ResultRow,
  type RowIssue,
  readResults,
} from "./call-results.read.ts";
import { fill } from "./call-scripts.ts";

export interface ImportReport {
  id: string;
  status: "applied" | "rejected";
  format: string | null;
  encoding: string | null;
  rowsTotal: number;
  applied: number;
  unchanged: number;
  skipped: number;
  errors: number;
  smsPlanned: number;
  issues: RowIssue[];
}

interface Parsed {
  row: number;
  callId: string;
  userid: string;
  key: string;
  outcome: Outcome;
  startedAt: Date | null;
  connectedAt: Date | null;
  endedAt: Date | null;
  duration: number | null;
  agent: string | null;
  note: string | null;
}

/** Local "yyyy-MM-dd HH:mm:ss" (or Excel's "2018/5/16 9:41", or ISO with a zone) → an instant. */
export function parseLocalTime(s: string, offsetMinutes: number): Date | null {
  if (/[zZ]|[+-]\d\d:?\d\d$/.test(s) && s.includes("T")) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const t = Date.UTC(y as number, (mo as number) - 1, d, h, mi, se) - offsetMinutes * 60_000;
  return Number.isNaN(t) ? null : new Date(t);
}

const MOBILE = /^1[3-9]\d{9}$/;

function phoneOf(raw: string): { phone: string } | { masked: true } | { invalid: true } {
  if (raw.includes("*") || raw.startsWith("$$") || raw.startsWith("##")) return { masked: true };
  const digits = raw.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
  return MOBILE.test(digits) ? { phone: digits } : { invalid: true };
}

function checkRows(
  rows: ResultRow[],
  calls: Map<string, { id: string; userid: string }>,
  offset: number,
): { parsed: Parsed[]; issues: RowIssue[] } {
  const parsed: Parsed[] = [];
  const issues: RowIssue[] = [];
  for (const r of rows) {
    const issue = (severity: RowIssue["severity"], code: string, message: string, value: string | null) =>
      issues.push({ row: r.row, severity, code, message, value });
    if (!r.phoneRaw) {
      issue("error", "NO_PHONE", "the row has no phone number", null);
      continue;
    }
    const p = phoneOf(r.phoneRaw);
    if ("masked" in p) {
      issue(
        "skipped",
        "PHONE_MASKED",
        "a masked or encrypted phone cannot be matched to a customer",
        r.phoneRaw,
      );
      continue;
    }
    if ("invalid" in p) {
      issue("error", "INVALID_PHONE", "not a mainland mobile number (11 digits starting with 1)", r.phoneRaw);
      continue;
    }
    const call = calls.get(p.phone);
    if (!call) {
      issue("error", "UNKNOWN_PHONE", "this phone is not in the campaign's call list", r.phoneRaw);
      continue;
    }
    const coded = codeRow(r);
    if ("skip" in coded) {
      issue("skipped", coded.skip, coded.message, null);
      continue;
    }
    if ("error" in coded) {
      issue("error", coded.error, coded.message, coded.value);
      continue;
    }
    const times: (Date | null)[] = [];
    let bad = false;
    for (const [name, v] of [
      ["开始时间", r.startedAt],
      ["接通时间", r.connectedAt],
      ["结束时间", r.endedAt],
    ] as const) {
      const t = v ? parseLocalTime(v, offset) : null;
      if (v && !t) {
        issue("error", "BAD_TIME", `${name} is not a time (yyyy-MM-dd HH:mm:ss)`, v);
        bad = true;
      }
      times.push(t);
    }
    const duration = r.duration ? Number(r.duration) : null;
    if (r.duration && !Number.isFinite(duration)) {
      issue("error", "BAD_DURATION", "通话时长 is not a number of seconds", r.duration);
      bad = true;
    }
    if (bad) continue;
    const [startedAt, connectedAt, endedAt] = times as [Date | null, Date | null, Date | null];
    parsed.push({
      row: r.row,
      callId: call.id,
      userid: call.userid,
      key: r.callId ?? `${p.phone}|${startedAt?.toISOString() ?? ""}|${coded.outcome}|${r.note ?? ""}`,
      outcome: coded.outcome,
      startedAt,
      connectedAt,
      endedAt,
      duration: duration === null ? null : Math.round(duration),
      agent: r.agent,
      note: r.note,
    });
  }
  return { parsed, issues };
}

const DEFINITE = new Set(["A", "B", "C", "refused", "invalid_number"]);

export async function importResults(
  ctx: Ctx,
  corpId: string,
  campaignId: string,
  input: { file: Buffer } | { rows: ResultRow[] },
  opts: { fileName: string | null; encoding: string | null; createdBy: string | null },
): Promise<ImportReport> {
  const campaign = await getCampaignRow(ctx, corpId, campaignId);
  const [settings, offset] = await Promise.all([
    loadCallSettings(ctx.db, corpId),
    corpUtcOffset(ctx.db, corpId),
  ]);
  const read: ReadResults =
    "file" in input
      ? await readResults(input.file, opts.encoding)
      : { format: "api", encoding: null, rows: input.rows, issues: [] };
  const callRows = await ctx.db
    .selectFrom("call_campaign_calls")
    .select(["id", "phone", "userid"])
    .where("corp_id", "=", corpId)
    .where("campaign_id", "=", campaign.id)
    .execute();
  const calls = new Map(callRows.map((c) => [c.phone, c]));
  const checked = checkRows(read.rows, calls, offset);
  const issues = [...read.issues, ...checked.issues].sort((a, b) => a.row - b.row);
  const errors = issues.filter((i) => i.severity === "error").length;
  const now = new Date(ctx.clock.now());
  const base = {
    corp_id: corpId,
    campaign_id: campaign.id,
    file_name: opts.fileName,
    format: read.format,
    encoding: read.encoding,
    rows_total: read.rows.length || issues.length,
    skipped: issues.length - errors,
    errors,
    created_by: opts.createdBy,
    created_at: now,
  };
  if (errors > 0) {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const imp = await trx
        .insertInto("call_result_imports")
        .values({ ...base, status: "rejected", applied: 0, unchanged: 0, sms_planned: 0 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await insertIssues(trx, corpId, imp.id, issues);
      return imp.id;
    });
    return report(id, "rejected", base, 0, 0, 0, issues);
  }
  // Codes are made before the transaction (WeCom calls); an unused one costs nothing.
  const smsUsers = [
    ...new Set(checked.parsed.filter((p) => p.outcome in { A: 1, B: 1, C: 1 }).map((p) => p.userid)),
  ];
  const codes = await ensurePersonalCodes(ctx, corpId, { id: campaign.id, name: campaign.name }, smsUsers);
  return ctx.db.transaction().execute(async (trx) => {
    const tctx: Ctx = { ...ctx, db: trx };
    const imp = await trx
      .insertInto("call_result_imports")
      .values({ ...base, status: "applied", applied: 0, unchanged: 0, sms_planned: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    let applied = 0;
    const touched = new Set<string>();
    for (let i = 0; i < checked.parsed.length; i += 500) {
      const chunk = checked.parsed.slice(i, i + 500);
      const ins = await trx
        .insertInto("call_attempts")
        .values(
          chunk.map((p) => ({
            corp_id: corpId,
            campaign_id: campaign.id,
            call_id: p.callId,
            call_key: p.key,
            outcome: p.outcome,
            started_at: p.startedAt,
            connected_at: p.connectedAt,
            ended_at: p.endedAt,
            duration_s: p.duration,
            agent: p.agent,
            note: p.note,
            import_id: imp.id,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(["campaign_id", "call_key"]).doNothing())
        .returning("call_id")
        .execute();
      applied += ins.length;
      for (const r of ins) touched.add(r.call_id);
    }
    const sms = await refreshCalls(tctx, corpId, campaign, [...touched], settings, offset, codes, now);
    await insertIssues(trx, corpId, imp.id, issues);
    const unchanged = checked.parsed.length - applied;
    await trx
      .updateTable("call_result_imports")
      .set({ applied, unchanged, sms_planned: sms })
      .where("id", "=", imp.id)
      .execute();
    return report(imp.id, "applied", base, applied, unchanged, sms, issues);
  });
}

function report(
  id: string,
  status: ImportReport["status"],
  base: {
    format: string | null;
    encoding: string | null;
    rows_total: number;
    skipped: number;
    errors: number;
  },
  applied: number,
  unchanged: number,
  smsPlanned: number,
  issues: RowIssue[],
): ImportReport {
  return {
    id,
    status,
    format: base.format,
    encoding: base.encoding,
    rowsTotal: base.rows_total,
    applied,
    unchanged,
    skipped: base.skipped,
    errors: base.errors,
    smsPlanned,
    issues,
  };
}

async function insertIssues(db: Ctx["db"], corpId: string, importId: string, issues: RowIssue[]) {
  for (let i = 0; i < issues.length; i += 1000)
    await db
      .insertInto("call_result_import_issues")
      .values(
        issues.slice(i, i + 1000).map((x) => ({
          import_id: importId,
          corp_id: corpId,
          row_number: x.row,
          severity: x.severity,
          code: x.code,
          message: x.message,
          value: x.value,
        })),
      )
      .execute();
}

/** Recomputes each touched call's latest result and redial time, and plans its SMS; returns SMS planned. */
async function refreshCalls(
  ctx: Ctx,
  corpId: string,
  campaign: { id: string; brand_name: string },
  callIds: string[],
  settings: CallSettings,
  offset: number,
  codes: Map<string, PersonalCode>,
  now: Date,
): Promise<number> {
  if (callIds.length === 0) return 0;
  let planned = 0;
  const calls = await ctx.db
    .selectFrom("call_campaign_calls")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "in", callIds)
    .execute();
  const attempts = await ctx.db
    .selectFrom("call_attempts")
    .select(["call_id", "outcome", "started_at", "ended_at", "id"])
    .where("corp_id", "=", corpId)
    .where("call_id", "in", callIds)
    .execute();
  const names = new Map(
    (
      await ctx.db
        .selectFrom("members")
        .select(["userid", "name"])
        .where("corp_id", "=", corpId)
        .where("userid", "in", [...new Set(calls.map((c) => c.userid))])
        .execute()
    ).map((m) => [m.userid, m.name]),
  );
  const when = (a: { started_at: Date | null; ended_at: Date | null }) =>
    (a.started_at ?? a.ended_at)?.getTime() ?? 0;
  for (const call of calls) {
    const mine = attempts
      .filter((a) => a.call_id === call.id)
      .sort((a, b) => when(a) - when(b) || Number(a.id) - Number(b.id));
    const definite = mine.filter((a) => DEFINITE.has(a.outcome));
    const latest = (definite.length > 0 ? definite : mine).at(-1);
    if (!latest) continue;
    const outcome = latest.outcome;
    const nextRedial =
      outcome === "no_answer"
        ? redialTime(
            latest.ended_at ?? latest.started_at ?? now,
            windowsOf(call.category, settings),
            settings.redialMinutes,
            offset,
          )
        : null;
    const kind = outcome === "A" || outcome === "B" ? "active" : outcome === "C" ? "passive" : null;
    let smsOutbox = call.sms_outbox_id;
    let smsKind = call.sms_kind;
    const code = codes.get(call.userid);
    if (kind && code && smsKind !== "active") {
      const incentive = (call.incentive?.name as string | undefined) ?? "专属福利";
      const text = fill(kind === "active" ? settings.sms.active : settings.sms.passive, {
        name: call.name ?? "",
        staff: names.get(call.userid) ?? "",
        incentive,
        link: code.link,
        brand: campaign.brand_name,
      });
      const m = await planMessage(ctx, {
        corpId,
        idempotencyKey: `call-campaign:${call.id}:${kind}`,
        planner: `call-campaign:${campaign.id}`,
        channel: SMS_CHANNEL,
        recipient: call.phone,
        sender: null,
        payload: { text },
        notBefore: now,
        notAfter: null,
      });
      if (m.created) planned++;
      smsOutbox = m.id;
      smsKind = kind;
    }
    await ctx.db
      .updateTable("call_campaign_calls")
      .set({
        attempts: mine.length,
        outcome,
        outcome_at: latest.ended_at ?? latest.started_at ?? now,
        next_redial_at: nextRedial,
        sms_kind: smsKind,
        sms_outbox_id: smsOutbox,
      })
      .where("id", "=", call.id)
      .execute();
  }
  return planned;
}
