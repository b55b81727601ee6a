// Listing customer groups for pickers and lists, within the caller's data scope (a `staff` user sees only the
// groups their linked member owns).
import type { Ctx } from "../../context.ts";
import type { Scope } from "./customers.scope.ts";
import { findGroups } from "./groups.repository.ts";
import { encodeGroupCursor, type GroupListQuery, type GroupPage, type GroupView } from "./groups.schemas.ts";

const STATUS: GroupView["status"][] = ["normal", "owner_resigned", "inheriting", "inherited"];

export async function listGroups(
  ctx: Ctx,
  corpId: string,
  query: GroupListQuery,
  scope: Scope,
): Promise<GroupPage> {
  let owner = query.owner;
  if (scope.kind === "member") {
    if (scope.userid === null || (owner !== undefined && owner !== scope.userid))
      return { items: [], nextAfter: null };
    owner = scope.userid;
  }
  // One row more than asked tells whether another page exists.
  const rows = await findGroups(ctx.db, corpId, {
    q: query.q || undefined,
    owner,
    ids: query.ids,
    dismissed: query.dismissed,
    after: query.after,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((g) => ({
      chatId: g.chat_id,
      name: g.name,
      owner: g.owner,
      ownerName: g.owner_name,
      memberCount: g.member_count,
      status: STATUS[g.status] ?? "normal",
      dismissed: g.dismissed_at !== null,
      createdAt: g.created_at?.toISOString() ?? null,
    })),
    nextAfter:
      rows.length > query.limit && last ? encodeGroupCursor({ name: last.name, chatId: last.chat_id }) : null,
  };
}
