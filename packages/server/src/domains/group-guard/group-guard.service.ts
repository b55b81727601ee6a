// Anti-harassment rules (CRUD), the event log with evidence, and the blacklist, always within one corp.
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import {
  type GuardEventView,
  type GuardRuleInput,
  type GuardRuleView,
  guardEventsQuery,
  guardRuleInput,
} from "./group-guard.schemas.ts";

type RuleRow = Awaited<ReturnType<typeof ruleRow>>;

function ruleRow(ctx: Ctx, corpId: string, id: string) {
  return ctx.db
    .selectFrom("group_guard_rules")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
}

function view(r: NonNullable<RuleRow>): GuardRuleView {
  return {
    id: String(r.id),
    name: r.name,
    enabled: r.enabled,
    chatIds: r.chat_ids,
    checkLinks: r.check_links,
    allowedDomains: r.allowed_domains,
    allowedMiniPrograms: r.allowed_mini_programs,
    adKeywords: r.ad_keywords,
    flood: r.flood_count && r.flood_seconds ? { count: r.flood_count, seconds: r.flood_seconds } : null,
    blockCards: r.block_cards,
    strikes: r.strikes,
    strikeWindowHours: r.strike_window_hours,
    allowedSenders: r.allowed_senders,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Every group the rule names must be one of the corp's groups. */
async function checkGroups(ctx: Ctx, corpId: string, chatIds: string[]) {
  if (chatIds.length === 0) return;
  const known = new Set(
    (
      await ctx.db
        .selectFrom("customer_groups")
        .select("chat_id")
        .where("corp_id", "=", corpId)
        .where("chat_id", "in", chatIds)
        .execute()
    ).map((g) => g.chat_id),
  );
  const details = chatIds.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `/chatIds/${i}`, message: `${id} is not a group of this corp` }],
  );
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", "unknown groups in the rule", details);
}

const columns = (r: GuardRuleInput) => ({
  name: r.name,
  enabled: r.enabled,
  chat_ids: [...new Set(r.chatIds)],
  check_links: r.checkLinks,
  allowed_domains: [...new Set(r.allowedDomains)],
  allowed_mini_programs: [...new Set(r.allowedMiniPrograms)],
  ad_keywords: [...new Set(r.adKeywords)],
  flood_count: r.flood?.count ?? null,
  flood_seconds: r.flood?.seconds ?? null,
  block_cards: r.blockCards,
  strikes: r.strikes,
  strike_window_hours: r.strikeWindowHours,
  allowed_senders: [...new Set(r.allowedSenders)],
});

export async function listGuardRules(ctx: Ctx, corpId: string): Promise<GuardRuleView[]> {
  const rows = await ctx.db
    .selectFrom("group_guard_rules")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id")
    .execute();
  return rows.map(view);
}

export async function createGuardRule(ctx: Ctx, corpId: string, input: unknown): Promise<GuardRuleView> {
  const r = guardRuleInput.parse(input);
  await checkGroups(ctx, corpId, r.chatIds);
  const at = nowDate(ctx.clock);
  const row = await ctx.db
    .insertInto("group_guard_rules")
    .values({ corp_id: corpId, ...columns(r), created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

export async function updateGuardRule(ctx: Ctx, corpId: string, id: string, input: unknown) {
  const r = guardRuleInput.parse(input);
  await mustGet(ctx, corpId, id);
  await checkGroups(ctx, corpId, r.chatIds);
  const row = await ctx.db
    .updateTable("group_guard_rules")
    .set({ ...columns(r), updated_at: nowDate(ctx.clock) })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

export async function deleteGuardRule(ctx: Ctx, corpId: string, id: string): Promise<void> {
  await mustGet(ctx, corpId, id);
  await ctx.db.deleteFrom("group_guard_rules").where("corp_id", "=", corpId).where("id", "=", id).execute();
}

async function mustGet(ctx: Ctx, corpId: string, id: string) {
  const row = /^\d{1,18}$/.test(id) ? await ruleRow(ctx, corpId, id) : undefined;
  if (!row)
    throw new AppError("GROUP_GUARD_RULE_NOT_FOUND", `no anti-harassment rule ${id} in corp ${corpId}`);
  return row;
}

export async function listGuardEvents(ctx: Ctx, corpId: string, query: unknown) {
  const q = guardEventsQuery.parse(query);
  let sel = ctx.db
    .selectFrom("group_guard_events as e")
    .leftJoin("group_guard_rules as r", "r.id", "e.rule_id")
    .leftJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "e.corp_id").onRef("g.chat_id", "=", "e.chat_id"),
    )
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "e.corp_id").onRef("c.external_userid", "=", "e.member_id"),
    )
    .leftJoin("group_removal_tasks as t", "t.id", "e.removal_task_id")
    .select([
      "e.id",
      "e.chat_id",
      "g.name as group_name",
      "e.member_id",
      "c.name as member_name",
      "e.rule_id",
      "r.name as rule_name",
      "e.kind",
      "e.action",
      "e.evidence",
      "e.removal_task_id",
      "t.status as removal_status",
      "e.at",
    ])
    .where("e.corp_id", "=", corpId);
  if (q.chatId) sel = sel.where("e.chat_id", "=", q.chatId);
  if (q.memberId) sel = sel.where("e.member_id", "=", q.memberId);
  if (q.before) sel = sel.where("e.id", "<", String(q.before));
  const rows = await sel
    .orderBy("e.id", "desc")
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const items: GuardEventView[] = page.map((r) => ({
    id: String(r.id),
    chatId: r.chat_id,
    groupName: r.group_name,
    memberId: r.member_id,
    memberName: r.member_name,
    ruleId: r.rule_id === null ? null : String(r.rule_id),
    ruleName: r.rule_name,
    kind: r.kind,
    action: r.action,
    evidence: r.evidence,
    removalTaskId: r.removal_task_id === null ? null : String(r.removal_task_id),
    removalStatus: r.removal_status,
    at: r.at.toISOString(),
  }));
  return { items, nextBefore: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function listBlacklist(ctx: Ctx, corpId: string) {
  const rows = await ctx.db
    .selectFrom("group_blacklist as b")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "b.corp_id").onRef("c.external_userid", "=", "b.external_userid"),
    )
    .select(["b.external_userid", "c.name", "b.reason", "b.created_at"])
    .where("b.corp_id", "=", corpId)
    .orderBy("b.created_at", "desc")
    .limit(1000)
    .execute();
  return {
    items: rows.map((r) => ({
      externalUserId: r.external_userid,
      name: r.name,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

/** Lets a customer back in (an operator's decision); their logged events stay. */
export async function unblacklist(ctx: Ctx, corpId: string, externalUserId: string): Promise<boolean> {
  const res = await ctx.db
    .deleteFrom("group_blacklist")
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", externalUserId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
