// Mass sends (群发, PRODUCT.md E2): pre-flight (nothing stored, nothing sent), create (planned and stored; the
// worker submits its tasks when due), views with their report, and recipient pages.
import { performance } from "node:perf_hooks";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { loadGateSettings } from "../send-gate/gate-settings.ts";
import {
  DEFERRED,
  DROPPED,
  loadAudience,
  type Plan,
  planAudience,
  refusedRows,
  senderAt,
} from "./mass-sends.plan.ts";
import * as repo from "./mass-sends.repository.ts";
import type { MassDraft, MassSendView } from "./mass-sends.schemas.ts";
import type { RecipientStatus } from "./mass-sends.tables.ts";

/** Scheduled times up to this far in the past count as "now" (clock skew, the time to fill in the form). */
const PAST_GRACE_MS = 60_000;

async function checkDraft(ctx: Ctx, corpId: string, draft: MassDraft): Promise<Date> {
  await requireCorp(ctx, corpId);
  const now = ctx.clock.now();
  const issues: { path: string; message: string }[] = [];
  let at = new Date(now);
  if (draft.scheduledAt !== null) {
    const t = Date.parse(draft.scheduledAt);
    if (t < now - PAST_GRACE_MS) issues.push({ path: "/scheduledAt", message: "the time is in the past" });
    else at = new Date(Math.max(t, now));
  }
  const refs = draft.content.attachments.flatMap((a, i) =>
    a.kind === "link" ? [] : [{ i, id: a.materialId, image: a.kind === "miniprogram" }],
  );
  if (refs.length > 0) {
    const rows = await ctx.db
      .selectFrom("materials")
      .select(["id", "kind"])
      .where("corp_id", "=", corpId)
      .where(
        "id",
        "in",
        refs.map((r) => r.id),
      )
      .execute();
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    for (const r of refs) {
      const kind = kinds.get(r.id);
      const path = `/content/attachments/${r.i}/materialId`;
      if (!kind) issues.push({ path, message: `no material ${r.id}` });
      else if (r.image && kind !== "image")
        issues.push({ path, message: "a mini program's cover must be an image" });
    }
  }
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", "the mass send is invalid", issues);
  return at;
}

async function plan(ctx: Ctx, corpId: string, draft: MassDraft, at: Date, planner: string) {
  const started = performance.now();
  const audience = await loadAudience(ctx, corpId, draft.target);
  const p = await planAudience(ctx, audience, {
    corpId,
    content: draft.content,
    at,
    onQuota: draft.onQuota,
    planner,
  });
  return { ...p, ms: Math.round((performance.now() - started) * 10) / 10 };
}

export async function summarize(ctx: Ctx, corpId: string, p: Plan, attachments: number) {
  const byReason = new Map<
    string,
    { action: "defer" | "drop"; rule: string; reason: string; count: number }
  >();
  // Counts per sender number first (no string key per recipient), named afterwards.
  const counts = new Map<number, { now: number; deferred: number; dropped: number }>();
  let deferred = 0;
  let dropped = 0;
  for (let i = 0; i < p.size; i++) {
    const a = p.action[i];
    const no = p.senders[i] as number;
    let s = no >= 0 ? counts.get(no) : undefined;
    if (no >= 0 && !s) {
      s = { now: 0, deferred: 0, dropped: 0 };
      counts.set(no, s);
    }
    if (a === DEFERRED) {
      deferred++;
      if (s) s.deferred++;
    } else if (a === DROPPED) {
      dropped++;
      if (s) s.dropped++;
    } else if (s) s.now++;
    if (a === DEFERRED || a === DROPPED) {
      const action = a === DEFERRED ? "defer" : "drop";
      const k = `${action}:${p.rule[i]}`;
      const e = byReason.get(k);
      if (e) e.count++;
      else byReason.set(k, { action, rule: p.rule[i] ?? "", reason: p.reason[i] ?? "", count: 1 });
    }
  }
  const bySender = new Map([...counts].map(([no, c]) => [p.senderIds[no] as string, c]));
  const names = await repo.memberNames(ctx.db, corpId, [...bySender.keys()]);
  const settings = (await loadGateSettings(ctx.db, [corpId])).get(corpId);
  const warnings: { code: string; message: string }[] = [];
  const warnAbove = settings?.attachmentsWarnAbove ?? 4;
  if (attachments > warnAbove)
    warnings.push({
      code: `ATTACHMENTS_ABOVE_${warnAbove}`,
      message: `${attachments} attachments; 2–3 read best, and more than ${warnAbove} is often ignored`,
    });
  if (p.size === 0) warnings.push({ code: "NO_RECIPIENTS", message: "the audience is empty" });
  return {
    total: p.size,
    now: p.size - deferred - dropped,
    deferred,
    dropped,
    byReason: [...byReason.values()].sort((a, b) => b.count - a.count),
    bySender: [...bySender.entries()]
      .map(([sender, c]) => ({ sender, name: names.get(sender) ?? null, ...c }))
      .sort((a, b) => b.now + b.deferred - (a.now + a.deferred) || a.sender.localeCompare(b.sender)),
    tasks: p.tasks.length,
    warnings,
    ms: p.ms,
  };
}

