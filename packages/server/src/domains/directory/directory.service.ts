// Reading the directory for pickers: members by search or by userid, within the caller's data scope
// (a `staff` user sees only the member they are linked to).
import type { Ctx } from "../../context.ts";
import type { Scope } from "../customers/customers.scope.ts";
import { findMembers } from "./directory.repository.ts";
import { type MemberListQuery, type MemberView, memberStatus } from "./directory.schemas.ts";

const STATUS: Record<number, MemberView["status"]> = {
  1: "active",
  2: "disabled",
  4: "not_activated",
  5: "left",
};

export async function listMembers(
  ctx: Ctx,
  corpId: string,
  query: MemberListQuery,
  scope: Scope,
): Promise<MemberView[]> {
  const rows = await findMembers(ctx.db, corpId, {
    q: query.q || undefined,
    ids: query.ids,
    limit: query.limit,
    ...(scope.kind === "member" ? { onlyUserid: scope.userid } : {}),
  });
  return rows.map((m) => {
    const names = new Map(m.dept_rows.map((d) => [d.id, d.name]));
    const ids = [...new Set([m.main_department ?? m.departments[0], ...m.departments])].filter(
      (id): id is number => id !== undefined && id !== null,
    );
    return {
      userid: m.userid,
      name: m.name,
      departments: ids.map((id) => ({ id, name: names.get(id) ?? null })),
      position: m.position,
      status: STATUS[m.status] ?? memberStatus.enum.active,
      customerContact: m.customer_contact,
    };
  });
}
