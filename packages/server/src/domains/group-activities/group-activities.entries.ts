// Entries into group activities, from a keyword message in one of the activity's groups (the session archive,
// after the message is stored once) or from the API. A check-in counts once per customer and local day; each
// milestone (every 7 days, at 21…) is granted once, its grant key naming the day count. A lottery draw picks a
// prize by its odds (basis points) while stock lasts; a red-packet claim allocates an amount within the budget,
// once per customer (paying it out happens outside Siyu: the reward is a fulfilment task). Every first entry
// records the participation (segments, activity tag rules) and queues the activity's tags.
import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { fireActivityRules, recordParticipations } from "../auto-tags/activities.service.ts";
import { queueRuleActions } from "../auto-tags/rule-actions.ts";
import { localTime } from "../live-codes/routing.ts";
import type { DbCtx } from "../rewards/notify.ts";
import { grantReward } from "../rewards/rewards.service.ts";
import { corpUtcOffset } from "../send-gate/gate-settings.ts";
import { type ActivityRow, activityKey, prizesWon } from "./group-activities.service.ts";

export type EntryResult =
  | { entered: true; kind: "checkin"; days: number; rewards: number }
  | { entered: true; kind: "lottery"; prize: string | null }
  | { entered: true; kind: "redpacket"; amountCents: number }
  | { entered: false; reason: "not_open" | "already" | "limit" | "exhausted" };

interface Entry {
  externalUserId: string;
  at: Date;
  chatId: string | null;
  msgid: string | null;
}

const planner = (a: ActivityRow) => `${a.kind}:${a.id}`;

/** Whether the activity takes entries on this local day. */
function open(a: ActivityRow, day: string): boolean {
  return a.status === "active" && day >= a.starts_on && (!a.ends_on || day <= a.ends_on);
}

async function firstEntry(ctx: DbCtx, a: ActivityRow, e: Entry, detail: Record<string, unknown>) {
  const customer = await ctx.db
    .selectFrom("customers")
    .select("id")
    .where("corp_id", "=", a.corp_id)
    .where("external_userid", "=", e.externalUserId)
    .executeTakeFirst();
  if (customer) {
    const list = [
      {
        customerId: customer.id,
        externalUserId: e.externalUserId,
        activity: activityKey(a),
        kind: a.kind === "redpacket" ? ("other" as const) : a.kind,
        occurredAt: e.at,
        detail: { name: a.name, ...detail },
      },
    ];
    await recordParticipations(ctx.db, a.corp_id, list);
    await fireActivityRules(ctx.db, a.corp_id, list, e.at);
  }
  if (a.tag_ids.length > 0)
    await queueRuleActions(
      ctx.db,
      a.corp_id,
      [
        {
          rule: { id: null, name: `社群活动：${a.name}`, add_tags: a.tag_ids, remove_tags: [] },
          externalUserId: e.externalUserId,
          reason: `took part in ${a.name}`,
        },
      ],
      e.at,
    );
}

