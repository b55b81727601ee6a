// Data scope: which customers a principal may see. Admins, operators and team leads see the whole corp; a `staff`
// user sees only customers followed by the WeCom member they are linked to (user_members), nothing if unlinked.
import type { Ctx } from "../../context.ts";
import type { Principal } from "../auth/auth.service.ts";

export type Scope = { kind: "corp" } | { kind: "member"; userid: string | null };

export async function scopeOf(ctx: Ctx, principal: Principal, corpId: string): Promise<Scope> {
  if (principal.role !== "staff") return { kind: "corp" };
  const link = await ctx.db
    .selectFrom("user_members")
    .select("userid")
    .where("user_id", "=", principal.userId)
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  return { kind: "member", userid: link?.userid ?? null };
}

/** Links a console user to the WeCom member they are, in one corp. */
export async function linkUserToMember(
  ctx: Ctx,
  userId: string,
  corpId: string,
  userid: string,
): Promise<void> {
  await ctx.db
    .insertInto("user_members")
    .values({ user_id: userId, corp_id: corpId, userid })
    .onConflict((oc) => oc.columns(["user_id", "corp_id"]).doUpdateSet({ userid }))
    .execute();
}
