// SQL for mass sends: storing a plan in bulk (arrays through unnest), the report, views and recipient pages.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { MassSendStatus, RecipientStatus } from "./mass-sends.tables.ts";

const INSERT_BATCH = 20_000;

export interface TaskRow {
  sender: string;
  chatType: "single" | "group";
  notBefore: Date;
  recipients: number;
}

/** Allocates ids for `n` tasks, so recipients can name their task before the tasks are inserted. */
export async function taskIds(db: Db, n: number): Promise<string[]> {
  if (n === 0) return [];
  const r = await sql<{ id: string }>`select nextval('mass_send_tasks_id_seq')::text as id
    from generate_series(1, ${n})`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function insertTasks(
  db: Db,
  corpId: string,
  massSendId: string,
  ids: string[],
  tasks: TaskRow[],
): Promise<void> {
  for (let i = 0; i < tasks.length; i += INSERT_BATCH) {
    const part = tasks.slice(i, i + INSERT_BATCH);
    await sql`insert into mass_send_tasks (id, corp_id, mass_send_id, sender, chat_type, not_before, status, recipients)
      select t.id, ${corpId}, ${massSendId}, t.sender, t.chat_type, t.not_before, 'planned', t.recipients
      from unnest(${ids.slice(i, i + INSERT_BATCH)}::bigint[], ${part.map((t) => t.sender)}::text[],
        ${part.map((t) => t.chatType)}::text[], ${part.map((t) => t.notBefore.toISOString())}::timestamptz[],
        ${part.map((t) => t.recipients)}::int[]) as t(id, sender, chat_type, not_before, recipients)`.execute(
      db,
    );
  }
}

export interface RecipientRows {
  /** external_userids or chat_ids, or customers.ids (their external_userids are read here). */
  recipient: string[] | { ids: Uint32Array };
  taskId: (string | null)[];
  sender: (string | null)[];
  status: RecipientStatus[];
  reason: (string | null)[];
}

export async function insertRecipients(
  db: Db,
  corpId: string,
  massSendId: string,
  rows: RecipientRows,
): Promise<void> {
  const listed = Array.isArray(rows.recipient) ? rows.recipient : null;
  const ids = Array.isArray(rows.recipient) ? null : rows.recipient.ids;
  const n = listed?.length ?? ids?.length ?? 0;
  for (let i = 0; i < n; i += INSERT_BATCH) {
    const s = (a: unknown[]) => a.slice(i, i + INSERT_BATCH);
    const rest = sql`${s(rows.taskId)}::bigint[], ${s(rows.sender)}::text[], ${s(rows.status)}::text[],
      ${s(rows.reason)}::text[]`;
    if (listed)
      await sql`insert into mass_send_recipients (corp_id, mass_send_id, recipient, task_id, sender, status, reason)
        select ${corpId}, ${massSendId}, r.recipient, r.task_id, r.sender, r.status, r.reason
        from unnest(${s(listed)}::text[], ${rest}) as r(recipient, task_id, sender, status, reason)`.execute(
        db,
      );
    else
      await sql`insert into mass_send_recipients (corp_id, mass_send_id, recipient, task_id, sender, status, reason)
        select ${corpId}, ${massSendId}, c.external_userid, r.task_id, r.sender, r.status, r.reason
        from unnest(${Array.from((ids as Uint32Array).subarray(i, i + INSERT_BATCH), String)}::bigint[], ${rest})
          as r(id, task_id, sender, status, reason)
        join customers c on c.id = r.id and c.corp_id = ${corpId}`.execute(db);
  }
}

/** Counts by recipient status, stored on the send (the list shows it without counting again). */
export async function refreshReport(db: Db, massSendId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("mass_send_recipients")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("mass_send_id", "=", massSendId)
    .groupBy("status")
    .execute();
  const report: Record<string, number> = {};
  for (const r of rows) report[r.status] = Number(r.n);
  await db
    .updateTable("mass_sends")
    .set({ report: JSON.stringify(report) })
    .where("id", "=", massSendId)
    .execute();
  return report;
}

export async function setStatus(db: Db, massSendId: string, status: MassSendStatus): Promise<void> {
  await db.updateTable("mass_sends").set({ status }).where("id", "=", massSendId).execute();
}

/** A sending send whose tasks are all out of planning and submission is sent. */
export async function finishIfDone(db: Db, massSendId: string): Promise<void> {
  await sql`update mass_sends set status = 'sent'
    where id = ${massSendId} and status in ('scheduled', 'sending')
      and not exists (select 1 from mass_send_tasks t where t.mass_send_id = ${massSendId}
        and t.status in ('planned', 'submitting'))`.execute(db);
}

export function findSend(db: Db, corpId: string, id: string) {
  return db
    .selectFrom("mass_sends")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
}
export type SendRow = NonNullable<Awaited<ReturnType<typeof findSend>>>;

export function listSends(db: Db, corpId: string, limit: number) {
  return db
    .selectFrom("mass_sends")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export function tasksOf(db: Db, massSendId: string) {
  return db
    .selectFrom("mass_send_tasks as t")
    .leftJoin("members as m", (j) =>
      j.onRef("m.corp_id", "=", "t.corp_id").onRef("m.userid", "=", "t.sender"),
    )
    .select([
      "t.id",
      "t.sender",
      "m.name",
      "t.msgid",
      "t.status",
      "t.recipients",
      "t.sent",
      "t.reminds",
      "t.chat_type",
      "t.not_before",
    ])
    .where("t.mass_send_id", "=", massSendId)
    .orderBy("t.id")
    .execute();
}

export async function recipientsPage(
  db: Db,
  corpId: string,
  massSendId: string,
  q: { status?: RecipientStatus | undefined; after?: string | undefined; limit: number },
) {
  return db
    .selectFrom("mass_send_recipients as r")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "r.corp_id").onRef("c.external_userid", "=", "r.recipient"),
    )
    .leftJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "r.corp_id").onRef("g.chat_id", "=", "r.recipient"),
    )
    .select([
      "r.recipient",
      "r.sender",
      "r.status",
      "r.reason",
      "r.sent_at",
      "c.name as cname",
      "g.name as gname",
    ])
    .where("r.corp_id", "=", corpId)
    .where("r.mass_send_id", "=", massSendId)
    .$if(q.status !== undefined, (b) => b.where("r.status", "=", q.status!))
    .$if(q.after !== undefined, (b) => b.where("r.recipient", ">", q.after!))
    .orderBy("r.recipient")
    .limit(q.limit + 1)
    .execute();
}

