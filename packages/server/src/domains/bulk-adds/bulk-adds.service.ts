// Bulk adds for the API: lists with their progress, tasks (per day, member, status), and a member reporting a
// task's add request sent — refused while the account is restricted or would reach its hourly threshold.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { loadAddRateSettings } from "../account-health/add-rate.settings.ts";
import { ageInDays, isNewAccount } from "../account-health/health.ts";
import { restrictionsInForce } from "../account-health/restrictions.ts";
import { requireCorp } from "../corps/corps.service.ts";
import type { TaskStatus } from "./bulk-adds.tables.ts";

export async function listLists(ctx: Ctx, corpId: string) {
  await requireCorp(ctx, corpId);
  const lists = await ctx.db
    .selectFrom("bulk_add_lists")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  const ids = lists.map((l) => l.id);
  const progress =
    ids.length === 0
      ? []
      : (
          await sql<{ list_id: string; status: string; n: string }>`
            select list_id, status, count(*)::text as n from bulk_add_leads
             where corp_id = ${corpId} and list_id = any(${ids}::bigint[]) group by 1, 2`.execute(ctx.db)
        ).rows;
  return lists.map((l) => {
    const of = (s: string) => Number(progress.find((p) => p.list_id === l.id && p.status === s)?.n ?? 0);
    return {
      id: l.id,
      name: l.name,
      fileName: l.file_name,
      rows: l.rows,
      added: l.added,
      duplicates: l.duplicates,
      alreadyFriends: l.already_friends,
      alreadyListed: l.already_listed,
      badRows: l.bad_rows,
      createdAt: l.created_at.toISOString(),
      leads: {
        waiting: of("waiting"),
        assigned: of("assigned"),
        accepted: of("accepted"),
        gaveUp: of("gave_up"),
      },
    };
  });
}

export async function getList(ctx: Ctx, corpId: string, id: string) {
  const list = (await listLists(ctx, corpId)).find((l) => l.id === id);
  if (!list) throw new AppError("BULK_ADD_LIST_NOT_FOUND", `no bulk-add list ${id}`);
  return list;
}

export async function listTasks(
  ctx: Ctx,
  corpId: string,
  q: {
    day?: string | undefined;
    userid?: string | undefined;
    status?: TaskStatus | undefined;
    listId?: string | undefined;
    limit: number;
  },
) {
  await requireCorp(ctx, corpId);
  const rows = await ctx.db
    .selectFrom("bulk_add_tasks as t")
    .innerJoin("bulk_add_leads as l", "l.id", "t.lead_id")
    .select([
      "t.id",
      "t.userid",
      "t.day",
      "t.due_at",
      "t.status",
      "t.assigned_at",
      "t.sent_at",
      "t.accepted_at",
      "t.expires_at",
      "l.phone",
      "l.name",
      "l.list_id",
    ])
    .where("t.corp_id", "=", corpId)
    .$if(q.day !== undefined, (x) => x.where("t.day", "=", q.day!))
    .$if(q.userid !== undefined, (x) => x.where("t.userid", "=", q.userid!))
    .$if(q.status !== undefined, (x) => x.where("t.status", "=", q.status!))
    .$if(q.listId !== undefined, (x) => x.where("l.list_id", "=", q.listId!))
    .orderBy("t.due_at")
    .orderBy("t.id")
    .limit(q.limit)
    .execute();
  return rows.map((t) => ({
    id: t.id,
    userid: t.userid,
    day: t.day,
    dueAt: t.due_at.toISOString(),
    status: t.status,
    phone: t.phone,
    name: t.name,
    listId: t.list_id,
    assignedAt: t.assigned_at.toISOString(),
    sentAt: t.sent_at?.toISOString() ?? null,
    acceptedAt: t.accepted_at?.toISOString() ?? null,
    expiresAt: t.expires_at.toISOString(),
  }));
}

/** The member sent the add request of this task. */
export async function markSent(ctx: Ctx, corpId: string, id: string) {
  await requireCorp(ctx, corpId);
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const task = await trx
      .selectFrom("bulk_add_tasks")
      .selectAll()
      .where("corp_id", "=", corpId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!task) throw new AppError("BULK_ADD_TASK_NOT_FOUND", `no bulk-add task ${id}`);
    if (task.status !== "assigned")
      throw new AppError(
        "BULK_ADD_TASK_CLOSED",
        `task ${id} is ${task.status}; only an assigned task can be sent`,
      );
    const restricted = (await restrictionsInForce(trx, corpId, now, [task.userid])).get(task.userid);
    if (restricted)
      throw new AppError(
        "ACCOUNT_RESTRICTED",
        `${task.userid} is restricted (${restricted.state}${restricted.until ? ` until ${restricted.until.toISOString()}` : ""}); it must not add anyone`,
      );
    const settings = await loadAddRateSettings(trx, corpId);
    const profile = await trx
      .selectFrom("account_profiles")
      .select("created_on")
      .where("corp_id", "=", corpId)
      .where("userid", "=", task.userid)
      .executeTakeFirst();
    if (isNewAccount(ageInDays(profile?.created_on ?? null, now.toISOString().slice(0, 10)), settings)) {
      // Serialise a member's "sent" so two at once can't both pass the threshold.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`bulk-add-sent:${corpId}:${task.userid}`}, 0))`.execute(
        trx,
      );
      const hour = await trx
        .selectFrom("bulk_add_tasks")
        .select([(eb) => eb.fn.countAll<string>().as("n"), (eb) => eb.fn.min("sent_at").as("first")])
        .where("corp_id", "=", corpId)
        .where("userid", "=", task.userid)
        .where("sent_at", ">", new Date(now.getTime() - 3_600_000))
        .where("sent_at", "<=", now)
        .executeTakeFirstOrThrow();
      if (Number(hour.n) >= settings.newActivePerHour - 1) {
        const until = new Date((hour.first as Date).getTime() + 3_600_000);
        throw new AppError(
          "ADD_RATE_LIMITED",
          `${task.userid} is a new account and already sent ${hour.n} add requests in the last hour (the limit is below ${settings.newActivePerHour}); send this one after ${until.toISOString()}`,
        );
      }
    }
    await trx
      .updateTable("bulk_add_tasks")
      .set({ status: "sent", sent_at: now })
      .where("id", "=", id)
      .execute();
    return { id, status: "sent" as const, sentAt: now.toISOString() };
  });
}
