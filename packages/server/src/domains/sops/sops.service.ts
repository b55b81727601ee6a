// SOPs: create, edit (the calendar is replaced and each entry's next firing computed from now), pause/resume,
// delete; tasks listed per owner and status (a staff member sees only their own) and completed by hand.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import type { Scope } from "../customers/customers.scope.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { nextFiring } from "./sop-time.ts";
import type {
  SopAudience,
  SopContent,
  SopInput,
  SopRuleInput,
  SopSchedule,
  SopView,
  TaskView,
} from "./sops.schemas.ts";

const MAX_TARGETS_LISTED = 200;

async function requireSop(db: Db, corpId: string, id: string) {
  const s = await db
    .selectFrom("sops")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!s) throw new AppError("SOP_NOT_FOUND", `SOP ${id} does not exist in corp ${corpId}`);
  return s;
}

/**
 * Checks what the schema can't: dated entries in the past (an edit may keep the ones the SOP already has, e.g. a
 * festival that has fired), a saved segment that doesn't exist.
 */
async function checkInput(
  ctx: Ctx,
  corpId: string,
  input: SopInput,
  now: Date,
  offset: number,
  kept: Set<string> = new Set(),
) {
  const details: { path: string; message: string }[] = [];
  input.rules.forEach((r, i) => {
    if (
      r.schedule.kind === "date" &&
      nextFiring(r.schedule, now, offset) === null &&
      !kept.has(dateKey(r.schedule))
    )
      details.push({
        path: `/rules/${i}/schedule/date`,
        message: `${r.schedule.date} ${r.schedule.at} has already passed`,
      });
  });
  if (input.audience.segmentId) {
    const seg = await ctx.db
      .selectFrom("saved_segments")
      .select("id")
      .where("corp_id", "=", corpId)
      .where("id", "=", input.audience.segmentId)
      .executeTakeFirst();
    if (!seg) details.push({ path: "/audience/segmentId", message: "no such saved segment" });
  }
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", "the SOP has invalid fields", details);
}

const dateKey = (s: SopSchedule) => (s.kind === "date" ? `${s.date} ${s.at}` : "");

async function writeRules(
  db: Db,
  corpId: string,
  sopId: string,
  rules: SopRuleInput[],
  now: Date,
  offset: number,
) {
  await db.deleteFrom("sop_rules").where("corp_id", "=", corpId).where("sop_id", "=", sopId).execute();
  await db
    .insertInto("sop_rules")
    .values(
      rules.map((r, i) => ({
        corp_id: corpId,
        sop_id: sopId,
        position: i,
        schedule: JSON.stringify(r.schedule),
        content: JSON.stringify(r.content),
        next_due_at: nextFiring(r.schedule, now, offset),
      })),
    )
    .execute();
}

export async function createSop(ctx: Ctx, corpId: string, input: SopInput): Promise<SopView> {
  await requireCorp(ctx, corpId);
  const now = new Date(ctx.clock.now());
  const offset = await corpUtcOffset(ctx.db, corpId);
  await checkInput(ctx, corpId, input, now, offset);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const s = await trx
      .insertInto("sops")
      .values({
        corp_id: corpId,
        name: input.name,
        kind: input.kind,
        mode: input.mode,
        audience: JSON.stringify(input.audience),
        deadline_hours: input.deadlineHours,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeRules(trx, corpId, s.id, input.rules, now, offset);
    return s.id;
  });
  return getSop(ctx, corpId, id);
}

/** Replaces the SOP; tasks already made stay as they are. */
export async function updateSop(ctx: Ctx, corpId: string, id: string, input: SopInput): Promise<SopView> {
  const now = new Date(ctx.clock.now());
  const offset = await corpUtcOffset(ctx.db, corpId);
  await requireSop(ctx.db, corpId, id);
  const had = await ctx.db
    .selectFrom("sop_rules")
    .select("schedule")
    .where("corp_id", "=", corpId)
    .where("sop_id", "=", id)
    .execute();
  await checkInput(
    ctx,
    corpId,
    input,
    now,
    offset,
    new Set(had.map((r) => dateKey(r.schedule as SopSchedule))),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("sops")
      .set({
        name: input.name,
        kind: input.kind,
        mode: input.mode,
        audience: JSON.stringify(input.audience),
        deadline_hours: input.deadlineHours,
        updated_at: now,
      })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .execute();
    await writeRules(trx, corpId, id, input.rules, now, offset);
  });
  return getSop(ctx, corpId, id);
}

/** Pausing stops firings; resuming fires from now on (nothing missed while paused is made up). */
export async function setSopStatus(ctx: Ctx, corpId: string, id: string, status: "active" | "paused") {
  const now = new Date(ctx.clock.now());
  const offset = await corpUtcOffset(ctx.db, corpId);
  await requireSop(ctx.db, corpId, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("sops").set({ status, updated_at: now }).where("id", "=", id).execute();
    if (status !== "active") return;
    const rules = await trx
      .selectFrom("sop_rules")
      .select(["id", "schedule"])
      .where("sop_id", "=", id)
      .execute();
    for (const r of rules)
      await trx
        .updateTable("sop_rules")
        .set({ next_due_at: nextFiring(r.schedule as SopSchedule, now, offset) })
        .where("id", "=", r.id)
        .execute();
  });
  return getSop(ctx, corpId, id);
}

export async function deleteSop(ctx: Ctx, corpId: string, id: string): Promise<void> {
  await requireSop(ctx.db, corpId, id);
  await ctx.db.deleteFrom("sops").where("corp_id", "=", corpId).where("id", "=", id).execute();
}

