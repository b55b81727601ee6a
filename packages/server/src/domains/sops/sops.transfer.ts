// When customers or groups change hands (inheritance), the open SOP tasks for them follow: a personal task's
// customers move from the old owner's task to the new owner's task of the same firing (created if needed), a
// group task goes to the group's new owner. Only "remind" tasks move: an "auto" task's mass send was already
// planned from the old owner and is tracked there. Runs in the caller's transaction; running it again moves
// nothing more.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/** Moves `externalUserids` out of `from`'s open personal remind tasks into `to`'s; returns how many tasks changed. */
export async function moveCustomerSopTasks(
  db: Db,
  corpId: string,
  from: string,
  to: string,
  externalUserids: string[],
): Promise<number> {
  if (externalUserids.length === 0 || from === to) return 0;
  const tasks = await db
    .selectFrom("sop_tasks")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("owner", "=", from)
    .where("status", "=", "open")
    .where("mode", "=", "remind")
    .where("chat_id", "is", null)
    .where(sql<boolean>`targets && ${externalUserids}::text[]`)
    .forUpdate()
    .execute();
  const moving = new Set(externalUserids);
  for (const t of tasks) {
    const moved = t.targets.filter((x) => moving.has(x));
    const kept = t.targets.filter((x) => !moving.has(x));
    const targetKey = `owner:${to}`;
    await db
      .insertInto("sop_tasks")
      .values({
        corp_id: corpId,
        sop_id: t.sop_id,
        rule_id: t.rule_id,
        owner: to,
        target_key: targetKey,
        chat_id: null,
        targets: moved,
        content: JSON.stringify(t.content),
        mode: t.mode,
        due_at: t.due_at,
        deadline_at: t.deadline_at,
        created_at: t.created_at,
      })
      .onConflict((oc) =>
        oc.columns(["corp_id", "rule_id", "due_at", "target_key"]).doUpdateSet({
          targets: sql`(select array(select distinct x from unnest(sop_tasks.targets || excluded.targets) x order by x))`,
        }),
      )
      .execute();
    if (kept.length === 0) await db.deleteFrom("sop_tasks").where("id", "=", t.id).execute();
    else await db.updateTable("sop_tasks").set({ targets: kept }).where("id", "=", t.id).execute();
  }
  return tasks.length;
}

/** Gives the open tasks of these groups to their new owner; returns how many moved. */
export async function moveGroupSopTasks(
  db: Db,
  corpId: string,
  chatIds: string[],
  newOwner: string,
): Promise<number> {
  if (chatIds.length === 0) return 0;
  const r = await db
    .updateTable("sop_tasks")
    .set({ owner: newOwner })
    .where("corp_id", "=", corpId)
    .where("chat_id", "in", chatIds)
    .where("status", "=", "open")
    .where("owner", "!=", newOwner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
