// Account health: each able staff account with its age, verification, activity, restriction, safe daily cap and
// what is left of it today; editing an account's profile; the corp's add-rate guard settings.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import {
  type AddRateSettings,
  addRateSettingsSchema,
  loadAddRateSettings,
  saveAddRateSettings,
} from "./add-rate.settings.ts";
import { type Capacity, dailyCapacity, daysForLeads, type MemberCapacity } from "./capacity.ts";

export interface Activity {
  /** Customers the account follows now. */
  customers: number;
  /** New friends in the last 7 days. */
  adds7d: number;
  lastAddAt: string | null;
  /** Messages Siyu sent as the account in the last 7 days. */
  sends7d: number;
}

async function activityOf(ctx: Ctx, corpId: string, at: Date): Promise<Map<string, Activity>> {
  const weekAgo = new Date(at.getTime() - 7 * 86_400_000);
  const [follows, sends] = await Promise.all([
    sql<{ userid: string; customers: string; adds7d: string; last_add: Date | null }>`
      select userid,
             count(*) filter (where status = 'active')::text as customers,
             count(*) filter (where added_at >= ${weekAgo} and added_at <= ${at})::text as adds7d,
             max(added_at) filter (where added_at <= ${at}) as last_add
        from follow_relations where corp_id = ${corpId} group by userid`.execute(ctx.db),
    sql<{ sender: string; n: string }>`
      select sender, count(*)::text as n from outbox
       where corp_id = ${corpId} and sender is not null and status = 'sent'
         and sent_at >= ${weekAgo} and sent_at <= ${at}
       group by sender`.execute(ctx.db),
  ]);
  const out = new Map<string, Activity>();
  for (const f of follows.rows)
    out.set(f.userid, {
      customers: Number(f.customers),
      adds7d: Number(f.adds7d),
      lastAddAt: f.last_add ? new Date(f.last_add).toISOString() : null,
      sends7d: 0,
    });
  for (const s of sends.rows) {
    const a = out.get(s.sender) ?? { customers: 0, adds7d: 0, lastAddAt: null, sends7d: 0 };
    a.sends7d = Number(s.n);
    out.set(s.sender, a);
  }
  return out;
}

export type AccountHealthRow = MemberCapacity & { activity: Activity };

export async function listAccountHealth(
  ctx: Ctx,
  corpId: string,
): Promise<Omit<Capacity, "members"> & { members: AccountHealthRow[] }> {
  await requireCorp(ctx, corpId);
  const at = new Date(ctx.clock.now());
  const [capacity, activity] = await Promise.all([
    dailyCapacity(ctx.db, corpId, at),
    activityOf(ctx, corpId, at),
  ]);
  const none: Activity = { customers: 0, adds7d: 0, lastAddAt: null, sends7d: 0 };
  return {
    ...capacity,
    members: capacity.members.map((m) => ({ ...m, activity: activity.get(m.userid) ?? none })),
  };
}

export async function capacityReport(
  ctx: Ctx,
  corpId: string,
  query: { at?: string | undefined; leads?: number | undefined; storeId?: string | undefined },
) {
  await requireCorp(ctx, corpId);
  const at = query.at ? new Date(query.at) : new Date(ctx.clock.now());
  const capacity = await dailyCapacity(ctx.db, corpId, at);
  if (query.storeId && !capacity.stores.some((s) => s.storeId === query.storeId))
    throw new AppError("VALIDATION_FAILED", "unknown store", [
      { path: "/storeId", message: `no store ${query.storeId} in this corp` },
    ]);
  return {
    ...capacity,
    forecast: query.leads === undefined ? null : daysForLeads(capacity, query.leads, query.storeId),
  };
}

export async function updateProfile(
  ctx: Ctx,
  corpId: string,
  userid: string,
  input: {
    createdOn?: string | null | undefined;
    corpVerified?: boolean | undefined;
    personalVerified?: boolean | undefined;
  },
) {
  await requireCorp(ctx, corpId);
  const member = await ctx.db
    .selectFrom("members")
    .select("userid")
    .where("corp_id", "=", corpId)
    .where("userid", "=", userid)
    .executeTakeFirst();
  if (!member) throw new AppError("NOT_FOUND", `no member ${userid} in this corp`);
  const now = new Date(ctx.clock.now());
  if (input.createdOn && Date.parse(`${input.createdOn}T00:00:00Z`) > now.getTime() + 86_400_000)
    throw new AppError("VALIDATION_FAILED", "the account can't be created in the future", [
      { path: "/createdOn", message: "the creation date can't be in the future" },
    ]);
  const set = {
    ...(input.createdOn !== undefined ? { created_on: input.createdOn } : {}),
    ...(input.corpVerified !== undefined ? { corp_verified: input.corpVerified } : {}),
    ...(input.personalVerified !== undefined ? { personal_verified: input.personalVerified } : {}),
    updated_at: now,
  };
  await ctx.db
    .insertInto("account_profiles")
    .values({ corp_id: corpId, userid, created_on: input.createdOn ?? null, ...set })
    .onConflict((oc) => oc.columns(["corp_id", "userid"]).doUpdateSet(set))
    .execute();
  const list = await listAccountHealth(ctx, corpId);
  const row = list.members.find((m) => m.userid === userid);
  return {
    userid,
    createdOn: row?.createdOn ?? input.createdOn ?? null,
    corpVerified: row?.corpVerified ?? false,
    personalVerified: row?.personalVerified ?? false,
    cap: row?.healthCap ?? null,
  };
}

export async function getAddRateSettings(ctx: Ctx, corpId: string): Promise<AddRateSettings> {
  await requireCorp(ctx, corpId);
  return loadAddRateSettings(ctx.db, corpId);
}

export async function patchAddRateSettings(
  ctx: Ctx,
  corpId: string,
  patch: Partial<AddRateSettings>,
): Promise<AddRateSettings> {
  await requireCorp(ctx, corpId);
  const merged = { ...(await loadAddRateSettings(ctx.db, corpId)), ...patch };
  const parsed = addRateSettingsSchema.safeParse(merged);
  if (!parsed.success)
    throw new AppError(
      "VALIDATION_FAILED",
      "the add-rate settings don't fit together",
      parsed.error.issues.map((i) => ({ path: `/${i.path.join("/")}`, message: i.message })),
    );
  await saveAddRateSettings(ctx.db, corpId, parsed.data, new Date(ctx.clock.now()));
  return parsed.data;
}