export async function memberNames(db: Db, corpId: string, userids: string[]): Promise<Map<string, string>> {
  if (userids.length === 0) return new Map();
  const rows = await db
    .selectFrom("members")
    .select(["userid", "name"])
    .where("corp_id", "=", corpId)
    .where("userid", "=", sql<string>`any(${userids}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.userid, r.name]));
}

export interface RefusedRows {
  /** external_userids or chat_ids, or customers.ids (their external_userids are read here). */
  recipient: string[] | { ids: string[] };
  sender: (string | null)[];
  action: ("defer" | "drop")[];
  rule: string[];
  reason: string[];
  deferUntil: (string | null)[];
}

/**
 * The send gate's decisions for a mass send, in send_decisions like every other send's: one row per recipient it
 * deferred or dropped, keyed `<planner>:<recipient>` (several per recipient when a task is checked again).
 */
export async function insertRefused(
  db: Db,
  corpId: string,
  planner: string,
  decidedAt: Date,
  rows: RefusedRows,
): Promise<void> {
  const listed = Array.isArray(rows.recipient) ? rows.recipient : null;
  const ids = Array.isArray(rows.recipient) ? null : rows.recipient.ids;
  const n = listed?.length ?? ids?.length ?? 0;
  for (let i = 0; i < n; i += INSERT_BATCH) {
    const s = (a: unknown[]) => a.slice(i, i + INSERT_BATCH);
    const rest = sql`${s(rows.sender)}::text[], ${s(rows.action)}::text[], ${s(rows.rule)}::text[],
      ${s(rows.reason)}::text[], ${s(rows.deferUntil)}::timestamptz[]`;
    const from = listed
      ? sql`unnest(${s(listed)}::text[], ${rest}) as r(recipient, sender, action, rule, reason, defer_until)`
      : sql`(select c.external_userid as recipient, u.sender, u.action, u.rule, u.reason, u.defer_until
          from unnest(${s(ids as string[])}::bigint[], ${rest}) as u(id, sender, action, rule, reason, defer_until)
          join customers c on c.id = u.id and c.corp_id = ${corpId}) r`;
    await sql`insert into send_decisions (corp_id, outbox_id, idempotency_key, action, rule, reason, defer_until,
        decided_at, recipient, sender, planner)
      select ${corpId}, null, ${planner} || ':' || r.recipient, r.action, r.rule, r.reason, r.defer_until,
        ${decidedAt}, r.recipient, r.sender, ${planner}
      from ${from}`.execute(db);
  }
}

/** One decision for the recipients of a task the gate let through (an aggregate: one row, not one per recipient). */
export async function insertAllowed(
  db: Db,
  corpId: string,
  planner: string,
  taskId: string,
  attempt: number,
  sender: string,
  recipients: number,
  decidedAt: Date,
): Promise<void> {
  await db
    .insertInto("send_decisions")
    .values({
      corp_id: corpId,
      outbox_id: null,
      idempotency_key: `${planner}:task-${taskId}:${attempt}`,
      action: "send",
      rule: null,
      reason: `every rule passed for ${recipients.toLocaleString("en-US")} ${recipients === 1 ? "recipient" : "recipients"}; submitted to WeCom as one task of ${sender}`,
      defer_until: null,
      decided_at: decidedAt,
      recipient: null,
      sender,
      planner,
    })
    .execute();
}
