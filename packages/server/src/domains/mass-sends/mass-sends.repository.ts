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
  recipient: string[];
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
  for (let i = 0; i < rows.recipient.length; i += INSERT_BATCH) {
    const s = (a: unknown[]) => a.slice(i, i + INSERT_BATCH);
    await sql`insert into mass_send_recipients (corp_id, mass_send_id, recipient, task_id, sender, status, reason)
      select ${corpId}, ${massSendId}, r.recipient, r.task_id, r.sender, r.status, r.reason
      from unnest(${s(rows.recipient)}::text[], ${s(rows.taskId)}::bigint[], ${s(rows.sender)}::text[],
        ${s(rows.status)}::text[], ${s(rows.reason)}::text[]) as r(recipient, task_id, sender, status, reason)`.execute(
      db,
    );
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
