// Auto-tagging rules: create, edit, list and delete, with field-level validation against the corp's tags and
// the per-corp keyword budget. A link rule owns a tracked link (its URL); editing the URL moves the rule to
// that link.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { MAX_KEYWORDS_PER_CORP, type RuleBody } from "./auto-tags.schemas.ts";
import type { TagRuleKind } from "./auto-tags.tables.ts";
import { forgetKeywordMatcher } from "./keyword-rules.ts";

export interface RuleRow {
  id: string;
  corp_id: string;
  name: string;
  kind: TagRuleKind;
  enabled: boolean;
  add_tags: string[];
  remove_tags: string[];
  config: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export async function corpExists(db: Db, corpId: string): Promise<void> {
  const corp = await db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!corp) throw new AppError("CORP_NOT_FOUND", `corp ${corpId} is not configured`);
}

async function validate(db: Db, corpId: string, body: RuleBody, ruleId?: string): Promise<void> {
  const details: { path: string; message: string }[] = [];
  const wanted = [...body.addTags, ...body.removeTags];
  if (wanted.length > 0) {
    const known = new Set(
      (
        await db
          .selectFrom("tags")
          .select("tag_id")
          .where("corp_id", "=", corpId)
          .where("deleted", "=", false)
          .where("tag_id", "in", wanted)
          .execute()
      ).map((t) => t.tag_id),
    );
    body.addTags.forEach((t, i) => {
      if (!known.has(t)) details.push({ path: `/addTags/${i}`, message: `no tag ${t} in this corp` });
    });
    body.removeTags.forEach((t, i) => {
      if (!known.has(t)) details.push({ path: `/removeTags/${i}`, message: `no tag ${t} in this corp` });
    });
  }
  if (body.kind === "keyword") {
    let q = db
      .selectFrom("tag_rules")
      .select(sql<string>`coalesce(sum(jsonb_array_length(config->'keywords')), 0)`.as("n"))
      .where("corp_id", "=", corpId)
      .where("kind", "=", "keyword");
    if (ruleId) q = q.where("id", "!=", ruleId);
    const others = Number((await q.executeTakeFirstOrThrow()).n);
    const total = others + body.config.keywords.length;
    if (total > MAX_KEYWORDS_PER_CORP) {
      details.push({
        path: "/config/keywords",
        message: `the corp's keyword rules would hold ${total} keywords; at most ${MAX_KEYWORDS_PER_CORP}`,
      });
    }
  }
  if (body.kind === "moment" && body.config.momentId !== undefined) {
    const moment = await db
      .selectFrom("moments")
      .select("id")
      .where("corp_id", "=", corpId)
      .where("id", "=", body.config.momentId)
      .executeTakeFirst();
    if (!moment)
      details.push({ path: "/config/momentId", message: `no moment ${body.config.momentId} in this corp` });
  }
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", "the rule is not valid", details);
}

/** The tracked link a link rule points at (created on first use of the URL). */
async function linkFor(db: Db, corpId: string, ruleId: string, url: string, title: string | undefined) {
  const row = await db
    .insertInto("tracked_links")
    .values({ corp_id: corpId, url, title: title ?? null, rule_id: ruleId })
    .onConflict((oc) => oc.columns(["corp_id", "url"]).doUpdateSet({ rule_id: ruleId, title: title ?? null }))
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("tracked_links")
    .set({ rule_id: null })
    .where("corp_id", "=", corpId)
    .where("rule_id", "=", ruleId)
    .where("id", "!=", row.id)
    .execute();
  return row.id;
}

