// What the console and other domains do with the send gate's settings and lists, and the dry run.
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { rebalanceCalls } from "../call-campaigns/call-rebalance.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { markCodesOfMember } from "../live-codes/live-codes.repository.ts";
import { loadGateFacts } from "./gate-facts.ts";
import {
  type GateSettings,
  gateSettingsSchema,
  loadGateSettings,
  saveGateSettings,
} from "./gate-settings.ts";
import type { SenderRestrictionsTable } from "./send-gate.tables.ts";
import { sendGate } from "./send-gate.ts";

export async function getSettings(ctx: Ctx, corpId: string): Promise<GateSettings> {
  await requireCorp(ctx, corpId);
  return (await loadGateSettings(ctx.db, [corpId])).get(corpId) as GateSettings;
}

export async function updateSettings(
  ctx: Ctx,
  corpId: string,
  patch: Partial<GateSettings>,
): Promise<GateSettings> {
  const merged = gateSettingsSchema.parse({ ...(await getSettings(ctx, corpId)), ...patch });
  await saveGateSettings(ctx.db, corpId, merged, new Date(ctx.clock.now()));
  return merged;
}

export async function listWords(ctx: Ctx, corpId: string) {
  const rows = await ctx.db
    .selectFrom("sensitive_words")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("word")
    .execute();
  return rows.map((r) => ({ word: r.word, category: r.category, createdAt: r.created_at.toISOString() }));
}

export async function addWords(ctx: Ctx, corpId: string, words: string[], category: string) {
  await requireCorp(ctx, corpId);
  const unique = [...new Set(words.map((w) => w.trim()))];
  const added = await ctx.db
    .insertInto("sensitive_words")
    .values(unique.map((word) => ({ corp_id: corpId, word, category })))
    .onConflict((oc) => oc.columns(["corp_id", "word"]).doNothing())
    .returning("word")
    .execute();
  return { added: added.length, existing: unique.length - added.length };
}

export async function removeWord(ctx: Ctx, corpId: string, word: string) {
  const r = await ctx.db
    .deleteFrom("sensitive_words")
    .where("corp_id", "=", corpId)
    .where("word", "=", word)
    .executeTakeFirst();
  if (r.numDeletedRows === 0n) throw new AppError("NOT_FOUND", `"${word}" is not on the list`);
}

export async function recordOptOut(
  ctx: Ctx,
  corpId: string,
  externalUserid: string,
  source: string,
  detail: string | null,
): Promise<boolean> {
  const r = await ctx.db
    .insertInto("opt_outs")
    .values({
      corp_id: corpId,
      external_userid: externalUserid,
      source,
      detail,
      opted_out_at: new Date(ctx.clock.now()),
    })
    .onConflict((oc) => oc.columns(["corp_id", "external_userid"]).doNothing())
    .executeTakeFirst();
  return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function listOptOuts(ctx: Ctx, corpId: string, limit: number) {
  const rows = await ctx.db
    .selectFrom("opt_outs")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("opted_out_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    externalUserid: r.external_userid,
    source: r.source,
    detail: r.detail,
    optedOutAt: r.opted_out_at.toISOString(),
  }));
}

export async function removeOptOut(ctx: Ctx, corpId: string, externalUserid: string) {
  const r = await ctx.db
    .deleteFrom("opt_outs")
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserid)
    .executeTakeFirst();
  if (r.numDeletedRows === 0n) throw new AppError("NOT_FOUND", `${externalUserid} has not opted out`);
}

const restrictionView = (r: Selectable<SenderRestrictionsTable>) => ({
  id: r.id,
  userid: r.userid,
  state: r.state,
  since: r.since.toISOString(),
  until: r.until?.toISOString() ?? null,
  source: r.source,
  note: r.note,
  liftedAt: r.lifted_at?.toISOString() ?? null,
});

export async function addRestriction(
  ctx: Ctx,
  corpId: string,
  input: {
    userid: string;
    state: SenderRestrictionsTable["state"];
    hours?: number | undefined;
    note?: string;
  },
  source: string,
) {
  await requireCorp(ctx, corpId);
  const now = new Date(ctx.clock.now());
  const row = await ctx.db
    .insertInto("sender_restrictions")
    .values({
      corp_id: corpId,
      userid: input.userid,
      state: input.state,
      since: now,
      until: input.hours ? new Date(now.getTime() + input.hours * 3_600_000) : null,
      source,
      note: input.note ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await markCodesOfMember(ctx.db, corpId, input.userid);
  await rebalanceCalls(ctx.db, corpId, now);
  return restrictionView(row);
}

export async function listRestrictions(ctx: Ctx, corpId: string, current: boolean) {
  let q = ctx.db.selectFrom("sender_restrictions").selectAll().where("corp_id", "=", corpId);
  if (current) {
    const now = new Date(ctx.clock.now());
    q = q
      .where("lifted_at", "is", null)
      .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", now)]));
  }
  return (await q.orderBy("id", "desc").limit(500).execute()).map(restrictionView);
}

export async function liftRestriction(ctx: Ctx, corpId: string, id: string) {
  const row = await ctx.db
    .updateTable("sender_restrictions")
    .set({ lifted_at: new Date(ctx.clock.now()) })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .where("lifted_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `no current restriction ${id}`);
  await markCodesOfMember(ctx.db, corpId, row.userid);
  return restrictionView(row);
}

/** What the gate would decide for this message now, without recording anything or counting a touch. */
export async function dryRun(
  ctx: Ctx,
  corpId: string,
  input: {
    purpose: "marketing" | "service";
    recipient: string;
    sender?: string | undefined;
    text?: string | undefined;
    attachments?: unknown[] | undefined;
    notBefore?: string | undefined;
  },
) {
  const now = new Date(ctx.clock.now());
  await requireCorp(ctx, corpId);
  const msg = {
    corpId,
    outboxId: null,
    idempotencyKey: "dry-run",
    planner: "dry-run",
    channel: "dry-run",
    purpose: input.purpose,
    recipient: input.recipient,
    sender: input.sender ?? null,
    content: {
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.attachments ? { attachments: input.attachments } : {}),
    },
    notBefore: input.notBefore ? new Date(input.notBefore) : now,
    notAfter: null,
  };
  const facts = await loadGateFacts(
    ctx.db,
    [{ corpId, recipient: msg.recipient, sender: msg.sender, marketing: msg.purpose === "marketing" }],
    now,
  );
  const settings = facts.settings(corpId);
  const [d] = sendGate.evaluate([msg], now, facts);
  const n = input.attachments?.length ?? 0;
  const warnings =
    n > settings.attachmentsWarnAbove && n <= 9
      ? [`${n} attachments: more than ${settings.attachmentsWarnAbove} tends to read as spam`]
      : [];
  if (!d) throw new Error("the gate returned no decision");
  return {
    action: d.action,
    rule: d.rule,
    reason: d.reason,
    deferUntil: d.action === "defer" ? d.until.toISOString() : null,
    warnings,
  };
}
