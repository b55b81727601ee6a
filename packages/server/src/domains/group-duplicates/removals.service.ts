// Owner removal tasks as the console sees them: listed within the caller's scope (a staff user sees the tasks of
// the groups they own), confirmed or dismissed only by the group's owner (the console user linked to that
// member). Confirming does not remove anyone — WeCom has no API for it — it tells the owner to remove the member
// by hand; the del_member callback then closes the task as done.
import type { Ctx } from "../../context.ts";
import { nowDate } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Principal } from "../auth/auth.service.ts";
import { scopeOf } from "../customers/customers.scope.ts";
import { type RemovalView, removalQuery } from "./group-duplicates.schemas.ts";

function baseQuery(ctx: Ctx, corpId: string) {
  return ctx.db
    .selectFrom("group_removal_tasks as t")
    .leftJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "t.corp_id").onRef("g.chat_id", "=", "t.chat_id"),
    )
    .leftJoin("members as o", (j) => j.onRef("o.corp_id", "=", "t.corp_id").onRef("o.userid", "=", "t.owner"))
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "t.corp_id").onRef("c.external_userid", "=", "t.member_id"),
    )
    .selectAll("t")
    .select(["g.name as group_name", "o.name as owner_name", "c.name as member_name"])
    .where("t.corp_id", "=", corpId);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function instruction(r: Row): string | null {
  if (r.status !== "confirmed") return null;
  const who = r.member_name ?? r.member_id;
  const where = r.group_name || r.chat_id;
  return `在企业微信中打开群「${where}」，将「${who}」移出群聊（企业微信没有移出群成员的接口，需群主手动操作；移出后本任务自动完成）。`;
}

function view(r: Row): RemovalView {
  return {
    id: String(r.id),
    chatId: r.chat_id,
    groupName: r.group_name,
    owner: r.owner,
    ownerName: r.owner_name,
    memberId: r.member_id,
    memberName: r.member_name,
    reason: r.reason,
    status: r.status,
    detail: r.detail,
    createdAt: r.created_at.toISOString(),
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    confirmedBy: r.confirmed_by,
    closedAt: r.closed_at?.toISOString() ?? null,
    quitScene: r.quit_scene,
    instruction: instruction(r),
  };
}

export async function listRemovals(ctx: Ctx, corpId: string, principal: Principal, query: unknown) {
  const q = removalQuery.parse(query);
  const scope = await scopeOf(ctx, principal, corpId);
  if (scope.kind === "member" && scope.userid === null) return { items: [] };
  let sel = baseQuery(ctx, corpId);
  if (scope.kind === "member") sel = sel.where("t.owner", "=", scope.userid);
  if (q.status === "open") sel = sel.where("t.status", "in", ["pending", "confirmed"]);
  else if (q.status) sel = sel.where("t.status", "=", q.status);
  if (q.reason) sel = sel.where("t.reason", "=", q.reason);
  if (q.chatId) sel = sel.where("t.chat_id", "=", q.chatId);
  const rows = await sel.orderBy("t.id", "desc").limit(q.limit).execute();
  return { items: rows.map(view) };
}

async function mustGet(ctx: Ctx, corpId: string, id: string): Promise<Row> {
  const row = /^\d{1,18}$/.test(id)
    ? await baseQuery(ctx, corpId).where("t.id", "=", id).executeTakeFirst()
    : undefined;
  if (!row) throw new AppError("GROUP_REMOVAL_NOT_FOUND", `no removal task ${id} in corp ${corpId}`);
  return row;
}

/** Only the group's owner decides: the console user must be linked to the owning member. */
async function asOwner(ctx: Ctx, corpId: string, principal: Principal, row: Row) {
  const link = await ctx.db
    .selectFrom("user_members")
    .select("userid")
    .where("user_id", "=", principal.userId)
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  if (!row.owner || link?.userid !== row.owner) {
    throw new AppError(
      "GROUP_REMOVAL_NOT_OWNER",
      `only the group's owner (${row.owner_name ?? row.owner ?? "unknown"}) may confirm or dismiss this removal`,
    );
  }
}

export async function decideRemoval(
  ctx: Ctx,
  corpId: string,
  principal: Principal,
  id: string,
  decision: "confirm" | "dismiss",
): Promise<RemovalView> {
  const row = await mustGet(ctx, corpId, id);
  await asOwner(ctx, corpId, principal, row);
  if (row.status !== "pending") {
    throw new AppError("GROUP_REMOVAL_CLOSED", `this removal is already ${row.status}`, {
      status: row.status,
    });
  }
  const at = nowDate(ctx.clock);
  await ctx.db
    .updateTable("group_removal_tasks")
    .set(
      decision === "confirm"
        ? { status: "confirmed", confirmed_at: at, confirmed_by: principal.userId }
        : { status: "dismissed", closed_at: at },
    )
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .execute();
  return view(await mustGet(ctx, corpId, id));
}