export async function createRule(ctx: Ctx, corpId: string, body: RuleBody): Promise<RuleRow> {
  await corpExists(ctx.db, corpId);
  const rule = await ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`tag_rules:${corpId}`}))`.execute(trx);
    await validate(trx, corpId, body);
    const now = nowDate(ctx.clock);
    const row = (await trx
      .insertInto("tag_rules")
      .values({
        corp_id: corpId,
        name: body.name,
        kind: body.kind,
        enabled: body.enabled,
        add_tags: body.addTags,
        remove_tags: body.removeTags,
        config: JSON.stringify(body.config),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()) as RuleRow;
    if (body.kind === "link") await linkFor(trx, corpId, row.id, body.config.url, body.config.title);
    return row;
  });
  forgetKeywordMatcher(corpId);
  return rule;
}

export async function updateRule(ctx: Ctx, corpId: string, id: string, body: RuleBody): Promise<RuleRow> {
  const rule = await ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`tag_rules:${corpId}`}))`.execute(trx);
    const existing = await getRuleRow(trx, corpId, id);
    if (existing.kind !== body.kind) {
      throw new AppError("VALIDATION_FAILED", "a rule's kind cannot change; create another rule", [
        { path: "/kind", message: `this rule is a ${existing.kind} rule` },
      ]);
    }
    await validate(trx, corpId, body, id);
    const row = (await trx
      .updateTable("tag_rules")
      .set({
        name: body.name,
        enabled: body.enabled,
        add_tags: body.addTags,
        remove_tags: body.removeTags,
        config: JSON.stringify(body.config),
        updated_at: nowDate(ctx.clock),
      })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow()) as RuleRow;
    if (body.kind === "link") await linkFor(trx, corpId, id, body.config.url, body.config.title);
    return row;
  });
  forgetKeywordMatcher(corpId);
  return rule;
}

export async function deleteRule(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const res = await ctx.db
    .deleteFrom("tag_rules")
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError("RULE_NOT_FOUND", `no rule ${id}`);
  forgetKeywordMatcher(corpId);
}

export async function getRuleRow(db: Db, corpId: string, id: string): Promise<RuleRow> {
  const row = await db
    .selectFrom("tag_rules")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new AppError("RULE_NOT_FOUND", `no rule ${id}`);
  return row as RuleRow;
}

/** Enabled rules of a kind, oldest first. */
export async function enabledRules(db: Db, corpId: string, kind: TagRuleKind): Promise<RuleRow[]> {
  return (await db
    .selectFrom("tag_rules")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("kind", "=", kind)
    .where("enabled", "=", true)
    .orderBy("id")
    .execute()) as RuleRow[];
}

export async function ruleViews(ctx: Ctx, corpId: string, rows: RuleRow[]) {
  const tagIds = [...new Set(rows.flatMap((r) => [...r.add_tags, ...r.remove_tags]))];
  const names = new Map(
    tagIds.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom("tags")
            .select(["tag_id", "name"])
            .where("corp_id", "=", corpId)
            .where("tag_id", "in", tagIds)
            .execute()
        ).map((t) => [t.tag_id, t.name]),
  );
  const ids = rows.map((r) => r.id);
  const applied = new Map(
    ids.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom("rule_tag_actions")
            .select(["rule_id", (eb) => eb.fn.countAll<string>().as("n")])
            .where("corp_id", "=", corpId)
            .where("rule_id", "in", ids)
            .where("status", "=", "done")
            .groupBy("rule_id")
            .execute()
        ).map((a) => [a.rule_id, Number(a.n)]),
  );
  const links = new Map(
    ids.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom("tracked_links")
            .select(["id", "rule_id"])
            .where("corp_id", "=", corpId)
            .where("rule_id", "in", ids)
            .execute()
        ).map((l) => [l.rule_id, l.id]),
  );
  const tag = (id: string) => ({ id, name: names.get(id) ?? null });
  return rows.map((r) => ({
    id: r.id,
    corpId: r.corp_id,
    name: r.name,
    kind: r.kind,
    enabled: r.enabled,
    addTags: r.add_tags.map(tag),
    removeTags: r.remove_tags.map(tag),
    config: r.config,
    linkId: links.get(r.id) ?? null,
    applied: applied.get(r.id) ?? 0,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function listRules(ctx: Ctx, corpId: string, kind?: TagRuleKind) {
  let q = ctx.db.selectFrom("tag_rules").selectAll().where("corp_id", "=", corpId);
  if (kind) q = q.where("kind", "=", kind);
  return ruleViews(ctx, corpId, (await q.orderBy("id").execute()) as RuleRow[]);
}
