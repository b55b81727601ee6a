// Read models of transfer jobs: progress counts, the customers list (filter by status, keyset pages) with the
// reason for every failure, the groups, and the list of jobs.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import type { JobView } from "./inheritance.schemas.ts";
import type { CustomerTransferStatus, JobBefore } from "./inheritance.tables.ts";

const STATUSES: CustomerTransferStatus[] = ["planned", "waiting", "succeeded", "refused", "limit", "failed"];

interface JobRow {
  id: string;
  kind: "resigned" | "onjob";
  handover_userid: string;
  handover_name: string | null;
  mode: "rule" | "hand";
  status: "running" | "done";
  created_at: Date;
  finished_at: Date | null;
  before: JobBefore;
}

async function counts(ctx: Ctx, ids: string[]) {
  const c = new Map<string, Record<string, number>>();
  const g = new Map<string, Record<string, number>>();
  if (ids.length === 0) return { c, g };
  const { rows } = await sql<{ job_id: string; status: string; n: string }>`
    select job_id::text, status, count(*)::text as n from inheritance_customers
    where job_id = any(${ids}::bigint[]) group by job_id, status`.execute(ctx.db);
  for (const r of rows) c.set(r.job_id, { ...(c.get(r.job_id) ?? {}), [r.status]: Number(r.n) });
  const { rows: gr } = await sql<{ job_id: string; status: string; n: string }>`
    select job_id::text, status, count(*)::text as n from inheritance_groups
    where job_id = any(${ids}::bigint[]) group by job_id, status`.execute(ctx.db);
  for (const r of gr) g.set(r.job_id, { ...(g.get(r.job_id) ?? {}), [r.status]: Number(r.n) });
  return { c, g };
}

async function jobRows(ctx: Ctx, corpId: string, id: string | null, limit = 100): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    select j.id::text, j.kind, j.handover_userid, m.name as handover_name, j.mode, j.status, j.created_at,
      j.finished_at, j.before
    from inheritance_jobs j
    left join members m on m.corp_id = j.corp_id and m.userid = j.handover_userid
    where j.corp_id = ${corpId} ${id === null ? sql`` : sql`and j.id = ${id}`}
    order by j.created_at desc, j.id desc
    limit ${limit}`.execute(ctx.db);
  return rows;
}

function toView(r: JobRow, c: Record<string, number>, g: Record<string, number>): JobView {
  return {
    id: r.id,
    kind: r.kind,
    handover: r.handover_userid,
    handoverName: r.handover_name || r.handover_userid,
    mode: r.mode,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    before: { customers: r.before.customers, groups: r.before.groups },
    customers: Object.fromEntries(STATUSES.map((s) => [s, c[s] ?? 0])) as JobView["customers"],
    groups: { planned: g.planned ?? 0, succeeded: g.succeeded ?? 0, failed: g.failed ?? 0 },
    warnings: [],
  };
}

export function isJobId(id: string) {
  return /^\d{1,18}$/.test(id);
}

export async function getJob(ctx: Ctx, corpId: string, id: string): Promise<JobView> {
  const [row] = isJobId(id) ? await jobRows(ctx, corpId, id) : [];
  if (!row) throw new AppError("NOT_FOUND", `no transfer ${id} in this corp`);
  const { c, g } = await counts(ctx, [row.id]);
  return toView(row, c.get(row.id) ?? {}, g.get(row.id) ?? {});
}

export async function listJobs(ctx: Ctx, corpId: string): Promise<JobView[]> {
  const rows = await jobRows(ctx, corpId, null);
  const { c, g } = await counts(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, c.get(r.id) ?? {}, g.get(r.id) ?? {}));
}

export interface JobCustomerView {
  id: string;
  externalUserid: string;
  name: string;
  takeover: string;
  takeoverName: string;
  status: CustomerTransferStatus;
  errcode: number | null;
  reason: string | null;
  startedAt: string | null;
  takeoverAt: string | null;
  finishedAt: string | null;
}

/** A job's customers; `open` = planned or waiting, `unfinished` = refused, limit or failed (the action list). */
export async function jobCustomers(
  ctx: Ctx,
  corpId: string,
  jobId: string,
  q: { status?: string | undefined; after?: string | undefined; limit: number },
): Promise<{ items: JobCustomerView[]; next: string | null }> {
  await getJob(ctx, corpId, jobId);
  const statuses =
    q.status === "open"
      ? ["planned", "waiting"]
      : q.status === "unfinished"
        ? ["refused", "limit", "failed"]
        : q.status
          ? [q.status]
          : STATUSES;
  const { rows } = await sql<{
    id: string;
    external_userid: string;
    name: string | null;
    takeover_userid: string;
    takeover_name: string | null;
    status: CustomerTransferStatus;
    errcode: number | null;
    reason: string | null;
    started_at: Date | null;
    takeover_at: Date | null;
    finished_at: Date | null;
  }>`
    select i.id::text, i.external_userid, c.name, i.takeover_userid, m.name as takeover_name, i.status, i.errcode,
      i.reason, i.started_at, i.takeover_at, i.finished_at
    from inheritance_customers i
    left join customers c on c.corp_id = i.corp_id and c.external_userid = i.external_userid
    left join members m on m.corp_id = i.corp_id and m.userid = i.takeover_userid
    where i.corp_id = ${corpId} and i.job_id = ${jobId} and i.status = any(${statuses}::text[])
      ${q.after ? sql`and i.id > ${q.after}` : sql``}
    order by i.id limit ${q.limit + 1}`.execute(ctx.db);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      externalUserid: r.external_userid,
      name: r.name || r.external_userid,
      takeover: r.takeover_userid,
      takeoverName: r.takeover_name || r.takeover_userid,
      status: r.status,
      errcode: r.errcode,
      reason: r.reason,
      startedAt: r.started_at?.toISOString() ?? null,
      takeoverAt: r.takeover_at?.toISOString() ?? null,
      finishedAt: r.finished_at?.toISOString() ?? null,
    })),
    next: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export async function jobGroups(ctx: Ctx, corpId: string, jobId: string) {
  await getJob(ctx, corpId, jobId);
  const { rows } = await sql<{
    chat_id: string;
    name: string | null;
    new_owner: string;
    status: string;
    errcode: number | null;
    reason: string | null;
  }>`
    select i.chat_id, g.name, i.new_owner, i.status, i.errcode, i.reason
    from inheritance_groups i
    left join customer_groups g on g.corp_id = i.corp_id and g.chat_id = i.chat_id
    where i.corp_id = ${corpId} and i.job_id = ${jobId} order by i.id`.execute(ctx.db);
  return rows.map((r) => ({
    chatId: r.chat_id,
    name: r.name || r.chat_id,
    newOwner: r.new_owner,
    status: r.status,
    errcode: r.errcode,
    reason: r.reason,
  }));
}
