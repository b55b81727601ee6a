// When customers change hands (inheritance), their running follow-up plans and open tasks go to the new owner.
// A plan the new owner already runs for the same customer stays theirs; the old owner's is ended with the reason.
// Runs in the caller's transaction; running it again moves nothing more.
import type { Db } from "../../db/database.ts";

export async function moveFollowups(
  db: Db,
  corpId: string,
  from: string,
  to: string,
  externalUserids: string[],
  at: Date,
): Promise<{ plans: number; tasks: number }> {
  if (externalUserids.length === 0 || from === to) return { plans: 0, tasks: 0 };
  const taken = await db
    .selectFrom("followup_plans")
    .select("external_userid")
    .where("corp_id", "=", corpId)
    .where("userid", "=", to)
    .where("status", "=", "active")
    .where("external_userid", "in", externalUserids)
    .execute();
  const clash = taken.map((r) => r.external_userid);
  if (clash.length > 0)
    await db
      .updateTable("followup_plans")
      .set({
        status: "ended",
        ended_at: at,
        end_reason: `transferred to ${to}, who already runs a plan for this customer`,
        next_due_at: null,
      })
      .where("corp_id", "=", corpId)
      .where("userid", "=", from)
      .where("status", "=", "active")
      .where("external_userid", "in", clash)
      .execute();
  const plans = await db
    .updateTable("followup_plans")
    .set({ userid: to })
    .where("corp_id", "=", corpId)
    .where("userid", "=", from)
    .where("status", "=", "active")
    .where("external_userid", "in", externalUserids)
    .executeTakeFirst();
  const tasks = await db
    .updateTable("followup_tasks")
    .set({ userid: to })
    .where("corp_id", "=", corpId)
    .where("userid", "=", from)
    .where("status", "=", "open")
    .where("external_userid", "in", externalUserids)
    .executeTakeFirst();
  return { plans: Number(plans.numUpdatedRows), tasks: Number(tasks.numUpdatedRows) };
}
