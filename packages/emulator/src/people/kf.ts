// 微信客服 as people use it (addendum §4): an admin creates an account with servicers; a WeChat user enters a
// session (enter_session, with a welcome_code if nobody talked in 48 h) and writes; servicers change status,
// take, end or answer sessions from the client. Each log entry fires kf_msg_or_event carrying a sync_msg
// Token (10 min); the app pulls the content with kf/sync_msg. Tokens and codes are runtime-only.
import { ControlError } from "../errors.ts";
import type { CorpState, KfAccount, KfLogItem, KfSession } from "../world/types.ts";
import type { CustomerSeed, World } from "../world/world.ts";
import { customerOrNew } from "./relations.ts";

export const KF_TOKEN_TTL = 600;
export const KF_CODE_TTL = 20;
export const KF_WINDOW = 48 * 3600;

interface Runtime {
  tokens: Map<string, { openKfid: string; expiresAt: number }>;
  codes: Map<string, { openKfid: string; externalUserId: string; issuedAt: number; used: boolean }>;
}
const runtimes = new WeakMap<CorpState, Runtime>();

export function kfRuntime(corp: CorpState): Runtime {
  let rt = runtimes.get(corp);
  if (!rt) {
    rt = { tokens: new Map(), codes: new Map() };
    runtimes.set(corp, rt);
  }
  return rt;
}

export function kfAccountOf(corp: CorpState, openKfid: unknown): KfAccount {
  const account = typeof openKfid === "string" ? corp.kf.accounts.get(openKfid) : undefined;
  if (!account) throw new ControlError("NOT_FOUND", `unknown kf account ${String(openKfid)}`);
  return account;
}

export function kfSession(corp: CorpState, openKfid: string, externalUserId: string): KfSession {
  const key = `${openKfid}|${externalUserId}`;
  let session = corp.kf.sessions.get(key);
  if (!session) {
    session = {
      openKfid,
      externalUserId,
      state: 4,
      servicerUserid: "",
      lastInboundAt: 0,
      sendsSinceInbound: 0,
      greeted: false,
      scene: "",
      sceneParam: "",
    };
    corp.kf.sessions.set(key, session);
  }
  return session;
}

export function issueKfCode(world: World, corp: CorpState, openKfid: string, externalUserId: string): string {
  const code = world.ids.opaque(40);
  kfRuntime(corp).codes.set(code, { openKfid, externalUserId, issuedAt: world.now(), used: false });
  return code;
}

/** Appends to the kf log and tells the app to pull (kf_msg_or_event with a fresh Token). */
export function kfLog(
  world: World,
  corp: CorpState,
  item: Omit<KfLogItem, "seq" | "msgid" | "sendTime">,
): KfLogItem {
  const last = corp.kf.log.at(-1);
  const entry: KfLogItem = {
    seq: (last?.seq ?? 0) + 1,
    msgid: world.ids.opaque(32),
    sendTime: world.now(),
    ...item,
  };
  corp.kf.log.push(entry);
  if (corp.kf.log.length > 100_000) corp.kf.log.splice(0, 50_000);
  const token = world.ids.opaque(32);
  const rt = kfRuntime(corp);
  if (rt.tokens.size > 10_000)
    for (const [t, v] of rt.tokens) if (v.expiresAt < world.now()) rt.tokens.delete(t);
  if (rt.codes.size > 10_000) {
    for (const [c, v] of rt.codes) if (v.used || v.issuedAt < world.now() - KF_CODE_TTL) rt.codes.delete(c);
  }
  rt.tokens.set(token, { openKfid: item.openKfid, expiresAt: world.now() + KF_TOKEN_TTL });
  world.emit(corp, { Event: "kf_msg_or_event", Token: token, OpenKfId: item.openKfid }, { fromSys: false });
  return entry;
}

function kfEvent(
  world: World,
  corp: CorpState,
  openKfid: string,
  externalUserId: string,
  event: Record<string, unknown>,
) {
  return kfLog(world, corp, {
    openKfid,
    externalUserId,
    origin: 4,
    servicerUserid: "",
    msgtype: "event",
    body: { event },
  });
}

export function createKfAccount(
  world: World,
  corp: CorpState,
  input: { name: string; servicers?: string[]; managePrivilege?: boolean },
) {
  const openKfid = `wk${world.ids.opaque(28)}`;
  const account: KfAccount = {
    openKfid,
    name: input.name,
    avatar: `https://wework.qpic.cn/wwhead/emulator/${openKfid}/0`,
    managePrivilege: input.managePrivilege ?? true,
    servicers: (input.servicers ?? []).map((userid) => {
      if (!corp.members.has(userid)) throw new ControlError("NOT_FOUND", `unknown member ${userid}`);
      return { userid, status: 0 as const, stopType: 0 as const };
    }),
  };
  corp.kf.accounts.set(openKfid, account);
  return account;
}

