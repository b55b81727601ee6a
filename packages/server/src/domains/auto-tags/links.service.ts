// Tracked links (雷达): any http(s) address in an outgoing message is replaced by `<base>/l/<token>`, one token
// per (link, customer, sending member), so an open names both. Opening it redirects to the address, records the
// open, fires the link's rule (tags the customer on that member's relation) and alerts the member: a staff
// alert row the console lists, and a WeCom app message planned through the outbox (so the send gate sees it).
import { randomBytes } from "node:crypto";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { nowDate } from "../../lib/clock.ts";
import { planMessage } from "../outbox/outbox.service.ts";
import { queueRuleActions } from "./rule-actions.ts";
import type { RuleRow } from "./rules.service.ts";

export const APP_MESSAGE_CHANNEL = "wecom.app_message";
/** A second alert for the same token within this time is not sent (a customer reloading the page). */
const ALERT_QUIET_MS = 30 * 60_000;

const URL_RE = /https?:\/\/[^\s<>"'，。！？、；：（）【】《》]+/gi;

async function tokenFor(db: Db, corpId: string, linkId: string, externalUserId: string, userid: string) {
  const token = randomBytes(12).toString("base64url");
  await db
    .insertInto("tracked_link_tokens")
    .values({ token, corp_id: corpId, link_id: linkId, external_userid: externalUserId, userid })
    .onConflict((oc) => oc.columns(["link_id", "external_userid", "userid"]).doNothing())
    .execute();
  const row = await db
    .selectFrom("tracked_link_tokens")
    .select("token")
    .where("link_id", "=", linkId)
    .where("external_userid", "=", externalUserId)
    .where("userid", "=", userid)
    .executeTakeFirstOrThrow();
  return row.token;
}

/** Replaces every http(s) address in `text` with its tracked link for this customer and sender. */
export async function wrapText(
  ctx: Ctx,
  corpId: string,
  base: string,
  input: { text: string; externalUserId: string; userid: string },
): Promise<{ text: string; links: { url: string; tracked: string; linkId: string }[] }> {
  const prefix = `${base.replace(/\/$/, "")}/l/`;
  const urls = [...new Set(input.text.match(URL_RE) ?? [])].filter((u) => !u.startsWith(prefix));
  const links: { url: string; tracked: string; linkId: string }[] = [];
  for (const url of urls) {
    const link = await ctx.db
      .insertInto("tracked_links")
      .values({ corp_id: corpId, url })
      .onConflict((oc) => oc.columns(["corp_id", "url"]).doUpdateSet({ url }))
      .returning("id")
      .executeTakeFirstOrThrow();
    const token = await tokenFor(ctx.db, corpId, link.id, input.externalUserId, input.userid);
    links.push({ url, tracked: `${prefix}${token}`, linkId: link.id });
  }
  let text = input.text;
  // Longest first, so an address that is a prefix of another is not replaced inside it.
  for (const l of [...links].sort((a, b) => b.url.length - a.url.length))
    text = text.split(l.url).join(l.tracked);
  return { text, links };
}

/**
 * A customer opened `/l/:token`: records it and returns the address to redirect to (undefined = unknown token).
 * Tag changes and the alert are decided in the same transaction as the open.
 */
export async function openTrackedLink(
  ctx: Ctx,
  token: string,
  userAgent: string | null,
): Promise<string | undefined> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("tracked_link_tokens as t")
      .innerJoin("tracked_links as l", "l.id", "t.link_id")
      .select([
        "t.corp_id",
        "t.link_id",
        "t.external_userid",
        "t.userid",
        "t.last_opened_at",
        "l.url",
        "l.title",
        "l.rule_id",
      ])
      .where("t.token", "=", token)
      .forUpdate("t")
      .executeTakeFirst();
    if (!row) return undefined;
    const now = nowDate(ctx.clock);
    const corpId = row.corp_id;
    await trx
      .updateTable("tracked_link_tokens")
      .set((eb) => ({
        open_count: eb("open_count", "+", 1),
        first_opened_at: eb.fn.coalesce("first_opened_at", eb.val(now)),
        last_opened_at: now,
      }))
      .where("token", "=", token)
      .execute();
    const open = await trx
      .insertInto("tracked_link_opens")
      .values({
        corp_id: corpId,
        token,
        link_id: row.link_id,
        external_userid: row.external_userid,
        userid: row.userid,
        user_agent: userAgent?.slice(0, 300) ?? null,
        opened_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const title = row.title ?? row.url;
    let alert = true;
    if (row.rule_id) {
      const rule = (await trx
        .selectFrom("tag_rules")
        .selectAll()
        .where("corp_id", "=", corpId)
        .where("id", "=", row.rule_id)
        .where("enabled", "=", true)
        .executeTakeFirst()) as RuleRow | undefined;
      if (rule) {
        alert = rule.config.alert !== false;
        await queueRuleActions(
          trx,
          corpId,
          [
            {
              rule,
              externalUserId: row.external_userid,
              userid: row.userid,
              reason: `opened "${title}"`,
            },
          ],
          now,
        );
      }
    }
    const quiet = row.last_opened_at && now.getTime() - row.last_opened_at.getTime() < ALERT_QUIET_MS;
    if (alert && !quiet) await alertMember(ctx, trx, { corpId, row, title, openId: open.id, at: now });
    return row.url;
  });
}

