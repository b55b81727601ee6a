// Follow-up plans: templates (per corp), starting a plan for one customer and the member who holds the relation,
// listing plans and tasks (a staff member sees only their own), and closing a round's task with an outcome. A
// "no" switches the plan to its template's fallback branch (rounds counted from the "no"), or ends it; a "no"
// in the fallback branch ends it. A plan whose rounds are all out and whose tasks are all closed is completed.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../lib/errors.ts";
import type { Scope } from "../customers/customers.scope.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import type {
  OnNo,
  Outcome,
  PlanView,
  RoundInput,
  TaskView,
  TemplateInput,
  TemplateView,
} from "./followups.schemas.ts";
import { nextDue } from "./plan-time.ts";

type TemplateRow = {
  id: string;
  name: string;
  rounds: unknown;
  on_no: unknown;
  remind: boolean;
  created_at: Date;
  updated_at: Date;
};

const templateView = (t: TemplateRow): TemplateView => ({
  id: t.id,
  name: t.name,
  rounds: t.rounds as RoundInput[],
  onNo: t.on_no as OnNo,
  remind: t.remind,
  createdAt: t.created_at.toISOString(),
  updatedAt: t.updated_at.toISOString(),
});

async function requireTemplate(db: Db, corpId: string, id: string) {
  const t = await db
    .selectFrom("followup_templates")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!t)
    throw new AppError("FOLLOWUP_TEMPLATE_NOT_FOUND", `follow-up template ${id} does not exist in ${corpId}`);
  return t;
}

export async function listTemplates(ctx: Ctx, corpId: string): Promise<TemplateView[]> {
  const rows = await ctx.db
    .selectFrom("followup_templates")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id")
    .execute();
  return rows.map(templateView);
}

export async function getTemplate(ctx: Ctx, corpId: string, id: string): Promise<TemplateView> {
  return templateView(await requireTemplate(ctx.db, corpId, id));
}

export async function createTemplate(ctx: Ctx, corpId: string, input: TemplateInput): Promise<TemplateView> {
  await requireCorpRow(ctx.db, corpId);
  const now = new Date(ctx.clock.now());
  const row = await ctx.db
    .insertInto("followup_templates")
    .values({
      corp_id: corpId,
      name: input.name,
      rounds: JSON.stringify(input.rounds),
      on_no: JSON.stringify(input.onNo),
      remind: input.remind,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return templateView(row);
}

/** Replaces a template; plans already running keep the rounds they started with. */
export async function updateTemplate(
  ctx: Ctx,
  corpId: string,
  id: string,
  input: TemplateInput,
): Promise<TemplateView> {
  await requireTemplate(ctx.db, corpId, id);
  const row = await ctx.db
    .updateTable("followup_templates")
    .set({
      name: input.name,
      rounds: JSON.stringify(input.rounds),
      on_no: JSON.stringify(input.onNo),
      remind: input.remind,
      updated_at: new Date(ctx.clock.now()),
    })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return templateView(row);
}

export async function getCorpOrThrow(ctx: Ctx, corpId: string): Promise<void> {
  await requireCorpRow(ctx.db, corpId);
}

async function requireCorpRow(db: Db, corpId: string) {
  const c = await db.selectFrom("corps").select("corp_id").where("corp_id", "=", corpId).executeTakeFirst();
  if (!c) throw new AppError("CORP_NOT_FOUND", `corp ${corpId} is not set up`);
}

const taskSelect = (db: Db, corpId: string) =>
  db
    .selectFrom("followup_tasks as t")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "t.corp_id").onRef("c.external_userid", "=", "t.external_userid"),
    )
    .select([
      "t.id",
      "t.plan_id",
      "t.userid",
      "t.external_userid",
      "c.name as customer_name",
      "t.branch",
      "t.round",
      "t.name",
      "t.script",
      "t.due_at",
      "t.status",
      "t.outcome",
      "t.note",
      "t.done_at",
    ])
    .where("t.corp_id", "=", corpId);

type TaskRow = Awaited<ReturnType<ReturnType<typeof taskSelect>["executeTakeFirstOrThrow"]>>;

const taskView = (t: TaskRow): TaskView => ({
  id: t.id,
  planId: t.plan_id,
  userid: t.userid,
  externalUserId: t.external_userid,
  customerName: t.customer_name,
  branch: t.branch,
  round: t.round,
  name: t.name,
  script: t.script,
  dueAt: t.due_at.toISOString(),
  status: t.status,
  outcome: t.outcome,
  note: t.note,
  doneAt: t.done_at?.toISOString() ?? null,
});

