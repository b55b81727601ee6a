// Inheritance (S2, 离职继承 / 在职继承): plan a transfer job for one handover member — who takes over each
// customer (by rule or by hand) and who owns their groups — refused field by field when a takeover cannot take
// customers; reassign failed customers; read jobs. The scheduler (inheritance.runner.ts) runs the job.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { dropMemberFromPools } from "../live-codes/live-codes.service.ts";
import { holdingsOf } from "./inheritance.assets.ts";
import { assignByRule, checkTakeovers, eligibleMembers, loads, storesOf } from "./inheritance.assign.ts";
import type { TransferInput } from "./inheritance.schemas.ts";
import type { JobBefore } from "./inheritance.tables.ts";
import { getJob } from "./inheritance.views.ts";

type Detail = { path: string; message: string };

const invalid = (message: string, details: Detail[]) => new AppError("VALIDATION_FAILED", message, details);

async function requireHandover(ctx: Ctx, corpId: string, input: TransferInput) {
  const m = await ctx.db
    .selectFrom("members")
    .select(["status", "removed"])
    .where("corp_id", "=", corpId)
    .where("userid", "=", input.handover)
    .executeTakeFirst();
  const departed = m ? m.status === 5 || m.removed : false;
  if (input.kind === "onjob") {
    if (!m)
      throw invalid("unknown handover", [
        { path: "/handover", message: `${input.handover} is not a member of this corp` },
      ]);
    if (departed)
      throw invalid("handover has resigned", [
        {
          path: "/handover",
          message: `${input.handover} has resigned: use a departed-staff (resigned) transfer`,
        },
      ]);
  } else if (m && !departed) {
    throw invalid("handover has not resigned", [
      {
        path: "/handover",
        message: `${input.handover} has not resigned: use an in-service (onjob) transfer`,
      },
    ]);
  }
}

function refuse(checked: Map<string, { refusal: string | null }>, at: (u: string) => string): Detail[] {
  return [...checked.entries()]
    .filter(([, e]) => e.refusal !== null)
    .map(([u, e]) => ({ path: at(u), message: e.refusal as string }));
}