async function entriesOf(db: Db, a: ActivityRow, ext: string, day?: string) {
  let q = db
    .selectFrom("group_activity_entries")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("activity_id", "=", a.id)
    .where("external_userid", "=", ext);
  if (day) q = q.where("day", "=", day);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function insertEntry(ctx: DbCtx, a: ActivityRow, e: Entry, day: string, seq: number, outcome: object) {
  return ctx.db
    .insertInto("group_activity_entries")
    .values({
      corp_id: a.corp_id,
      activity_id: a.id,
      external_userid: e.externalUserId,
      day,
      seq,
      chat_id: e.chatId,
      msgid: e.msgid,
      outcome: JSON.stringify(outcome),
      at: e.at,
    })
    .onConflict((oc) => oc.columns(["activity_id", "external_userid", "day", "seq"]).doNothing())
    .returning("id")
    .executeTakeFirst();
}

async function checkIn(ctx: DbCtx, a: ActivityRow, e: Entry, day: string): Promise<EntryResult> {
  if (a.config.kind !== "checkin") throw new Error("not a check-in");
  if (!(await insertEntry(ctx, a, e, day, 1, {}))) return { entered: false, reason: "already" };
  const days = await entriesOf(ctx.db, a, e.externalUserId);
  if (days === 1) await firstEntry(ctx, a, e, {});
  let rewards = 0;
  for (const [i, tier] of a.config.tiers.entries()) {
    const milestones = tier.repeat
      ? Array.from({ length: Math.floor(days / tier.days) }, (_, k) => (k + 1) * tier.days)
      : days >= tier.days
        ? [tier.days]
        : [];
    for (const m of milestones) {
      const r = await grantReward(ctx, {
        corpId: a.corp_id,
        source: "checkin",
        sourceId: a.id,
        grantKey: `checkin:${a.id}:${e.externalUserId}:t${i}:d${m}`,
        externalUserId: e.externalUserId,
        reward: tier.reward,
        reason: `checked in ${m} days in ${a.name}`,
        note: { text: `您已在「${a.name}」累计打卡 ${m} 天，获得{reward}`, planner: planner(a) },
      });
      if (r.created) rewards++;
    }
  }
  return { entered: true, kind: "checkin", days, rewards };
}

async function lock(ctx: DbCtx, a: ActivityRow) {
  await ctx.db.selectFrom("group_activities").select("id").where("id", "=", a.id).forUpdate().execute();
}

async function draw(ctx: DbCtx, a: ActivityRow, e: Entry, day: string): Promise<EntryResult> {
  if (a.config.kind !== "lottery") throw new Error("not a lottery");
  await lock(ctx, a);
  const today = await entriesOf(ctx.db, a, e.externalUserId, day);
  if (today >= a.config.drawsPerDay) return { entered: false, reason: "limit" };
  const won = await prizesWon(ctx, a.id);
  const roll = randomInt(0, 10_000);
  let edge = 0;
  let prize: number | null = null;
  for (const [i, p] of a.config.prizes.entries()) {
    edge += Math.round(p.oddsPercent * 100);
    if (roll < edge) {
      // An exhausted prize is a miss: the other prizes' odds stay what was announced.
      if ((won.get(i) ?? 0) < p.quantity) prize = i;
      break;
    }
  }
  const first = (await entriesOf(ctx.db, a, e.externalUserId)) === 0;
  const entry = await insertEntry(ctx, a, e, day, today + 1, prize === null ? { prize: null } : { prize });
  if (!entry) return { entered: false, reason: "already" };
  if (first) await firstEntry(ctx, a, e, {});
  const p = prize === null ? undefined : a.config.prizes[prize];
  if (p)
    await grantReward(ctx, {
      corpId: a.corp_id,
      source: "lottery",
      sourceId: a.id,
      grantKey: `lottery:${a.id}:e${entry.id}`,
      externalUserId: e.externalUserId,
      reward: p.reward,
      reason: `won ${p.name} in ${a.name}`,
      note: { text: `恭喜您在「${a.name}」中抽中「${p.name}」：{reward}`, planner: planner(a) },
    });
  return { entered: true, kind: "lottery", prize: p?.name ?? null };
}

async function claim(ctx: DbCtx, a: ActivityRow, e: Entry, day: string): Promise<EntryResult> {
  const c = a.config;
  if (c.kind !== "redpacket") throw new Error("not a red packet");
  await lock(ctx, a);
  if ((await entriesOf(ctx.db, a, e.externalUserId)) > 0) return { entered: false, reason: "already" };
  const fresh = await ctx.db
    .selectFrom("group_activities")
    .select("spent_cents")
    .where("id", "=", a.id)
    .executeTakeFirstOrThrow();
  const left = c.budgetCents - Number(fresh.spent_cents);
  const smallest = c.mode === "fixed" ? (c.amountCents ?? 1) : (c.minCents ?? 1);
  if (left < smallest) return { entered: false, reason: "exhausted" };
  const wanted =
    c.mode === "fixed"
      ? (c.amountCents ?? 1)
      : randomInt(c.minCents ?? 1, (c.maxCents ?? c.minCents ?? 1) + 1);
  const amountCents = Math.min(wanted, left);
  await insertEntry(ctx, a, e, day, 1, { amountCents });
  await ctx.db
    .updateTable("group_activities")
    .set({ spent_cents: sql`spent_cents + ${amountCents}` })
    .where("id", "=", a.id)
    .execute();
  await firstEntry(ctx, a, e, { amountCents });
  await grantReward(ctx, {
    corpId: a.corp_id,
    source: "redpacket",
    sourceId: a.id,
    grantKey: `redpacket:${a.id}:${e.externalUserId}`,
    externalUserId: e.externalUserId,
    reward: { kind: "cash", name: a.name, amountCents },
    reason: `claimed a red packet in ${a.name}`,
    note: { text: `恭喜您在「${a.name}」领到红包{reward}`, planner: planner(a) },
  });
  return { entered: true, kind: "redpacket", amountCents };
}

/** One entry into the activity (check-in, draw or claim, by its kind). Runs in ctx.db (a transaction). */
export async function enter(ctx: DbCtx, a: ActivityRow, e: Entry): Promise<EntryResult> {
  const day = localTime(e.at.getTime(), await corpUtcOffset(ctx.db, a.corp_id)).day;
  if (!open(a, day)) return { entered: false, reason: "not_open" };
  if (a.kind === "checkin") return checkIn(ctx, a, e, day);
  if (a.kind === "lottery") return draw(ctx, a, e, day);
  return claim(ctx, a, e, day);
}

export interface GroupLine {
  msgid: string;
  roomId: string;
  externalUserId: string;
  text: string;
  sentAt: Date;
}

/** Customers' new group messages (stored once): a message with an activity's keyword in its groups is an entry. */
export async function afterGroupMessages(
  db: Db,
  corpId: string,
  lines: GroupLine[],
  now: Date,
): Promise<number> {
  if (lines.length === 0) return 0;
  const rooms = [...new Set(lines.map((l) => l.roomId))];
  const activities = await db
    .selectFrom("group_activities")
    .selectAll()
    .where("corp_id", "=", corpId)
    .where("status", "=", "active")
    .where("keyword", "is not", null)
    .where(sql<boolean>`chat_ids && ${sql.val(rooms)}::text[]`)
    .execute();
  if (activities.length === 0) return 0;
  const ctx: DbCtx = { db, clock: { now: () => now.getTime() } };
  let entered = 0;
  for (const line of [...lines].sort((x, y) => x.sentAt.getTime() - y.sentAt.getTime())) {
    for (const a of activities) {
      if (!a.chat_ids.includes(line.roomId) || !line.text.includes(a.keyword ?? "\u0000")) continue;
      const r = await enter(ctx, a, {
        externalUserId: line.externalUserId,
        at: line.sentAt,
        chatId: line.roomId,
        msgid: line.msgid,
      });
      if (r.entered) entered++;
    }
  }
  return entered;
}
