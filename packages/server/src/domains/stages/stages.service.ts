// Stages (客户阶段): the corp's pipeline (rename, reorder, add, remove), churn settings, the board, and moving
// customers by hand — one at a time or a selection. Rules live in stages.reactions.ts and stages.scan.ts.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Scope } from "../customers/customers.scope.ts";
import { type CustomerFilter, filteredCustomers } from "../customers/customers.service.ts";
import {
  type ChurnSettings,
  churnSettings,
  corpStages,
  ensureDefaultStages,
  moveCustomers,
  type StageRow,
} from "./stages.repository.ts";
import type { bulkMoveBody, settingsInput, stageInput } from "./stages.schemas.ts";

const invalid = (path: string, message: string) =>
  new AppError("VALIDATION_FAILED", "the request is invalid", [{ path, message }]);

async function assertCorp(ctx: Ctx, corpId: string): Promise<void> {
  const corp = await ctx.db
    .selectFrom("corps")
    .select("corp_id")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!corp) throw new AppError("CORP_NOT_FOUND", `no corp ${corpId}`);
}

/** The corp's stages (created if missing). Throws CORP_NOT_FOUND for an unknown corp. */
async function stagesOf(ctx: Ctx, corpId: string): Promise<StageRow[]> {
  let stages = await corpStages(ctx.db, corpId);
  if (stages.length === 0) {
    await assertCorp(ctx, corpId);
    await ensureDefaultStages(ctx.db, corpId);
    stages = await corpStages(ctx.db, corpId);
  }
  return stages;
}

async function stageOf(ctx: Ctx, corpId: string, stageId: string, path = "stageId"): Promise<StageRow> {
  const stage = (await stagesOf(ctx, corpId)).find((s) => s.id === stageId);
  if (!stage) {
    throw new AppError("STAGE_NOT_FOUND", `no stage ${stageId} in corp ${corpId}`, [
      { path: `/${path}`, message: "no such stage in this corp" },
    ]);
  }
  return stage;
}

/** Customer ids of the corp within the scope (a subquery), or undefined when the scope is the whole corp. */
function scopedIds(ctx: Ctx, corpId: string, scope: Scope) {
  if (scope.kind === "corp") return undefined;
  return filteredCustomers(ctx, { corpId, tag: [] }, scope).clearSelect().select("customers.id");
}

async function counts(ctx: Ctx, corpId: string, scope: Scope): Promise<Map<string, number>> {
  let q = ctx.db
    .selectFrom("customer_stages as cs")
    .select(["cs.stage_id", sql<string>`count(*)`.as("n")])
    .where("cs.corp_id", "=", corpId)
    .groupBy("cs.stage_id");
  const ids = scopedIds(ctx, corpId, scope);
  if (ids) q = q.where("cs.customer_id", "in", ids);
  return new Map((await q.execute()).map((r) => [r.stage_id, Number(r.n)]));
}

const view = (s: StageRow, n: Map<string, number>) => ({ ...s, count: n.get(s.id) ?? 0 });

export async function pipeline(ctx: Ctx, corpId: string, scope: Scope) {
  const stages = await stagesOf(ctx, corpId);
  const n = await counts(ctx, corpId, scope);
  return { stages: stages.map((s) => view(s, n)), settings: await churnSettings(ctx.db, corpId) };
}

async function assertNameFree(db: Db, corpId: string, name: string, except?: string) {
  const taken = await db
    .selectFrom("stages")
    .select("id")
    .where("corp_id", "=", corpId)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .$if(except !== undefined, (q) => q.where("id", "!=", except!))
    .executeTakeFirst();
  if (taken) throw invalid("/name", "another stage already has this name");
}

/** Renumbers positions 0..n-1 in the given order. */
async function writeOrder(db: Db, corpId: string, ids: string[], at: Date) {
  await sql`update stages s set position = o.pos - 1, updated_at = ${at}
    from unnest(${ids}::bigint[]) with ordinality as o(id, pos)
    where s.corp_id = ${corpId} and s.id = o.id`.execute(db);
}