/** Plans a transfer job: validates, assigns, stores the job with its customers and groups; the scheduler runs it. */
export async function planTransfer(ctx: Ctx, corpId: string, input: TransferInput, by: string) {
  await requireHandover(ctx, corpId, input);
  const details: Detail[] = [];
  if (input.message && input.kind === "resigned")
    details.push({
      path: "/message",
      message: "a message to customers is only sent with in-service transfers",
    });
  let candidates: string[];
  if (input.assign.mode === "hand") {
    const takeover = input.assign.takeover;
    details.push(
      ...refuse(await checkTakeovers(ctx.db, corpId, input.handover, [takeover]), () => "/assign/takeover"),
    );
    candidates = [takeover];
  } else if (input.assign.candidates) {
    const list = [...new Set(input.assign.candidates)];
    const checked = await checkTakeovers(ctx.db, corpId, input.handover, list);
    input.assign.candidates.forEach((u, i) => {
      const refusal = checked.get(u)?.refusal;
      if (refusal) details.push({ path: `/assign/candidates/${i}`, message: refusal });
    });
    if (list.length === 0)
      details.push({
        path: "/assign/candidates",
        message: "name at least one member, or leave the list out to use everyone",
      });
    candidates = list;
  } else {
    candidates = await eligibleMembers(ctx.db, corpId, input.handover);
    if (candidates.length === 0)
      details.push({
        path: "/assign",
        message:
          "no member can take over customers: every other member has resigned or lacks customer contact",
      });
  }
  if (input.groupOwner)
    details.push(
      ...refuse(
        await checkTakeovers(ctx.db, corpId, input.handover, [input.groupOwner]),
        () => "/groupOwner",
      ),
    );
  if (details.length > 0) throw invalid("the transfer cannot be planned", details);

  const holdings = await holdingsOf(ctx, corpId, input.handover, input.kind);
  const held = new Set(holdings.customers);
  const customers = input.customers ? [...new Set(input.customers)] : holdings.customers;
  input.customers?.forEach((c, i) => {
    if (!held.has(c))
      details.push({
        path: `/customers/${i}`,
        message: `${c} is not a customer ${input.handover} still has, or is already being transferred`,
      });
  });
  const ownedGroups = new Set(holdings.groups);
  const groups = input.groups ? [...new Set(input.groups)] : holdings.groups;
  input.groups?.forEach((g, i) => {
    if (!ownedGroups.has(g))
      details.push({
        path: `/groups/${i}`,
        message: `${g} is not a group ${input.handover} still owns, or is already being transferred`,
      });
  });
  if (details.length === 0 && customers.length === 0 && groups.length === 0)
    details.push({
      path: "/handover",
      message: `${input.handover} has no customers or groups left to transfer`,
    });
  if (details.length > 0) throw invalid("the transfer cannot be planned", details);

  const load = await loads(ctx.db, corpId, candidates);
  const stores = await storesOf(ctx.db, corpId, [...candidates, input.handover], customers);
  const handoverStores = stores.memberStores.get(input.handover) ?? new Set<string>();
  const assignment = assignByRule({
    customers,
    candidates,
    load,
    handoverStores,
    memberStores: stores.memberStores,
    customerStore: stores.customerStore,
  });
  const perTakeover: Record<string, number> = {};
  for (const t of assignment.values()) perTakeover[t] = (perTakeover[t] ?? 0) + 1;
  const colleagues = candidates.filter((c) =>
    [...(stores.memberStores.get(c) ?? [])].some((s) => handoverStores.has(s)),
  );
  // By rule, the groups go to the least loaded store colleague (else candidate), as loaded before this job.
  const groupOwner =
    input.groupOwner ??
    (input.assign.mode === "hand"
      ? input.assign.takeover
      : [...(colleagues.length > 0 ? colleagues : candidates)].sort(
          (a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0),
        )[0]);
  const now = new Date(ctx.clock.now());
  const before: JobBefore = {
    customers: customers.length,
    groups: groupOwner ? groups.length : 0,
    perTakeover,
  };

  const id = await ctx.db.transaction().execute(async (trx) => {
    const job = await trx
      .insertInto("inheritance_jobs")
      .values({
        corp_id: corpId,
        kind: input.kind,
        handover_userid: input.handover,
        mode: input.assign.mode,
        message: input.kind === "onjob" && input.message ? input.message : null,
        before: JSON.stringify(before),
        next_poll_at: now,
        created_by: by,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = customers.map((c) => ({
      corp_id: corpId,
      job_id: job.id,
      external_userid: c,
      takeover_userid: assignment.get(c) as string,
      updated_at: now,
    }));
    try {
      for (let i = 0; i < rows.length; i += 2000)
        await trx
          .insertInto("inheritance_customers")
          .values(rows.slice(i, i + 2000))
          .execute();
      if (groupOwner && groups.length > 0)
        await trx
          .insertInto("inheritance_groups")
          .values(
            groups.map((g) => ({
              corp_id: corpId,
              job_id: job.id,
              chat_id: g,
              new_owner: groupOwner,
              updated_at: now,
            })),
          )
          .execute();
    } catch (err) {
      if ((err as { code?: string }).code === "23505")
        throw invalid("already being transferred", [
          {
            path: "/customers",
            message:
              "some of these customers or groups were just put in another transfer; reload and try again",
          },
        ]);
      throw err;
    }
    return String(job.id);
  });
  const warnings = [...holdings.warnings];
  if (input.kind === "resigned") {
    const pools = await dropMemberFromPools(ctx, corpId, input.handover);
    if (pools.alone.length > 0)
      warnings.push(
        `live codes ${pools.alone.join(", ")} have nobody but ${input.handover} in their staff: give them new staff`,
      );
  }
  const view = await getJob(ctx, corpId, id);
  return { ...view, warnings };
}

/** Gives refused or failed customers of a job to another member and plans their transfer again. */
export async function reassign(
  ctx: Ctx,
  corpId: string,
  jobId: string,
  input: { customers: string[]; takeover: string },
) {
  const job = await ctx.db
    .selectFrom("inheritance_jobs")
    .select(["id", "handover_userid"])
    .where("corp_id", "=", corpId)
    .where("id", "=", jobId)
    .executeTakeFirst();
  if (!job) throw new AppError("NOT_FOUND", `no transfer ${jobId} in this corp`);
  const details = refuse(
    await checkTakeovers(ctx.db, corpId, job.handover_userid, [input.takeover]),
    () => "/takeover",
  );
  const rows = await ctx.db
    .selectFrom("inheritance_customers")
    .select(["external_userid", "status"])
    .where("job_id", "=", jobId)
    .where("external_userid", "in", input.customers)
    .execute();
  const status = new Map(rows.map((r) => [r.external_userid, r.status]));
  input.customers.forEach((c, i) => {
    const s = status.get(c);
    if (s === undefined) details.push({ path: `/customers/${i}`, message: `${c} is not in this transfer` });
    else if (!["refused", "limit", "failed"].includes(s))
      details.push({
        path: `/customers/${i}`,
        message: `${c} is ${s}; only refused or failed customers can be reassigned`,
      });
  });
  if (details.length > 0) throw invalid("cannot reassign", details);
  const now = new Date(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("inheritance_customers")
      .set({
        takeover_userid: input.takeover,
        status: "planned",
        errcode: null,
        reason: null,
        finished_at: null,
        updated_at: now,
      })
      .where("job_id", "=", jobId)
      .where("external_userid", "in", input.customers)
      .where("status", "in", ["refused", "limit", "failed"])
      .execute();
    await trx
      .updateTable("inheritance_jobs")
      .set({ status: "running", next_poll_at: now, finished_at: null })
      .where("id", "=", jobId)
      .execute();
  });
  return getJob(ctx, corpId, jobId);
}