async function alertMember(
  ctx: Ctx,
  trx: Db,
  a: {
    corpId: string;
    row: { external_userid: string; userid: string; link_id: string; url: string };
    title: string;
    openId: string;
    at: Date;
  },
) {
  const customer = await trx
    .selectFrom("customers")
    .select("name")
    .where("corp_id", "=", a.corpId)
    .where("external_userid", "=", a.row.external_userid)
    .executeTakeFirst();
  const name = customer?.name || a.row.external_userid;
  const text = `客户「${name}」刚刚打开了「${a.title}」，趁热跟进吧。`;
  const planned = await planMessage(
    { ...ctx, db: trx },
    {
      corpId: a.corpId,
      idempotencyKey: `link-open:${a.openId}`,
      planner: "auto-tags",
      channel: APP_MESSAGE_CHANNEL,
      recipient: a.row.userid,
      sender: null,
      payload: { text },
      notBefore: a.at,
      notAfter: new Date(a.at.getTime() + 60 * 60_000),
    },
  );
  await trx
    .insertInto("staff_alerts")
    .values({
      corp_id: a.corpId,
      userid: a.row.userid,
      kind: "link.opened",
      external_userid: a.row.external_userid,
      text,
      detail: JSON.stringify({ linkId: a.row.link_id, url: a.row.url, title: a.title, customerName: name }),
      outbox_id: planned.id,
      created_at: a.at,
    })
    .execute();
}

export async function listAlerts(ctx: Ctx, corpId: string, q: { userid?: string; limit: number }) {
  let query = ctx.db.selectFrom("staff_alerts").selectAll().where("corp_id", "=", corpId);
  if (q.userid) query = query.where("userid", "=", q.userid);
  const rows = await query.orderBy("id", "desc").limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    userid: r.userid,
    kind: r.kind,
    externalUserId: r.external_userid,
    text: r.text,
    detail: r.detail,
    outboxId: r.outbox_id,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  }));
}

export async function listTrackedLinks(ctx: Ctx, corpId: string) {
  const rows = await ctx.db
    .selectFrom("tracked_links as l")
    .leftJoin("tracked_link_tokens as t", "t.link_id", "l.id")
    .select((eb) => [
      "l.id",
      "l.url",
      "l.title",
      "l.rule_id",
      "l.created_at",
      eb.fn.count<string>("t.token").as("tokens"),
      eb.fn.coalesce(eb.fn.sum<string>("t.open_count"), eb.val("0")).as("opens"),
      eb.fn.count<string>("t.first_opened_at").as("openers"),
    ])
    .where("l.corp_id", "=", corpId)
    .groupBy("l.id")
    .orderBy("l.id", "desc")
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    title: r.title,
    ruleId: r.rule_id,
    tokens: Number(r.tokens),
    opens: Number(r.opens),
    openers: Number(r.openers),
    createdAt: r.created_at.toISOString(),
  }));
}