async function planView(db: Db, corpId: string, id: string): Promise<PlanView> {
  const p = await db
    .selectFrom("followup_plans")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const tasks = await taskSelect(db, corpId).where("t.plan_id", "=", id).orderBy("t.id").execute();
  return {
    id: p.id,
    templateId: p.template_id,
    externalUserId: p.external_userid,
    userid: p.userid,
    status: p.status,
    branch: p.branch,
    nextRound: p.next_round,
    nextDueAt: p.next_due_at?.toISOString() ?? null,
    startedAt: p.started_at.toISOString(),
    endedAt: p.ended_at?.toISOString() ?? null,
    endReason: p.end_reason,
    tasks: tasks.map(taskView),
  };
}

/** Starts a plan for one customer; the member is the one holding the relation (must be named if several do). */
export async function startPlan(
  ctx: Ctx,
  corpId: string,
  input: { templateId: string; externalUserId: string; userid?: string | undefined },
  by: string,
): Promise<PlanView> {
  const t = await requireTemplate(ctx.db, corpId, input.templateId);
  const holders = await ctx.db
    .selectFrom("follow_relations")
    .select("userid")
    .where("corp_id", "=", corpId)
    .where("external_userid", "=", input.externalUserId)
    .where("status", "=", "active")
    .orderBy("userid")
    .execute();
  if (holders.length === 0)
    throw new AppError("VALIDATION_FAILED", "no member follows this customer", [
      { path: "/externalUserId", message: "no member of this corp follows this customer" },
    ]);
  let userid = input.userid;
  if (userid === undefined) {
    if (holders.length > 1)
      throw new AppError("VALIDATION_FAILED", "several members follow this customer", [
        {
          path: "/userid",
          message: `several members follow this customer: ${holders.map((h) => h.userid).join(", ")}`,
        },
      ]);
    userid = holders[0]!.userid;
  } else if (!holders.some((h) => h.userid === userid)) {
    throw new AppError("VALIDATION_FAILED", "this member does not follow the customer", [
      { path: "/userid", message: `${userid} does not follow this customer` },
    ]);
  }
  const now = new Date(ctx.clock.now());
  const rounds = t.rounds as RoundInput[];
  const offset = await corpUtcOffset(ctx.db, corpId);
  const row = await ctx.db
    .insertInto("followup_plans")
    .values({
      corp_id: corpId,
      template_id: t.id,
      external_userid: input.externalUserId,
      userid,
      rounds: JSON.stringify(rounds),
      next_round: 0,
      next_due_at: nextDue(now, rounds, 0, offset),
      branch_started_at: now,
      on_no: JSON.stringify(t.on_no),
      started_at: now,
      started_by: by,
    })
    .onConflict((oc) =>
      oc.columns(["corp_id", "external_userid", "userid"]).where("status", "=", "active").doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      "FOLLOWUP_PLAN_RUNNING",
      "this customer already has a running follow-up plan with this member",
      [{ path: "/externalUserId", message: "a follow-up plan with this member is already running" }],
    );
  return planView(ctx.db, corpId, row.id);
}

export async function getPlan(ctx: Ctx, corpId: string, id: string, scope: Scope): Promise<PlanView> {
  let q = ctx.db.selectFrom("followup_plans").select("id").where("corp_id", "=", corpId).where("id", "=", id);
  if (scope.kind === "member") q = q.where("userid", "=", scope.userid ?? "");
  if (!(await q.executeTakeFirst()))
    throw new AppError("FOLLOWUP_PLAN_NOT_FOUND", `follow-up plan ${id} does not exist or is not yours`);
  return planView(ctx.db, corpId, id);
}

export async function listPlans(
  ctx: Ctx,
  corpId: string,
  scope: Scope,
  q: { userid?: string | undefined; status?: string | undefined; limit: number },
): Promise<PlanView[]> {
  let query = ctx.db.selectFrom("followup_plans").select("id").where("corp_id", "=", corpId);
  if (scope.kind === "member") query = query.where("userid", "=", scope.userid ?? "");
  if (q.userid) query = query.where("userid", "=", q.userid);
  if (q.status) query = query.where("status", "=", q.status as "active");
  const ids = await query.orderBy("id", "desc").limit(q.limit).execute();
  return Promise.all(ids.map((r) => planView(ctx.db, corpId, r.id)));
}

export async function listTasks(
  ctx: Ctx,
  corpId: string,
  scope: Scope,
  q: { userid?: string | undefined; status?: string | undefined; limit: number },
): Promise<TaskView[]> {
  let query = taskSelect(ctx.db, corpId);
  if (scope.kind === "member") query = query.where("t.userid", "=", scope.userid ?? "");
  if (q.userid) query = query.where("t.userid", "=", q.userid);
  if (q.status) query = query.where("t.status", "=", q.status as "open");
  const rows = await query.orderBy("t.due_at").orderBy("t.id").limit(q.limit).execute();
  return rows.map(taskView);
}