export async function preflight(ctx: Ctx, corpId: string, draft: MassDraft) {
  const at = await checkDraft(ctx, corpId, draft);
  const p = await plan(ctx, corpId, draft, at, "mass-send:preflight");
  return summarize(ctx, corpId, p, draft.content.attachments.length);
}

export async function createMassSend(
  ctx: Ctx,
  corpId: string,
  draft: MassDraft,
  createdBy: string | null,
): Promise<MassSendView> {
  const at = await checkDraft(ctx, corpId, draft);
  const now = new Date(ctx.clock.now());
  const scheduled = draft.scheduledAt !== null && at.getTime() > now.getTime();
  const row = await ctx.db
    .insertInto("mass_sends")
    .values({
      corp_id: corpId,
      name: draft.name,
      target: JSON.stringify(draft.target),
      content: JSON.stringify(draft.content),
      scheduled_at: draft.scheduledAt === null ? null : at,
      on_quota: draft.onQuota,
      status: scheduled ? "scheduled" : "sending",
      created_by: createdBy,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  try {
    const p = await plan(ctx, corpId, draft, at, `mass-send:${row.id}`);
    await storePlan(ctx, corpId, row.id, p);
  } catch (err) {
    await ctx.db.deleteFrom("mass_sends").where("id", "=", row.id).execute();
    throw err;
  }
  return getMassSend(ctx, corpId, row.id);
}

async function storePlan(ctx: Ctx, corpId: string, id: string, p: Plan): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const ids = await repo.taskIds(trx, p.tasks.length);
    const taskOf: (string | null)[] = new Array(p.size).fill(null);
    p.tasks.forEach((t, k) => {
      for (const i of t.members) taskOf[i] = ids[k] as string;
    });
    await repo.insertTasks(
      trx,
      corpId,
      id,
      ids,
      p.tasks.map((t) => ({
        sender: t.sender,
        chatType: p.chatType,
        notBefore: t.notBefore,
        recipients: t.members.length,
      })),
    );
    const status: RecipientStatus[] = Array.from(p.action, (a) =>
      a === DROPPED ? "dropped" : a === DEFERRED ? "deferred" : "planned",
    );
    const senders = Array.from({ length: p.size }, (_, i) => senderAt(p, i));
    await repo.insertRecipients(trx, corpId, id, {
      recipient: p.recipients ?? { ids: p.ids as Uint32Array },
      taskId: taskOf,
      sender: senders,
      status,
      reason: p.reason,
    });
    // The gate's decisions: one row per recipient it deferred or dropped; those it let through get one row per
    // task when the task is submitted (checked again then), not a million rows here.
    await repo.insertRefused(trx, corpId, `mass-send:${id}`, new Date(ctx.clock.now()), refusedRows(p));
    await repo.finishIfDone(trx, id);
    await repo.refreshReport(trx, id);
  });
}

function reportOf(row: repo.SendRow) {
  const r = row.report ?? {};
  const n = (k: string) => r[k] ?? 0;
  return {
    recipients: Object.values(r).reduce((a, b) => a + b, 0),
    submitted: n("submitted"),
    sent: n("sent"),
    notFriend: n("not_friend"),
    quotaHit: n("quota"),
    unconfirmed: n("unconfirmed"),
    deferred: n("deferred"),
    dropped: n("dropped"),
    failed: n("failed"),
    updatedAt: row.results_at?.toISOString() ?? null,
  };
}

function baseView(row: repo.SendRow): Omit<MassSendView, "senders"> {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    target: row.target as MassSendView["target"],
    content: row.content as MassSendView["content"],
    scheduledAt: row.scheduled_at?.toISOString() ?? null,
    onQuota: row.on_quota,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    pausedReason: row.paused_reason,
    report: reportOf(row),
  };
}

export async function requireSend(ctx: Ctx, corpId: string, id: string): Promise<repo.SendRow> {
  const row = await repo.findSend(ctx.db, corpId, id);
  if (!row) throw new AppError("MASS_SEND_NOT_FOUND", `mass send ${id} does not exist in corp ${corpId}`);
  return row;
}

export async function getMassSend(ctx: Ctx, corpId: string, id: string): Promise<MassSendView> {
  const row = await requireSend(ctx, corpId, id);
  const tasks = await repo.tasksOf(ctx.db, id);
  return {
    ...baseView(row),
    senders: tasks.map((t) => ({
      sender: t.sender,
      name: t.name ?? null,
      msgid: t.msgid,
      status: t.status === "submitting" ? "planned" : t.status,
      recipients: t.recipients,
      sent: t.sent,
      remindedTimes: t.reminds.length,
    })),
  };
}

export async function listMassSends(ctx: Ctx, corpId: string) {
  const rows = await repo.listSends(ctx.db, corpId, 200);
  return { items: rows.map((r) => ({ ...baseView(r), senders: [] })) };
}

export async function recipients(
  ctx: Ctx,
  corpId: string,
  id: string,
  q: { status?: RecipientStatus | undefined; after?: string | undefined; limit: number },
) {
  await requireSend(ctx, corpId, id);
  const rows = await repo.recipientsPage(ctx.db, corpId, id, q);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      recipient: r.recipient,
      name: r.cname ?? r.gname ?? null,
      sender: r.sender,
      status: r.status,
      reason: r.reason,
      sentAt: r.sent_at?.toISOString() ?? null,
    })),
    next: rows.length > q.limit ? (page[page.length - 1]?.recipient ?? null) : null,
  };
}