export async function createStage(ctx: Ctx, corpId: string, input: z.output<typeof stageInput>) {
  const stages = await stagesOf(ctx, corpId);
  const at = nowDate(ctx.clock);
  const created = await ctx.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, corpId, input.name);
    const row = await trx
      .insertInto("stages")
      .values({
        corp_id: corpId,
        key: `custom_${randomBytes(5).toString("hex")}`,
        name: input.name,
        position: stages.length,
        created_at: at,
        updated_at: at,
      })
      .returning(["id", "key", "name", "position", "builtin"])
      .executeTakeFirstOrThrow();
    const ids = stages.map((s) => s.id);
    ids.splice(Math.min(input.position ?? ids.length, ids.length), 0, row.id);
    await writeOrder(trx, corpId, ids, at);
    return row;
  });
  return { ...created, position: Math.min(input.position ?? stages.length, stages.length), count: 0 };
}

export async function renameStage(ctx: Ctx, corpId: string, stageId: string, name: string) {
  const stage = await stageOf(ctx, corpId, stageId);
  await assertNameFree(ctx.db, corpId, name, stageId);
  await ctx.db
    .updateTable("stages")
    .set({ name, updated_at: nowDate(ctx.clock) })
    .where("corp_id", "=", corpId)
    .where("id", "=", stageId)
    .execute();
  const n = await counts(ctx, corpId, { kind: "corp" });
  return view({ ...stage, name }, n);
}

export async function reorderStages(ctx: Ctx, corpId: string, stageIds: string[], scope: Scope) {
  const stages = await stagesOf(ctx, corpId);
  const known = new Set(stages.map((s) => s.id));
  const given = new Set(stageIds);
  if (given.size !== stageIds.length) throw invalid("/stageIds", "a stage appears twice");
  if (given.size !== known.size || stageIds.some((id) => !known.has(id))) {
    throw invalid("/stageIds", "list every stage of the corp exactly once");
  }
  await writeOrder(ctx.db, corpId, stageIds, nowDate(ctx.clock));
  return pipeline(ctx, corpId, scope);
}

/**
 * Removes a custom stage. Its customers go to `moveTo` (a manual move, reason 'stage.removed', on each timeline);
 * a stage that holds customers cannot be removed without saying where they go.
 */
export async function removeStage(
  ctx: Ctx,
  corpId: string,
  stageId: string,
  moveTo: string | undefined,
  userId: string | null,
) {
  const stage = await stageOf(ctx, corpId, stageId);
  if (stage.builtin) {
    throw new AppError("STAGE_BUILTIN", `${stage.name} is a default stage; rename it instead of removing it`);
  }
  const target = moveTo === undefined ? undefined : await stageOf(ctx, corpId, moveTo, "moveTo");
  if (target && target.id === stage.id) throw invalid("/moveTo", "choose another stage than the one removed");
  const at = nowDate(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    // Lock the stage so no move lands in it while its customers leave.
    await trx.selectFrom("stages").select("id").where("id", "=", stageId).forUpdate().execute();
    let moved = 0;
    for (;;) {
      const batch = await trx
        .selectFrom("customer_stages")
        .select("customer_id")
        .where("corp_id", "=", corpId)
        .where("stage_id", "=", stageId)
        .limit(2000)
        .execute();
      if (batch.length === 0) break;
      if (!target) {
        const { n } = await trx
          .selectFrom("customer_stages")
          .select(sql<string>`count(*)`.as("n"))
          .where("corp_id", "=", corpId)
          .where("stage_id", "=", stageId)
          .executeTakeFirstOrThrow();
        throw new AppError(
          "STAGE_NOT_EMPTY",
          `${stage.name} holds ${n} customers; say which stage they move to (moveTo)`,
          { count: Number(n) },
        );
      }
      const done = await moveCustomers(
        trx,
        corpId,
        batch.map((b) => ({
          customerId: b.customer_id,
          toStageId: target.id,
          reason: "stage.removed",
          source: "manual" as const,
          movedBy: userId,
          at,
        })),
      );
      moved += done.length;
    }
    await trx.deleteFrom("stages").where("corp_id", "=", corpId).where("id", "=", stageId).execute();
    const rest = (await corpStages(trx, corpId)).map((s) => s.id);
    await writeOrder(trx, corpId, rest, at);
    return { removed: true as const, moved };
  });
}

