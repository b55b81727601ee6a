// Duplicate members (重复成员, G2): customers sitting in more than one of the corp's live groups (dismissed groups
// do not count), each listed once with all their memberships; the corp's keep rules pick the membership that
// stays; planning turns every other membership into an owner removal task that waits for the owner's
// confirmation (seed 003: 企业可以设置统一的筛选标准,不过需要群主确认后才能移除).
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { APP_MESSAGE_CHANNEL } from "../auto-tags/links.service.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { type DuplicateReport, duplicateQuery, duplicateSettings } from "./group-duplicates.schemas.ts";
import type { KeepRule } from "./group-duplicates.tables.ts";
import { openRemovalTask } from "./removals.ts";

const DEFAULT_KEEP: KeepRule[] = ["store_group", "newest"];

export async function keepRules(db: Db, corpId: string): Promise<KeepRule[]> {
  const row = await db
    .selectFrom("group_duplicate_settings")
    .select("keep")
    .where("corp_id", "=", corpId)
    .executeTakeFirst();
  return row?.keep ?? DEFAULT_KEEP;
}

export async function saveKeepRules(ctx: Ctx, corpId: string, input: unknown): Promise<{ keep: KeepRule[] }> {
  const { keep } = duplicateSettings.parse(input);
  await ctx.db
    .insertInto("group_duplicate_settings")
    .values({ corp_id: corpId, keep, updated_at: nowDate(ctx.clock) })
    .onConflict((oc) => oc.column("corp_id").doUpdateSet({ keep, updated_at: nowDate(ctx.clock) }))
    .execute();
  return { keep };
}

export interface Membership {
  chatId: string;
  joinedAt: Date | null;
  memberCount: number;
  storeGroup: boolean;
}

/** The membership the rules keep: each rule narrows the candidates; ties end on the newest, then chat id. */
export function keptMembership(list: Membership[], rules: KeepRule[]): string | undefined {
  let c = [...list];
  const time = (m: Membership) => m.joinedAt?.getTime() ?? 0;
  const narrow = (pick: (m: Membership) => number, best: (a: number, b: number) => number) => {
    const top = c.map(pick).reduce((a, b) => best(a, b));
    c = c.filter((m) => pick(m) === top);
  };
  for (const r of rules) {
    if (c.length <= 1) break;
    if (r === "store_group") {
      const own = c.filter((m) => m.storeGroup);
      if (own.length > 0) c = own;
    } else if (r === "newest") narrow(time, Math.max);
    else if (r === "oldest") narrow(time, Math.min);
    else if (r === "largest") narrow((m) => m.memberCount, Math.max);
    else narrow((m) => m.memberCount, Math.min);
  }
  c.sort((a, b) => time(b) - time(a) || a.chatId.localeCompare(b.chatId));
  return c[0]?.chatId;
}

async function duplicates(db: Db, corpId: string, chatId: string | undefined, limit: number) {
  let ids = db
    .selectFrom("customer_group_members as m")
    .innerJoin("customer_groups as g", (j) =>
      j.onRef("g.corp_id", "=", "m.corp_id").onRef("g.chat_id", "=", "m.chat_id"),
    )
    .select(["m.member_id"])
    .select((e) => e.fn.countAll<string>().as("n"))
    .where("m.corp_id", "=", corpId)
    .where("m.type", "=", 2)
    .where("g.dismissed_at", "is", null)
    .groupBy("m.member_id")
    .having((e) => e.fn.countAll(), ">", 1);
  if (chatId)
    ids = ids.having((e) => e.fn.sum(e.case().when("m.chat_id", "=", chatId).then(1).else(0).end()), ">", 0);
  const all = await ids.orderBy("n", "desc").orderBy("m.member_id").execute();
  const page = all.slice(0, limit).map((r) => r.member_id);
  const rows =
    page.length === 0
      ? []
      : await db
          .selectFrom("customer_group_members as m")
          .innerJoin("customer_groups as g", (j) =>
            j.onRef("g.corp_id", "=", "m.corp_id").onRef("g.chat_id", "=", "m.chat_id"),
          )
          .leftJoin("members as o", (j) =>
            j.onRef("o.corp_id", "=", "g.corp_id").onRef("o.userid", "=", "g.owner"),
          )
          .leftJoin("customers as c", (j) =>
            j.onRef("c.corp_id", "=", "m.corp_id").onRef("c.external_userid", "=", "m.member_id"),
          )
          .leftJoin("customer_stores as cs", (j) =>
            j.onRef("cs.corp_id", "=", "c.corp_id").onRef("cs.customer_id", "=", "c.id"),
          )
          .leftJoin("store_groups as sg", (j) =>
            j
              .onRef("sg.corp_id", "=", "m.corp_id")
              .onRef("sg.chat_id", "=", "m.chat_id")
              .onRef("sg.store_id", "=", "cs.store_id"),
          )
          .select([
            "m.member_id",
            "c.name as customer_name",
            "m.chat_id",
            "g.name as group_name",
            "g.owner",
            "o.name as owner_name",
            "g.member_count",
            "m.join_time",
            "sg.store_id",
          ])
          .where("m.corp_id", "=", corpId)
          .where("m.member_id", "in", page)
          .where("g.dismissed_at", "is", null)
          .execute();
  return { total: all.length, page, rows };
}