/** Per-member counts of open tasks (and of those due), for the console's overview. */
export async function tasksPerMember(ctx: Ctx, corpId: string, scope: Scope) {
  const only = scope.kind === "member" ? (scope.userid ?? "\u0000") : null;
  const { rows } = await sql<{
    userid: string;
    name: string | null;
    open: number;
    done: number;
    plans: number;
  }>`
    select t.userid, m.name, count(*) filter (where t.status = 'open')::int as open,
      count(*) filter (where t.status = 'done')::int as done, count(distinct t.plan_id)::int as plans
    from followup_tasks t
    left join members m on m.corp_id = t.corp_id and m.userid = t.userid
    where t.corp_id = ${corpId} and (${only}::text is null or t.userid = ${only})
    group by t.userid, m.name
    order by open desc, t.userid`.execute(ctx.db);
  return rows;
}

/** Closes a round's task with the customer's response; a "no" adapts the plan. */
export async function recordOutcome(
  ctx: Ctx,
  corpId: string,
  taskId: string,
  scope: Scope,
  input: { outcome: Outcome; note?: string | undefined },
  by: string,
): Promise<PlanView> {
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom("followup_tasks")
      .select(["id", "plan_id", "status", "branch"])
      .where("corp_id", "=", corpId)
      .where("id", "=", taskId);
    if (scope.kind === "member") q = q.where("userid", "=", scope.userid ?? "");
    const task = await q.forUpdate().executeTakeFirst();
    if (!task)
      throw new AppError(
        "FOLLOWUP_TASK_NOT_FOUND",
        `follow-up task ${taskId} does not exist or is not yours`,
      );
    if (task.status !== "open")
      throw new AppError("FOLLOWUP_TASK_CLOSED", `follow-up task ${taskId} is already ${task.status}`);
    await trx
      .updateTable("followup_tasks")
      .set({ status: "done", outcome: input.outcome, note: input.note ?? null, done_at: now, done_by: by })
      .where("id", "=", taskId)
      .execute();
    const plan = await trx
      .selectFrom("followup_plans")
      .selectAll()
      .where("id", "=", task.plan_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (plan.status !== "active") return planView(trx, corpId, plan.id);
    if (input.outcome === "no") {
      // Rounds still open in this branch are moot once the customer said no.
      await trx
        .updateTable("followup_tasks")
        .set({ status: "cancelled" })
        .where("plan_id", "=", plan.id)
        .where("status", "=", "open")
        .execute();
      const onNo = plan.on_no as OnNo;
      if (plan.branch === "main" && onNo.action === "fallback") {
        const offset = await corpUtcOffset(trx, corpId);
        await trx
          .updateTable("followup_plans")
          .set({
            branch: "fallback",
            rounds: JSON.stringify(onNo.rounds),
            next_round: 0,
            branch_started_at: now,
            next_due_at: nextDue(now, onNo.rounds, 0, offset),
          })
          .where("id", "=", plan.id)
          .execute();
      } else {
        await trx
          .updateTable("followup_plans")
          .set({ status: "ended", next_due_at: null, ended_at: now, end_reason: "customer_said_no" })
          .where("id", "=", plan.id)
          .execute();
      }
    } else if (plan.next_due_at === null) {
      const open = await trx
        .selectFrom("followup_tasks")
        .select("id")
        .where("plan_id", "=", plan.id)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (!open)
        await trx
          .updateTable("followup_plans")
          .set({ status: "completed", ended_at: now, end_reason: "all_rounds_done" })
          .where("id", "=", plan.id)
          .execute();
    }
    return planView(trx, corpId, plan.id);
  });
}

/** Stops a running plan by hand; its open tasks are cancelled. */
export async function stopPlan(ctx: Ctx, corpId: string, id: string, scope: Scope): Promise<PlanView> {
  await getPlan(ctx, corpId, id, scope);
  const now = new Date(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable("followup_plans")
      .set({ status: "ended", next_due_at: null, ended_at: now, end_reason: "stopped" })
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .where("status", "=", "active")
      .returning("id")
      .executeTakeFirst();
    if (done)
      await trx
        .updateTable("followup_tasks")
        .set({ status: "cancelled" })
        .where("plan_id", "=", id)
        .where("status", "=", "open")
        .execute();
  });
  return planView(ctx.db, corpId, id);
}
