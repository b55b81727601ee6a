// Contract §4.8 — in-service and resigned customer transfers (per-item errcodes; ≤2 per customer per 90
// days → 40128; 24 h takeover), their results, the unassigned list, and group owner transfers.
import { ApiError, errorText } from "../errors.ts";
import { TAKEOVER_DELAY } from "../people/transfers.ts";
import type { Member, Transfer } from "../world/types.ts";
import { decodeCursor, encodeCursor, pageArray } from "./cursor.ts";
import type { Params } from "./params.ts";
import { type ApiContext, post, type Route, requireMember } from "./route.ts";

const NINETY_DAYS = 90 * 86_400;

function requireTakeover(ctx: ApiContext, userid: string): Member {
  const m = requireMember(ctx, userid);
  if (m.status === 4) throw new ApiError(41054);
  if (!m.realName) throw new ApiError(40098);
  if (m.status !== 1 || !m.customerContact) throw new ApiError(60011);
  return m;
}

function startTransfers(ctx: ApiContext, p: Params, kind: "onjob" | "resigned") {
  ctx.world.tick();
  const handover = requireMember(ctx, p.str("handover_userid", 40003));
  if (kind === "resigned" && handover.status !== 5) throw new ApiError(40097);
  const takeover = requireTakeover(ctx, p.str("takeover_userid", 40003));
  const ids = p.strArray("external_userid", 100);
  if (ids.length === 0) throw new ApiError(40058, "external_userid is required");
  const message = p.optStr("transfer_success_msg", "", 200);
  const customer = ids.map((id) => {
    const errcode = transferOne(ctx, handover, takeover, id, kind, message);
    return { external_userid: id, errcode };
  });
  return { customer };
}

function transferOne(
  ctx: ApiContext,
  handover: Member,
  takeover: Member,
  id: string,
  kind: Transfer["kind"],
  message: string,
) {
  const corp = ctx.corp;
  if (!corp.customers.has(id)) return 40096;
  if (handover.userid === takeover.userid) return 40130;
  if (!ctx.idx.active(handover.userid, id)) return 40131;
  if (corp.transfers.some((t) => t.externalUserId === id && t.status === 2)) return 40129;
  const recent = corp.transfers.filter(
    (t) =>
      t.externalUserId === id &&
      t.kind === "onjob" &&
      (t.status === 1 || t.status === 2) &&
      t.startedAt > ctx.now - NINETY_DAYS,
  );
  if (kind === "onjob" && recent.length >= 2) {
    ctx.world.ruleHit(corp, "transfer_limit", ctx.path, `${id} already transferred twice in 90 days`);
    return 40128;
  }
  corp.transfers.push({
    externalUserId: id,
    handover: handover.userid,
    takeover: takeover.userid,
    kind,
    startedAt: ctx.now,
    takeoverAt: ctx.now + TAKEOVER_DELAY,
    status: 2,
    successMsg: message,
  });
  if (message) {
    corp.customerInbox.push({
      externalUserId: id,
      chatId: "",
      sender: handover.userid,
      at: ctx.now,
      kind: "transfer",
      text: message,
      attachments: [],
      ref: takeover.userid,
    });
  }
  return 0;
}

function transferResult(ctx: ApiContext, p: Params, kind: Transfer["kind"]) {
  ctx.world.tick();
  const handover = p.str("handover_userid", 40003);
  const takeover = p.str("takeover_userid", 40003);
  const latest = new Map<string, Transfer>();
  for (const t of ctx.corp.transfers) {
    if (t.kind === kind && t.handover === handover && t.takeover === takeover)
      latest.set(t.externalUserId, t);
  }
  const { page, next } = pageArray([...latest.values()], p.optStr("cursor"), 1000);
  return {
    customer: page.map((t) => ({
      external_userid: t.externalUserId,
      status: t.status,
      takeover_time: t.status === 3 ? 0 : t.takeoverAt,
    })),
    next_cursor: next,
  };
}