export async function duplicateReport(ctx: Ctx, corpId: string, query: unknown): Promise<DuplicateReport> {
  const q = duplicateQuery.parse(query);
  const keep = await keepRules(ctx.db, corpId);
  const { total, page, rows } = await duplicates(ctx.db, corpId, q.chatId, q.limit);
  const tasks =
    page.length === 0
      ? []
      : await ctx.db
          .selectFrom("group_removal_tasks")
          .select(["id", "chat_id", "member_id", "status"])
          .where("corp_id", "=", corpId)
          .where("member_id", "in", page)
          .orderBy("id")
          .execute();
  const taskOf = new Map(
    tasks.map((t) => [`${t.chat_id}\u0000${t.member_id}`, { id: String(t.id), status: t.status }]),
  );
  const groups = new Map<string, DuplicateReport["groups"][number]>();
  const customers = page.map((id) => {
    const mine = rows.filter((r) => r.member_id === id);
    const kept = keptMembership(
      mine.map((r) => ({
        chatId: r.chat_id,
        joinedAt: r.join_time,
        memberCount: r.member_count,
        storeGroup: r.store_id !== null,
      })),
      keep,
    );
    for (const r of mine) {
      const g = groups.get(r.chat_id) ?? {
        chatId: r.chat_id,
        groupName: r.group_name,
        owner: r.owner,
        ownerName: r.owner_name,
        memberCount: r.member_count,
        duplicates: 0,
        toRemove: 0,
      };
      g.duplicates++;
      if (r.chat_id !== kept) g.toRemove++;
      groups.set(r.chat_id, g);
    }
    return {
      externalUserId: id,
      name: mine[0]?.customer_name ?? null,
      groups: mine
        .sort((a, b) => (b.join_time?.getTime() ?? 0) - (a.join_time?.getTime() ?? 0))
        .map((r) => ({
          chatId: r.chat_id,
          groupName: r.group_name,
          owner: r.owner,
          ownerName: r.owner_name,
          joinedAt: r.join_time?.toISOString() ?? null,
          memberCount: r.member_count,
          storeGroup: r.store_id !== null,
          keep: r.chat_id === kept,
          removal: taskOf.get(`${r.chat_id}\u0000${id}`) ?? null,
        })),
    };
  });
  return {
    keep,
    totalCustomers: total,
    customers,
    groups: [...groups.values()].sort(
      (a, b) => b.duplicates - a.duplicates || a.chatId.localeCompare(b.chatId),
    ),
  };
}

/**
 * Opens a pending owner task for every membership the rules do not keep; returns how many were new. Each owner
 * with new tasks gets one WeCom app message (through the outbox) asking them to confirm in the console.
 */
export async function planDuplicateRemovals(
  ctx: Ctx,
  corpId: string,
): Promise<{ planned: number; open: number }> {
  const report = await duplicateReport(ctx, corpId, { limit: 1000 });
  const at = nowDate(ctx.clock);
  let planned = 0;
  let open = 0;
  const perOwner = new Map<string, number>();
  await ctx.db.transaction().execute(async (trx) => {
    for (const c of report.customers) {
      const kept = c.groups.find((g) => g.keep);
      for (const g of c.groups) {
        if (g.keep) continue;
        const already = g.removal && (g.removal.status === "pending" || g.removal.status === "confirmed");
        await openRemovalTask(trx, {
          corpId,
          chatId: g.chatId,
          memberId: c.externalUserId,
          reason: "duplicate",
          detail: {
            keptChatId: kept?.chatId ?? null,
            keptGroupName: kept?.groupName ?? null,
            rules: report.keep,
          },
          at,
        });
        open++;
        if (already) continue;
        planned++;
        if (g.owner) perOwner.set(g.owner, (perOwner.get(g.owner) ?? 0) + 1);
      }
    }
    for (const [owner, n] of perOwner) {
      await planMessage(
        { db: trx, clock: ctx.clock },
        {
          corpId,
          idempotencyKey: `group-dupes:${owner}:${at.toISOString()}`,
          planner: "group-duplicates",
          channel: APP_MESSAGE_CHANNEL,
          recipient: owner,
          sender: null,
          payload: {
            text: `【重复成员】你的群里有 ${n} 位客户同时在其他群中，按企业规则建议移出。请在 Siyu 控制台「客户群 → 重复成员」确认或保留；确认后在群聊中手动移出（企业微信不支持接口移出群成员）。`,
          },
          notBefore: at,
          notAfter: null,
        },
      );
    }
  });
  return { planned, open };
}