export async function updateSettings(
  ctx: Ctx,
  corpId: string,
  input: z.output<typeof settingsInput>,
): Promise<ChurnSettings> {
  await stagesOf(ctx, corpId);
  const at = nowDate(ctx.clock);
  await ctx.db
    .insertInto("stage_settings")
    .values({
      corp_id: corpId,
      churn_risk_days: input.churnRiskDays,
      churned_days: input.churnedDays,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column("corp_id").doUpdateSet({
        churn_risk_days: input.churnRiskDays,
        churned_days: input.churnedDays,
        updated_at: at,
      }),
    )
    .execute();
  return churnSettings(ctx.db, corpId);
}

// ---- the board ----

const CURSOR = /^(.+)_(\d+)$/;

async function cards(
  ctx: Ctx,
  corpId: string,
  stageId: string,
  scope: Scope,
  page: { cursor?: string | undefined; limit: number },
) {
  let q = ctx.db
    .selectFrom("customer_stages as cs")
    .innerJoin("customers as c", "c.id", "cs.customer_id")
    .select([
      "c.id",
      "c.external_userid",
      "c.name",
      "c.avatar",
      "cs.reason",
      "cs.source",
      "cs.rule",
      sql<string>`to_char(cs.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("entered"),
    ])
    .where("cs.corp_id", "=", corpId)
    .where("cs.stage_id", "=", stageId);
  const ids = scopedIds(ctx, corpId, scope);
  if (ids) q = q.where("cs.customer_id", "in", ids);
  const m = page.cursor ? CURSOR.exec(page.cursor) : null;
  if (page.cursor && !m) throw invalid("/cursor", "not a cursor from this list");
  if (m) {
    q = q.where(sql<boolean>`(cs.entered_at, cs.customer_id) < (${m[1]}::timestamptz, ${m[2]}::bigint)`);
  }
  const rows = await q
    .orderBy("cs.entered_at", "desc")
    .orderBy("cs.customer_id", "desc")
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  const owners =
    items.length === 0
      ? []
      : await ctx.db
          .selectFrom("follow_relations as f")
          .leftJoin("members as m", (j) =>
            j.onRef("m.corp_id", "=", "f.corp_id").onRef("m.userid", "=", "f.userid"),
          )
          .select(["f.external_userid", "f.userid", "m.name"])
          .where("f.corp_id", "=", corpId)
          .where(
            "f.external_userid",
            "in",
            items.map((i) => i.external_userid),
          )
          .where("f.status", "in", ["active", "pending"])
          .$if(scope.kind === "member", (qq) =>
            qq.where("f.userid", "=", scope.kind === "member" ? (scope.userid ?? "") : ""),
          )
          .orderBy("f.added_at")
          .execute();
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      id: r.id,
      externalUserId: r.external_userid,
      name: r.name,
      avatar: r.avatar,
      owners: owners
        .filter((o) => o.external_userid === r.external_userid)
        .map((o) => ({ userid: o.userid, name: o.name })),
      enteredAt: r.entered,
      reason: r.reason,
      source: r.source,
      rule: r.rule,
    })),
    nextCursor: rows.length > page.limit && last ? `${last.entered}_${last.id}` : null,
  };
}

export async function board(ctx: Ctx, corpId: string, scope: Scope, limit: number) {
  const { stages, settings } = await pipeline(ctx, corpId, scope);
  const columns = [];
  for (const stage of stages) {
    columns.push({ stage, ...(await cards(ctx, corpId, stage.id, scope, { limit })) });
  }
  return { columns, settings };
}

export async function column(
  ctx: Ctx,
  corpId: string,
  stageId: string,
  scope: Scope,
  page: { cursor?: string | undefined; limit: number },
) {
  const stage = await stageOf(ctx, corpId, stageId);
  const n = await counts(ctx, corpId, scope);
  return { stage: view(stage, n), ...(await cards(ctx, corpId, stageId, scope, page)) };
}

// ---- moving customers ----

export async function customerStage(ctx: Ctx, corpId: string, customerId: string, scope: Scope) {
  let q = ctx.db
    .selectFrom("customer_stages as cs")
    .innerJoin("stages as s", "s.id", "cs.stage_id")
    .select([
      "cs.customer_id",
      "s.id",
      "s.key",
      "s.name",
      "s.position",
      "s.builtin",
      "cs.entered_at",
      "cs.reason",
      "cs.source",
      "cs.rule",
      "cs.paid_orders",
      "cs.last_paid_at",
    ])
    .where("cs.corp_id", "=", corpId)
    .where("cs.customer_id", "=", customerId);
  const ids = scopedIds(ctx, corpId, scope);
  if (ids) q = q.where("cs.customer_id", "in", ids);
  const r = await q.executeTakeFirst();
  // Another corp's customer or one out of scope looks the same as an unknown one.
  if (!r) throw new AppError("CUSTOMER_NOT_FOUND", `no customer ${customerId}`);
  return {
    customerId: r.customer_id,
    stage: { id: r.id, key: r.key, name: r.name, position: r.position, builtin: r.builtin },
    enteredAt: new Date(r.entered_at).toISOString(),
    reason: r.reason,
    source: r.source,
    rule: r.rule,
    paidOrders: r.paid_orders,
    lastPaidAt: r.last_paid_at ? new Date(r.last_paid_at).toISOString() : null,
  };
}

export async function moveCustomer(
  ctx: Ctx,
  corpId: string,
  customerId: string,
  stageId: string,
  scope: Scope,
  userId: string | null,
) {
  await customerStage(ctx, corpId, customerId, scope);
  const stage = await stageOf(ctx, corpId, stageId);
  await ctx.db.transaction().execute((trx) =>
    moveCustomers(trx, corpId, [
      {
        customerId,
        toStageId: stage.id,
        reason: "manual",
        source: "manual",
        movedBy: userId,
        at: nowDate(ctx.clock),
      },
    ]),
  );
  return customerStage(ctx, corpId, customerId, scope);
}

type BulkInput = z.output<typeof bulkMoveBody>;

/** Moves a selection (ids or a customer-list filter), within the scope, in batches of 1,000 per transaction. */
export async function bulkMove(
  ctx: Ctx,
  corpId: string,
  input: BulkInput,
  scope: Scope,
  userId: string | null,
) {
  const stage = await stageOf(ctx, corpId, input.stageId);
  const filter: CustomerFilter = { tag: [], ...input.filter, corpId };
  let matched = 0;
  let moved = 0;
  let after: string | undefined;
  for (;;) {
    let q = filteredCustomers(ctx, filter, scope).clearSelect().select("customers.id");
    if (input.customerIds) q = q.where("customers.id", "in", input.customerIds);
    if (after) q = q.where("customers.id", ">", after);
    const batch = await q.orderBy("customers.id").limit(1000).execute();
    if (batch.length === 0) break;
    matched += batch.length;
    after = batch[batch.length - 1]!.id;
    const at = nowDate(ctx.clock);
    const done = await ctx.db.transaction().execute((trx) =>
      moveCustomers(
        trx,
        corpId,
        batch.map((b) => ({
          customerId: b.id,
          toStageId: stage.id,
          reason: "manual",
          source: "manual" as const,
          movedBy: userId,
          at,
        })),
      ),
    );
    moved += done.length;
  }
  return { matched, moved };
}
