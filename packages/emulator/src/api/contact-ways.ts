// Contract §4.3 — 「联系我」 contact ways: validation (41037–41045), members activated/real-name/in range,
// ≤100 people per way, the 500k quota shared with join ways, temporary ways, and close_temp_chat.
import { ApiError } from "../errors.ts";
import { wayMembers } from "../people/contact-way.ts";
import type { ContactWay } from "../world/types.ts";
import { pageArray } from "./cursor.ts";
import type { Params } from "./params.ts";
import { type ApiContext, post, type Route, requireMember } from "./route.ts";

export const WAY_QUOTA = 500_000;

export function qrCodeUrl(configId: string): string {
  return `https://wework.qpic.cn/wwpic/emulator/${configId}/0`;
}

function checkPeople(ctx: ApiContext, type: number, user: string[], party: number[]): void {
  if (type === 1 && (user.length !== 1 || party.length > 0))
    throw new ApiError(41041, "single way needs exactly one user");
  for (const u of user) {
    const m = requireMember(ctx, u);
    if (m.status === 4) throw new ApiError(41054);
    if (!m.realName) throw new ApiError(40098);
    if (!m.customerContact || m.status !== 1) throw new ApiError(60011);
  }
  for (const d of party) if (!ctx.corp.departments.has(d)) throw new ApiError(60011, `invalid party ${d}`);
  if (type === 2 && user.length === 0 && party.length === 0)
    throw new ApiError(40058, "user or party is required");
  if (wayMembers(ctx.corp, user, party).length > 100) throw new ApiError(41041);
}

function checkStyle(type: number, scene: number, style: number): void {
  if (scene !== 1 || style === 0) return;
  if (style < 1 || style > (type === 1 ? 3 : 2)) throw new ApiError(41042);
}

function readWaySettings(p: Params, way: Partial<ContactWay>): void {
  if (p.has("remark")) way.remark = p.str("remark", 40058, 30);
  if (p.has("state")) way.state = p.str("state", 40058, 30);
  if (p.raw.skip_verify !== undefined) way.skipVerify = p.bool("skip_verify", true);
  if (p.has("expires_in")) {
    const n = p.int("expires_in", 0);
    if (n <= 0 || n > 14 * 86_400) throw new ApiError(40058, "expires_in");
    way.expiresIn = n;
  }
  if (p.has("chat_expires_in")) {
    const n = p.int("chat_expires_in", 0);
    if (n <= 0 || n > 14 * 86_400) throw new ApiError(40058, "chat_expires_in");
    way.chatExpiresIn = n;
  }
  if (p.has("unionid")) way.unionid = p.str("unionid");
  const conclusions = p.obj("conclusions");
  if (conclusions) way.conclusions = conclusions.raw;
}

export function wayCount(ctx: ApiContext): number {
  let n = ctx.corp.joinWays.size;
  for (const w of ctx.corp.contactWays.values()) if (!w.isTemp) n++;
  return n;
}

function wayOf(ctx: ApiContext, p: Params): ContactWay {
  const id = p.str("config_id", 41043);
  const way = ctx.corp.contactWays.get(id);
  if (!way) throw new ApiError(41044);
  return way;
}

export const contactWayRoutes: Route[] = [
  post("externalcontact/add_contact_way", (ctx, p) => {
    const type = p.int("type", 0, 41037);
    if (type !== 1 && type !== 2) throw new ApiError(41039);
    const scene = p.int("scene", 0, 41038);
    if (scene !== 1 && scene !== 2) throw new ApiError(41040);
    const style = p.int("style", 0);
    checkStyle(type, scene, style);
    const user = p.strArray("user");
    const party = p.intArray("party");
    checkPeople(ctx, type, user, party);
    const isTemp = p.bool("is_temp", false);
    if (isTemp && type !== 1) throw new ApiError(40058, "temporary ways take a single member");
    if (!isTemp && wayCount(ctx) >= WAY_QUOTA) {
      ctx.world.ruleHit(ctx.corp, "contact_way_quota", ctx.path, "500,000 ways per corp");
      throw new ApiError(41045);
    }
    const configId = ctx.world.ids.configId();
    const way: ContactWay = {
      configId,
      type,
      scene,
      style,
      remark: "",
      skipVerify: true,
      state: "",
      qrCode: scene === 2 ? qrCodeUrl(configId) : "",
      user,
      party,
      isTemp,
      expiresIn: isTemp ? 7 * 86_400 : 0,
      chatExpiresIn: isTemp ? 86_400 : 0,
      unionid: "",
      conclusions: null,
      createdAt: ctx.now,
      agentId: ctx.app.agentId,
      used: false,
    };
    readWaySettings(p, way);
    ctx.corp.contactWays.set(configId, way);
    return scene === 2 ? { config_id: configId, qr_code: way.qrCode } : { config_id: configId };
  }),

  post("externalcontact/get_contact_way", (ctx, p) => {
    const w = wayOf(ctx, p);
    const view: Record<string, unknown> = {
      config_id: w.configId,
      type: w.type,
      scene: w.scene,
      style: w.style,
      remark: w.remark,
      skip_verify: w.skipVerify,
      state: w.state,
      qr_code: w.qrCode,
      user: w.user,
      party: w.party,
      is_temp: w.isTemp,
      expires_in: w.expiresIn,
      chat_expires_in: w.chatExpiresIn,
      unionid: w.unionid,
    };
    if (w.conclusions) view.conclusions = w.conclusions;
    return { contact_way: view };
  }),

  post("externalcontact/list_contact_way", (ctx, p) => {
    const end = p.int("end_time", ctx.now);
    const start = p.int("start_time", end - 90 * 86_400);
    const limit = p.limit("limit", 100, 1000);
    const ways = [...ctx.corp.contactWays.values()].filter(
      (w) => w.agentId !== 0 && w.createdAt >= start && w.createdAt <= end,
    );
    const { page, next } = pageArray(ways, p.optStr("cursor"), limit);
    return { contact_way: page.map((w) => ({ config_id: w.configId })), next_cursor: next };
  }),

  post("externalcontact/update_contact_way", (ctx, p) => {
    const way = wayOf(ctx, p);
    const style = p.has("style") ? p.int("style", 0) : way.style;
    checkStyle(way.type, way.scene, style);
    const user = p.raw.user !== undefined ? p.strArray("user") : way.user;
    const party = p.raw.party !== undefined ? p.intArray("party") : way.party;
    checkPeople(ctx, way.type, user, party);
    const draft: Partial<ContactWay> = {};
    readWaySettings(p, draft);
    Object.assign(way, draft, { style, user, party });
    return {};
  }),

  post("externalcontact/del_contact_way", (ctx, p) => {
    const way = wayOf(ctx, p);
    ctx.corp.contactWays.delete(way.configId);
    return {};
  }),

  post("externalcontact/close_temp_chat", (ctx, p) => {
    const member = requireMember(ctx, p.str("userid", 40003));
    const id = p.str("external_userid", 41035);
    if (!ctx.corp.customers.has(id)) throw new ApiError(40096);
    const follow = ctx.idx.active(member.userid, id);
    if (!follow) throw new ApiError(84061);
    const way = [...ctx.corp.contactWays.values()].find(
      (w) => w.isTemp && w.user.includes(member.userid) && w.used,
    );
    const text = String((way?.conclusions?.text as { content?: unknown } | undefined)?.content ?? "");
    ctx.corp.customerInbox.push({
      externalUserId: id,
      chatId: "",
      sender: member.userid,
      at: ctx.now,
      kind: "conclusion",
      text,
      attachments: [],
      ref: way?.configId ?? "",
    });
    return {};
  }),
];