function groupTransfer(ctx: ApiContext, p: Params, kind: "onjob" | "resigned") {
  const ids = p.strArray("chat_id_list", 100);
  if (ids.length === 0) throw new ApiError(40058, "chat_id_list is required");
  const newOwner = ctx.corp.members.get(p.str("new_owner", 40003));
  if (!newOwner) throw new ApiError(46004);
  if (newOwner.status !== 1 || !newOwner.customerContact || !newOwner.realName) throw new ApiError(60011);
  const failed: { chat_id: string; errcode: number; errmsg: string }[] = [];
  const fail = (chat_id: string, errcode: number) =>
    failed.push({ chat_id, errcode, errmsg: errorText(errcode) });
  for (const id of ids) {
    const chat = ctx.corp.groups.get(id);
    if (!chat || chat.dismissed) {
      fail(id, 90501);
      continue;
    }
    const owner = ctx.corp.members.get(chat.owner);
    if (chat.owner === newOwner.userid) fail(id, 90504);
    else if (kind === "resigned" && owner?.status !== 5) fail(id, 90500);
    else if (kind === "onjob" && owner?.status === 5) fail(id, 90502);
    else if (kind === "onjob" && chat.transfers.filter((t) => t > ctx.now - NINETY_DAYS).length >= 2) {
      ctx.world.ruleHit(
        ctx.corp,
        "group_transfer_limit",
        ctx.path,
        `${id} already transferred twice in 90 days`,
      );
      fail(id, 40128);
    } else {
      chat.owner = newOwner.userid;
      chat.status = kind === "resigned" ? 3 : 0;
      if (kind === "onjob") chat.transfers.push(ctx.now);
      if (!chat.members.some((m) => m.userid === newOwner.userid)) {
        chat.members.push({
          userid: newOwner.userid,
          type: 1,
          joinTime: ctx.now,
          joinScene: 1,
          invitor: "",
          groupNickname: "",
          name: newOwner.name,
          state: "",
          unionid: "",
        });
        chat.version++;
      }
    }
  }
  return { failed_chat_list: failed };
}

export const transferRoutes: Route[] = [
  post("externalcontact/transfer_customer", (ctx, p) => startTransfers(ctx, p, "onjob")),
  post("externalcontact/transfer_result", (ctx, p) => transferResult(ctx, p, "onjob")),
  post("externalcontact/resigned/transfer_customer", (ctx, p) => startTransfers(ctx, p, "resigned")),
  post("externalcontact/resigned/transfer_result", (ctx, p) => transferResult(ctx, p, "resigned")),

  post("externalcontact/get_unassigned_list", (ctx, p) => {
    const size = p.limit("page_size", 1000, 1000);
    const pending = new Set(
      ctx.corp.transfers
        .filter((t) => t.status === 2 || t.status === 1)
        .map((t) => `${t.handover}|${t.externalUserId}`),
    );
    const rows: { handover_userid: string; external_userid: string; dimission_time: number }[] = [];
    for (const m of ctx.corp.members.values()) {
      if (m.status !== 5) continue;
      for (const f of ctx.idx.ofMember(m.userid)) {
        if (f.status === "active" && !pending.has(`${m.userid}|${f.externalUserId}`)) {
          rows.push({
            handover_userid: m.userid,
            external_userid: f.externalUserId,
            dimission_time: m.resignedAt,
          });
        }
      }
    }
    const cursor = p.optStr("cursor");
    const [offset = 0] = cursor ? decodeCursor(cursor, 1) : [p.int("page_id", 0) * size];
    const info = rows.slice(offset, offset + size);
    const end = offset + info.length;
    return { info, is_last: end >= rows.length, next_cursor: end < rows.length ? encodeCursor([end]) : "" };
  }),

  post("externalcontact/groupchat/transfer", (ctx, p) => groupTransfer(ctx, p, "resigned")),
  post("externalcontact/groupchat/onjob_transfer", (ctx, p) => groupTransfer(ctx, p, "onjob")),
];