export function kfCustomerEnters(
  world: World,
  corp: CorpState,
  input: {
    openKfid: string;
    externalUserId?: string;
    customer?: CustomerSeed;
    scene?: string;
    sceneParam?: string;
  },
) {
  const account = kfAccountOf(corp, input.openKfid);
  const customer = customerOrNew(world, corp, input.externalUserId, input.customer);
  const session = kfSession(corp, account.openKfid, customer.externalUserId);
  session.scene = input.scene ?? "";
  session.sceneParam = input.sceneParam ?? "";
  const quiet = world.now() - session.lastInboundAt > KF_WINDOW;
  const welcomeCode = quiet ? issueKfCode(world, corp, account.openKfid, customer.externalUserId) : "";
  const event: Record<string, unknown> = {
    event_type: "enter_session",
    open_kfid: account.openKfid,
    external_userid: customer.externalUserId,
    scene: session.scene,
    scene_param: session.sceneParam,
  };
  if (welcomeCode) event.welcome_code = welcomeCode;
  kfEvent(world, corp, account.openKfid, customer.externalUserId, event);
  return { externalUserId: customer.externalUserId, welcomeCode };
}

export function kfCustomerSays(
  world: World,
  corp: CorpState,
  input: { openKfid: string; externalUserId: string; text: string; menuId?: string },
) {
  const account = kfAccountOf(corp, input.openKfid);
  if (!corp.customers.has(input.externalUserId)) throw new ControlError("NOT_FOUND", "unknown customer");
  const session = kfSession(corp, account.openKfid, input.externalUserId);
  if (session.state === 4) {
    session.state = 0;
    session.servicerUserid = "";
    session.greeted = false;
  }
  session.lastInboundAt = world.now();
  session.sendsSinceInbound = 0;
  const text: Record<string, unknown> = { content: input.text };
  if (input.menuId) text.menu_id = input.menuId;
  const item = kfLog(world, corp, {
    openKfid: account.openKfid,
    externalUserId: input.externalUserId,
    origin: 3,
    servicerUserid: "",
    msgtype: "text",
    body: { text },
  });
  world.archive(corp, {
    from: input.externalUserId,
    to: account.openKfid,
    roomId: "",
    kind: "kf",
    text: input.text,
  });
  return { msgid: item.msgid, state: session.state };
}

export function kfServicerStatus(
  world: World,
  corp: CorpState,
  input: { openKfid: string; userid: string; status: 0 | 1 },
) {
  const account = kfAccountOf(corp, input.openKfid);
  const servicer = account.servicers.find((s) => s.userid === input.userid);
  if (!servicer)
    throw new ControlError("NOT_FOUND", `${input.userid} is not a servicer of ${input.openKfid}`);
  servicer.status = input.status;
  kfEvent(world, corp, account.openKfid, "", {
    event_type: "servicer_status_change",
    servicer_userid: input.userid,
    status: input.status === 0 ? 1 : 2,
  });
  return servicer;
}

/** A servicer acts on a session in the client: take it from the pool, end it, or write to the customer. */
export function kfServicerActs(
  world: World,
  corp: CorpState,
  input: {
    openKfid: string;
    externalUserId: string;
    userid?: string;
    action: "take" | "end" | "say";
    text?: string;
  },
) {
  const account = kfAccountOf(corp, input.openKfid);
  const session = kfSession(corp, account.openKfid, input.externalUserId);
  const event = (changeType: number, extra: Record<string, unknown> = {}) =>
    kfEvent(world, corp, account.openKfid, input.externalUserId, {
      event_type: "session_status_change",
      open_kfid: account.openKfid,
      external_userid: input.externalUserId,
      change_type: changeType,
      ...extra,
    });
  if (input.action === "end") {
    if (session.state === 4) throw new ControlError("CONFLICT", "session already ended");
    const old = session.servicerUserid;
    session.state = 4;
    session.servicerUserid = "";
    event(3, {
      old_servicer_userid: old,
      msg_code: issueKfCode(world, corp, account.openKfid, input.externalUserId),
    });
    return { state: 4 };
  }
  const userid = input.userid ?? "";
  if (!account.servicers.some((s) => s.userid === userid))
    throw new ControlError("BAD_REQUEST", `${userid} is not a servicer here`);
  if (input.action === "take") {
    if (session.state !== 2) throw new ControlError("CONFLICT", "the session is not queued");
    session.state = 3;
    session.servicerUserid = userid;
    event(1, {
      new_servicer_userid: userid,
      msg_code: issueKfCode(world, corp, account.openKfid, input.externalUserId),
    });
    return { state: 3 };
  }
  const wasEnded = session.state === 4;
  session.state = 3;
  session.servicerUserid = userid;
  if (wasEnded) event(4, { new_servicer_userid: userid });
  kfLog(world, corp, {
    openKfid: account.openKfid,
    externalUserId: input.externalUserId,
    origin: 5,
    servicerUserid: userid,
    msgtype: "text",
    body: { text: { content: input.text ?? "" } },
  });
  corp.customerInbox.push({
    externalUserId: input.externalUserId,
    chatId: "",
    sender: userid,
    at: world.now(),
    kind: "kf",
    text: input.text ?? "",
    attachments: [],
    ref: account.openKfid,
  });
  return { state: 3 };
}
