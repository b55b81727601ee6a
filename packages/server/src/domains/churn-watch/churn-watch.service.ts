// Churn watch: a customer's deletion is attributed to the planners (campaigns, automations) and the member that
// touched them in the rolling window; a planner above its threshold pauses itself (paused_planners, read by the
// send gate's paused_planner rule) and a member above theirs cools down (a sender restriction). Members listed
// in the settings are told by app message. A paused planner resumes only by hand.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { requireCorp } from "../corps/corps.service.ts";
import type { EventMeta } from "../inbox/handlers.ts";
import { markCodesOfMember } from "../live-codes/live-codes.repository.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import {
  crosses,
  describeFigures,
  type Figures,
  plannerFigures,
  plannerKind,
  senderFigures,
} from "./churn-watch.figures.ts";
import {
  type ChurnWatchSettings,
  churnWatchSettingsSchema,
  loadChurnWatchSettings,
  saveChurnWatchSettings,
} from "./churn-watch.settings.ts";
import type { ChurnKind } from "./churn-watch.tables.ts";

export const CHURN_WATCH_SOURCE = "churn-watch";

export interface Deletion {
  externalUserId: string;
  userid: string;
  kind: ChurnKind;
  source: string | null;
  at: Date;
}

/** Records a deletion and, for a customer's, pauses planners and cools members down that crossed their thresholds. */
export async function watchDeletion(ctx: Ctx, m: EventMeta, d: Deletion): Promise<void> {
  const inserted = await ctx.db
    .insertInto("churn_events")
    .values({
      corp_id: m.corpId,
      external_userid: d.externalUserId,
      userid: d.userid,
      kind: d.kind,
      source: d.source,
      occurred_at: d.at,
      inbox_event_id: m.inboxId,
    })
    .onConflict((oc) => oc.column("inbox_event_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  // Only the customer's own deletion or block says the messages were unwelcome; a member removing a customer
  // (or a handover) is recorded for the console but not counted.
  if (!inserted || d.kind !== "customer_deleted") return;
  const settings = await loadChurnWatchSettings(ctx.db, m.corpId);
  if (!settings.enabled) return;
  const now = new Date(ctx.clock.now());
  const windowStart = new Date(d.at.getTime() - settings.windowHours * 3_600_000);

  const touched = await ctx.db
    .selectFrom("recipient_touches as t")
    .leftJoin("outbox as o", "o.id", "t.outbox_id")
    .select(["t.planner", "o.sender"])
    .distinct()
    .where("t.corp_id", "=", m.corpId)
    .where("t.recipient", "=", d.externalUserId)
    .where("t.touched_at", ">=", windowStart)
    .execute();
  const planners = [...new Set(touched.map((t) => t.planner))];
  const paused = new Set(
    planners.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom("paused_planners")
            .select("planner")
            .where("corp_id", "=", m.corpId)
            .where("planner", "in", planners)
            .where("resumed_at", "is", null)
            .execute()
        ).map((p) => p.planner),
  );
  for (const planner of planners) {
    if (paused.has(planner)) continue;
    const [f] = await plannerFigures(ctx.db, m.corpId, now, settings.windowHours, planner);
    if (f && crosses(f, settings.planner)) await pause(ctx, m.corpId, planner, f, settings, now);
  }
  if (touched.some((t) => t.sender === d.userid)) {
    const [f] = await senderFigures(ctx.db, m.corpId, now, settings.windowHours, d.userid);
    if (f && crosses(f, settings.sender)) await coolDown(ctx, m.corpId, d.userid, f, settings, now);
  }
}

async function pause(
  ctx: Ctx,
  corpId: string,
  planner: string,
  f: Figures,
  settings: ChurnWatchSettings,
  now: Date,
): Promise<void> {
  const reason = `${plannerKind(planner)} paused: ${describeFigures(f, settings.planner, settings.windowHours)}`;
  const row = await ctx.db
    .insertInto("paused_planners")
    .values({
      corp_id: corpId,
      planner,
      paused_at: now,
      reason,
      figures: JSON.stringify({ ...f, ...settings.planner, windowHours: settings.windowHours }),
      resumed_at: null,
      resumed_by: null,
    })
    .onConflict((oc) => oc.columns(["corp_id", "planner"]).where("resumed_at", "is", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) return;
  ctx.log.warn({ corpId, planner, reason }, "churn watch paused a planner");
  await notify(
    ctx,
    corpId,
    `pause:${row.id}`,
    settings,
    now,
    `[Siyu 风控] ${planner} 已自动暂停 / ${reason}`,
  );
}

async function coolDown(
  ctx: Ctx,
  corpId: string,
  userid: string,
  f: Figures,
  settings: ChurnWatchSettings,
  now: Date,
): Promise<void> {
  const current = await ctx.db
    .selectFrom("sender_restrictions")
    .select("id")
    .where("corp_id", "=", corpId)
    .where("userid", "=", userid)
    .where("lifted_at", "is", null)
    .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", now)]))
    .executeTakeFirst();
  if (current) return; // already restricted or cooling down: nothing to add
  const note = `cooling down: ${describeFigures(f, settings.sender, settings.windowHours)}`;
  const row = await ctx.db
    .insertInto("sender_restrictions")
    .values({
      corp_id: corpId,
      userid,
      state: "limited",
      since: now,
      until: new Date(now.getTime() + settings.sender.cooldownHours * 3_600_000),
      source: CHURN_WATCH_SOURCE,
      note,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await markCodesOfMember(ctx.db, corpId, userid);
  ctx.log.warn({ corpId, userid, note }, "churn watch cooled a member down");
  await notify(ctx, corpId, `cool:${row.id}`, settings, now, `[Siyu 风控] ${userid} 冷却中 / ${note}`);
}

async function notify(
  ctx: Ctx,
  corpId: string,
  key: string,
  settings: ChurnWatchSettings,
  now: Date,
  text: string,
): Promise<void> {
  for (const userid of settings.notifyUserids) {
    await planMessage(ctx, {
      corpId,
      idempotencyKey: `churn-watch:${key}:${userid}`,
      planner: CHURN_WATCH_SOURCE,
      channel: APP_MESSAGE_CHANNEL,
      recipient: userid,
      sender: null,
      payload: { text },
      notBefore: now,
      notAfter: null,
    });
  }
}

export async function getChurnWatchSettings(ctx: Ctx, corpId: string): Promise<ChurnWatchSettings> {
  await requireCorp(ctx, corpId);
  return loadChurnWatchSettings(ctx.db, corpId);
}

export async function updateChurnWatchSettings(
  ctx: Ctx,
  corpId: string,
  patch: Partial<ChurnWatchSettings>,
): Promise<ChurnWatchSettings> {
  const merged = churnWatchSettingsSchema.parse({ ...(await getChurnWatchSettings(ctx, corpId)), ...patch });
  await saveChurnWatchSettings(ctx.db, corpId, merged, new Date(ctx.clock.now()));
  return merged;
}

export interface PausedView {
  id: string;
  planner: string;
  kind: "campaign" | "automation";
  pausedAt: string;
  reason: string;
  resumedAt: string | null;
  resumedBy: string | null;
  /** Messages of this planner waiting for the resume. */
  held: number;
}

export async function listPaused(ctx: Ctx, corpId: string, current: boolean): Promise<PausedView[]> {
  let q = ctx.db.selectFrom("paused_planners").selectAll().where("corp_id", "=", corpId);
  if (current) q = q.where("resumed_at", "is", null);
  const rows = await q.orderBy("id", "desc").limit(200).execute();
  const open = rows.filter((r) => r.resumed_at === null).map((r) => r.planner);
  const held = new Map<string, number>();
  if (open.length > 0) {
    const counts = await ctx.db
      .selectFrom("outbox")
      .select(["planner", (eb) => eb.fn.countAll<string>().as("n")])
      .where("corp_id", "=", corpId)
      .where("planner", "in", open)
      .where("status", "=", "pending")
      .groupBy("planner")
      .execute();
    for (const c of counts) held.set(c.planner, Number(c.n));
  }
  return rows.map((r) => ({
    id: r.id,
    planner: r.planner,
    kind: plannerKind(r.planner),
    pausedAt: r.paused_at.toISOString(),
    reason: r.reason,
    resumedAt: r.resumed_at?.toISOString() ?? null,
    resumedBy: r.resumed_by,
    held: r.resumed_at === null ? (held.get(r.planner) ?? 0) : 0,
  }));
}

/** Resumes a paused planner by hand: its held messages are due again (the gate decides them anew). */
export async function resumePlanner(ctx: Ctx, corpId: string, id: string, by: string): Promise<PausedView> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("paused_planners")
      .set({ resumed_at: now, resumed_by: by })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .where("resumed_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new AppError("PAUSE_NOT_FOUND", `nothing paused with id ${id} (or it was resumed already)`);
    await trx
      .updateTable("outbox")
      .set({ not_before: now, updated_at: now })
      .where("corp_id", "=", corpId)
      .where("planner", "=", row.planner)
      .where("status", "=", "pending")
      .where("reason", "like", "paused\\_planner:%")
      .execute();
    ctx.log.info({ corpId, planner: row.planner, by }, "churn watch: planner resumed by hand");
    return {
      id: row.id,
      planner: row.planner,
      kind: plannerKind(row.planner),
      pausedAt: row.paused_at.toISOString(),
      reason: row.reason,
      resumedAt: now.toISOString(),
      resumedBy: by,
      held: 0,
    };
  });
}

export async function churnWatchOverview(ctx: Ctx, corpId: string) {
  await requireCorp(ctx, corpId);
  const settings = await loadChurnWatchSettings(ctx.db, corpId);
  const now = new Date(ctx.clock.now());
  const [paused, planners, senders, cooling, recent] = await Promise.all([
    listPaused(ctx, corpId, false),
    plannerFigures(ctx.db, corpId, now, settings.windowHours),
    senderFigures(ctx.db, corpId, now, settings.windowHours),
    ctx.db
      .selectFrom("sender_restrictions")
      .selectAll()
      .where("corp_id", "=", corpId)
      .where("source", "=", CHURN_WATCH_SOURCE)
      .where("lifted_at", "is", null)
      .where("until", ">", now)
      .orderBy("id", "desc")
      .execute(),
    ctx.db
      .selectFrom("churn_events")
      .select(["external_userid", "userid", "kind", "source", "occurred_at"])
      .where("corp_id", "=", corpId)
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .limit(50)
      .execute(),
  ]);
  const rate = (f: Figures) => (f.sends > 0 ? Math.round((f.deletions / f.sends) * 1000) / 10 : 0);
  return {
    settings,
    paused,
    planners: planners.map((f) => ({
      planner: f.key,
      sends: f.sends,
      deletions: f.deletions,
      percent: rate(f),
      since: f.since,
    })),
    senders: senders.map((f) => ({
      userid: f.key,
      sends: f.sends,
      deletions: f.deletions,
      percent: rate(f),
      since: f.since,
    })),
    cooling: cooling.map((r) => ({
      id: r.id,
      userid: r.userid,
      since: r.since.toISOString(),
      until: r.until?.toISOString() ?? null,
      note: r.note,
    })),
    recent: recent.map((r) => ({
      externalUserid: r.external_userid,
      userid: r.userid,
      kind: r.kind,
      source: r.source,
      occurredAt: r.occurred_at.toISOString(),
    })),
  };
}
