// Group activities (社群活动): create one (its groups, tags and rewards checked against the corp), change its
// status, and read it with its figures (participants, entries, rewards, red-packet spend, prizes left).
import type { Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { type Detail, failIf, rewardProblems } from "../rewards/rewards.check.ts";
import type { RewardInput } from "../rewards/rewards.schemas.ts";
import { unknownTagProblems } from "../tags/tags.check.ts";
import {
  type ActivityInput,
  type ActivityView,
  activityInput,
  activityPatch,
} from "./group-activities.schemas.ts";
import type { GroupActivitiesTable } from "./group-activities.tables.ts";

export type ActivityRow = Selectable<GroupActivitiesTable>;

/** The activity_participations key segments and activity tag rules use: checkin:12, lottery:3, redpacket:7. */
export const activityKey = (row: Pick<ActivityRow, "kind" | "id">) => `${row.kind}:${row.id}`;

async function referenceProblems(ctx: Ctx, corpId: string, a: ReturnType<typeof activityInput.parse>) {
  const out: Detail[] = [];
  const groups = new Set(
    (
      await ctx.db
        .selectFrom("customer_groups")
        .select("chat_id")
        .where("corp_id", "=", corpId)
        .where("chat_id", "in", a.chatIds)
        .where("dismissed_at", "is", null)
        .execute()
    ).map((g) => g.chat_id),
  );
  a.chatIds.forEach((c, i) => {
    if (!groups.has(c))
      out.push({ path: `/chatIds/${i}`, message: `${c} is not a customer group of this corp` });
  });
  out.push(...(await unknownTagProblems(ctx.db, corpId, a.tagIds)));
  const rewards: { path: string; reward: RewardInput }[] =
    a.config.kind === "checkin"
      ? a.config.tiers.map((t, i) => ({ path: `/config/tiers/${i}/reward`, reward: t.reward }))
      : a.config.kind === "lottery"
        ? a.config.prizes.map((p, i) => ({ path: `/config/prizes/${i}/reward`, reward: p.reward }))
        : [];
  out.push(...(await rewardProblems(ctx.db, corpId, rewards)));
  return out;
}

export async function activityRow(ctx: Pick<Ctx, "db">, corpId: string, id: string): Promise<ActivityRow> {
  const row = await ctx.db
    .selectFrom("group_activities")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new AppError("GROUP_ACTIVITY_NOT_FOUND", `no group activity ${id} in corp ${corpId}`);
  return row;
}

async function toView(ctx: Ctx, row: ActivityRow): Promise<ActivityView> {
  const e = await ctx.db
    .selectFrom("group_activity_entries")
    .select([
      (eb) => eb.fn.countAll<string>().as("entries"),
      (eb) => eb.fn.count<string>("external_userid").distinct().as("participants"),
    ])
    .where("activity_id", "=", row.id)
    .executeTakeFirstOrThrow();
  const source = row.kind;
  const r = await ctx.db
    .selectFrom("activity_rewards")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("corp_id", "=", row.corp_id)
    .where("source", "=", source)
    .where("source_id", "=", row.id)
    .executeTakeFirstOrThrow();
  let prizesLeft: { name: string; left: number }[] = [];
  if (row.config.kind === "lottery") {
    const won = await prizesWon(ctx, row.id);
    prizesLeft = row.config.prizes.map((p, i) => ({ name: p.name, left: p.quantity - (won.get(i) ?? 0) }));
  }
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    chatIds: row.chat_ids,
    keyword: row.keyword,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    tagIds: row.tag_ids,
    config: row.config as unknown as Record<string, unknown>,
    activityKey: activityKey(row),
    stats: {
      participants: Number(e.participants),
      entries: Number(e.entries),
      rewards: Number(r.n),
      spentCents: Number(row.spent_cents),
      prizesLeft,
    },
    createdAt: row.created_at.toISOString(),
  };
}

/** How many of each prize (by index) have been won. */
export async function prizesWon(ctx: Pick<Ctx, "db">, activityId: string): Promise<Map<number, number>> {
  const rows = await ctx.db
    .selectFrom("group_activity_entries")
    .select([
      (eb) => eb.ref("outcome", "->>").key("prize").as("prize"),
      (eb) => eb.fn.countAll<string>().as("n"),
    ])
    .where("activity_id", "=", activityId)
    .groupBy((eb) => eb.ref("outcome", "->>").key("prize"))
    .execute();
  const out = new Map<number, number>();
  for (const r of rows) if (r.prize !== null && r.prize !== undefined) out.set(Number(r.prize), Number(r.n));
  return out;
}

export async function createActivity(ctx: Ctx, corpId: string, input: ActivityInput): Promise<ActivityView> {
  const a = activityInput.parse(input);
  failIf(await referenceProblems(ctx, corpId, a));
  const at = new Date(ctx.clock.now());
  const row = await ctx.db
    .insertInto("group_activities")
    .values({
      corp_id: corpId,
      kind: a.config.kind,
      name: a.name,
      chat_ids: a.chatIds,
      keyword: a.keyword,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      config: JSON.stringify(a.config),
      tag_ids: a.tagIds,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(ctx, row);
}

export async function getActivity(ctx: Ctx, corpId: string, id: string): Promise<ActivityView> {
  return toView(ctx, await activityRow(ctx, corpId, id));
}

export async function listActivities(ctx: Ctx, corpId: string): Promise<ActivityView[]> {
  const rows = await ctx.db
    .selectFrom("group_activities")
    .selectAll()
    .where("corp_id", "=", corpId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  return Promise.all(rows.map((r) => toView(ctx, r)));
}

export async function updateActivity(ctx: Ctx, corpId: string, id: string, patch: unknown) {
  const p = activityPatch.parse(patch);
  const row = await activityRow(ctx, corpId, id);
  if (p.endsOn && p.endsOn < row.starts_on)
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/endsOn", message: "the last day is before the first" },
    ]);
  await ctx.db
    .updateTable("group_activities")
    .set({
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.endsOn !== undefined ? { ends_on: p.endsOn } : {}),
      updated_at: new Date(ctx.clock.now()),
    })
    .where("corp_id", "=", corpId)
    .where("id", "=", id)
    .execute();
  return getActivity(ctx, corpId, id);
}

/** Who took part: entries, days checked in, rewards. */
export async function activityParticipants(ctx: Ctx, corpId: string, id: string, limit: number) {
  await activityRow(ctx, corpId, id);
  const rows = await ctx.db
    .selectFrom("group_activity_entries as e")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.corp_id", "=", "e.corp_id").onRef("c.external_userid", "=", "e.external_userid"),
    )
    .select([
      "e.external_userid",
      "c.name",
      (eb) => eb.fn.countAll<string>().as("entries"),
      (eb) => eb.fn.count<string>("e.day").distinct().as("days"),
      (eb) => eb.fn.max("e.at").as("last"),
    ])
    .where("e.corp_id", "=", corpId)
    .where("e.activity_id", "=", id)
    .groupBy(["e.external_userid", "c.name"])
    .orderBy("days", "desc")
    .orderBy("last", "asc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    externalUserId: r.external_userid,
    name: r.name ?? null,
    entries: Number(r.entries),
    days: Number(r.days),
    lastAt: new Date(r.last as Date).toISOString(),
  }));
}