export async function getSop(ctx: Ctx, corpId: string, id: string): Promise<SopView> {
  const s = await requireSop(ctx.db, corpId, id);
  const now = new Date(ctx.clock.now());
  const rules = await ctx.db
    .selectFrom("sop_rules")
    .select(["schedule", "content", "next_due_at", "last_fired_at"])
    .where("corp_id", "=", corpId)
    .where("sop_id", "=", id)
    .orderBy("position")
    .execute();
  const counts = await ctx.db
    .selectFrom("sop_tasks")
    .select([
      sql<string>`count(*) filter (where status = 'open' and deadline_at > ${now})`.as("open"),
      sql<string>`count(*) filter (where status = 'open' and deadline_at <= ${now})`.as("overdue"),
      sql<string>`count(*) filter (where status = 'done')`.as("done"),
    ])
    .where("corp_id", "=", corpId)
    .where("sop_id", "=", id)
    .executeTakeFirstOrThrow();
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    mode: s.mode,
    status: s.status,
    audience: s.audience as SopAudience,
    deadlineHours: s.deadline_hours,
    rules: rules.map((r) => ({
      schedule: r.schedule as SopSchedule,
      content: r.content as SopContent,
      nextDueAt: r.next_due_at?.toISOString() ?? null,
      lastFiredAt: r.last_fired_at?.toISOString() ?? null,
    })),
    tasks: { open: Number(counts.open), overdue: Number(counts.overdue), done: Number(counts.done) },
    createdAt: s.created_at.toISOString(),
  };
}

export async function listSops(ctx: Ctx, corpId: string): Promise<SopView[]> {
  const rows = await ctx.db
    .selectFrom("sops")
    .select("id")
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .execute();
  return Promise.all(rows.map((r) => getSop(ctx, corpId, r.id)));
}

function taskQuery(ctx: Ctx, corpId: string) {
  return ctx.db
    .selectFrom("sop_tasks as t")
    .innerJoin("sops as s", "s.id", "t.sop_id")
    .leftJoin("members as m", (j) => j.onRef("m.corp_id", "=", "t.corp_id").onRef("m.userid", "=", "t.owner"))
    .leftJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "t.corp_id").onRef("g.chat_id", "=", "t.chat_id"),
    )
    .select([
      "t.id",
      "t.sop_id",
      "s.name as sop_name",
      "s.kind",
      "t.mode",
      "t.owner",
      "m.name as owner_name",
      "t.chat_id",
      "g.name as group_name",
      "t.targets",
      "t.content",
      "t.due_at",
      "t.deadline_at",
      "t.status",
      "t.done_at",
      "t.done_by",
      "t.escalated_at",
      "t.escalated_to",
    ])
    .where("t.corp_id", "=", corpId);
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof taskQuery>["executeTakeFirstOrThrow"]>>;

const taskView = (r: TaskRow, now: Date): TaskView => ({
  id: r.id,
  sopId: r.sop_id,
  sopName: r.sop_name,
  kind: r.kind,
  mode: r.mode,
  owner: r.owner,
  ownerName: r.owner_name ?? null,
  chatId: r.chat_id,
  groupName: r.group_name ?? null,
  targets: r.targets.slice(0, MAX_TARGETS_LISTED),
  targetCount: r.targets.length,
  content: r.content as SopContent,
  dueAt: r.due_at.toISOString(),
  deadlineAt: r.deadline_at.toISOString(),
  status: r.status,
  overdue: r.status === "open" && r.deadline_at <= now,
  doneAt: r.done_at?.toISOString() ?? null,
  doneBy: r.done_by,
  escalatedAt: r.escalated_at?.toISOString() ?? null,
  escalatedTo: r.escalated_to,
});

export async function listTasks(
  ctx: Ctx,
  corpId: string,
  scope: Scope,
  q: {
    owner?: string | undefined;
    sopId?: string | undefined;
    status?: "open" | "done" | "overdue" | undefined;
    limit: number;
  },
): Promise<TaskView[]> {
  const now = new Date(ctx.clock.now());
  let query = taskQuery(ctx, corpId);
  if (scope.kind === "member") {
    if (!scope.userid) return [];
    query = query.where("t.owner", "=", scope.userid);
  }
  if (q.owner) query = query.where("t.owner", "=", q.owner);
  if (q.sopId) query = query.where("t.sop_id", "=", q.sopId);
  if (q.status === "done") query = query.where("t.status", "=", "done");
  if (q.status === "open") query = query.where("t.status", "=", "open");
  if (q.status === "overdue") query = query.where("t.status", "=", "open").where("t.deadline_at", "<=", now);
  const rows = await query.orderBy("t.due_at", "desc").orderBy("t.id").limit(q.limit).execute();
  return rows.map((r) => taskView(r, now));
}

/** Marks a task done (a staff member only their own); done stays done. */
export async function completeTask(
  ctx: Ctx,
  corpId: string,
  taskId: string,
  scope: Scope,
  by: string,
): Promise<TaskView> {
  const now = new Date(ctx.clock.now());
  let q = taskQuery(ctx, corpId).where("t.id", "=", taskId);
  if (scope.kind === "member") q = q.where("t.owner", "=", scope.userid ?? "");
  const found = await q.executeTakeFirst();
  if (!found) throw new AppError("SOP_TASK_NOT_FOUND", `SOP task ${taskId} does not exist or is not yours`);
  await ctx.db
    .updateTable("sop_tasks")
    .set({ status: "done", done_at: now, done_by: by })
    .where("corp_id", "=", corpId)
    .where("id", "=", taskId)
    .where("status", "=", "open")
    .execute();
  return taskView(
    (await taskQuery(ctx, corpId).where("t.id", "=", taskId).executeTakeFirstOrThrow()) as TaskRow,
    now,
  );
}
