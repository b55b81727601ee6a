// The demo world's recent past, so a fresh console has something to show: chats of the last 30 days (also in
// the archive feed), a mass send from last week with its results, group codes for the city groups, an
// online-service (微信客服) account and an acquisition link. Written straight into the state, in time order.

import type { Ids } from "../world/ids.ts";
import { DAY } from "../world/time.ts";
import type { CorpState, MassTask } from "../world/types.ts";

const ASK = [
  "这款精华适合敏感肌吗？",
  "周末门店有活动吗",
  "上次买的猫粮还有吗",
  "奶粉什么时候到货",
  "耳机可以试听吗",
  "能帮我查下积分吗",
];
const ANSWER = [
  "适合的，可以先领小样试试～",
  "周六有会员日，全场9折",
  "有的，给您留一袋",
  "预计周三到，到了通知您",
  "欢迎来店试听",
  "您目前有 1280 积分",
];

export function seedHistory(
  corp: CorpState,
  ids: Ids,
  rand: () => number,
  now: number,
  agentId: number,
): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const active = corp.follows.filter((f) => f.status === "active");

  // Chats: ~600 conversations of 1–3 exchanges in the last 30 days.
  const lines: {
    at: number;
    from: string;
    to: string;
    text: string;
    customer: string;
    member: string;
    byCustomer: boolean;
  }[] = [];
  for (let i = 0; i < Math.min(600, active.length); i++) {
    const f = pick(active);
    let at = now - Math.floor(rand() * 30 * DAY);
    for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
      const k = Math.floor(rand() * ASK.length);
      lines.push({
        at,
        from: f.externalUserId,
        to: f.userid,
        text: ASK[k]!,
        customer: f.externalUserId,
        member: f.userid,
        byCustomer: true,
      });
      at += 60 + Math.floor(rand() * 1800);
      lines.push({
        at,
        from: f.userid,
        to: f.externalUserId,
        text: ANSWER[k]!,
        customer: f.externalUserId,
        member: f.userid,
        byCustomer: false,
      });
      at += 3600 + Math.floor(rand() * 86_400);
    }
    f.lastChatAt = Math.max(f.lastChatAt, Math.min(at, now));
  }
  lines.sort((a, b) => a.at - b.at);
  for (const l of lines.filter((x) => x.at <= now)) {
    if (l.byCustomer)
      corp.customerSaid.push({ externalUserId: l.customer, userid: l.member, at: l.at, text: l.text });
    else
      corp.customerInbox.push({
        externalUserId: l.customer,
        chatId: "",
        sender: l.member,
        at: l.at,
        kind: "chat",
        text: l.text,
        attachments: [],
        ref: "",
      });
    corp.archive.push({
      seq: corp.archive.length + 1,
      at: l.at,
      from: l.from,
      to: l.to,
      roomId: "",
      kind: "text",
      text: l.text,
    });
  }

  // Last week's mass send from the brand: the Shanghai stores' customers, most members confirmed it.
  const sentAt = now - 7 * DAY;
  const shanghai = new Set(
    [...corp.members.values()]
      .filter((m) => corp.departments.get(m.mainDepartment)?.name.startsWith("上海"))
      .map((m) => m.userid),
  );
  const recipients = active.filter((f) => shanghai.has(f.userid)).slice(0, 400);
  const task: MassTask = {
    msgid: ids.msgid(),
    chatType: "single",
    creator: "",
    createType: 0,
    createTime: sentAt - 3600,
    text: { content: "【悦享生活】会员日来啦！本周六全场9折，金卡及以上会员再享双倍积分。" },
    attachments: [],
    allowSelect: false,
    members: {},
    recipients: [],
    cancelled: false,
    reminds: [],
  };
  for (const f of recipients) {
    const confirmed = !f.userid.endsWith("2") && rand() < 0.9;
    task.members[f.userid] ??= {
      status: confirmed ? 2 : 0,
      sendTime: confirmed ? sentAt : 0,
      ignored: false,
    };
    const sent = task.members[f.userid]!.status === 2;
    task.recipients.push({
      target: f.externalUserId,
      isChat: false,
      userid: f.userid,
      status: sent ? 1 : 0,
      sendTime: sent ? sentAt : 0,
    });
    if (sent) {
      corp.massReceived.set(f.externalUserId, [sentAt]);
      corp.customerInbox.push({
        externalUserId: f.externalUserId,
        chatId: "",
        sender: f.userid,
        at: sentAt,
        kind: "mass",
        text: task.text!.content,
        attachments: [],
        ref: task.msgid,
      });
    }
  }
  corp.massTasks.set(task.msgid, task);

  // Group codes (群活码) for the city groups, and a welcome template.
  for (const chat of corp.groups.values()) {
    const configId = ids.configId();
    corp.joinWays.set(configId, {
      configId,
      scene: 2,
      remark: `${chat.name}活码`,
      autoCreateRoom: 1,
      roomBaseName: chat.name,
      roomBaseId: 2,
      chatIdList: [chat.chatId],
      qrCode: `https://wework.qpic.cn/wwpic/emulator/${configId}/0`,
      state: `group-${chat.chatId.slice(2, 8)}`,
      createdAt: chat.createTime,
    });
  }
  const templateId = ids.msgid();
  corp.welcomeTemplates.set(templateId, {
    templateId,
    agentId,
    body: { text: { content: "欢迎加入悦享会员福利群～每周三会员日，群内专享优惠券！" } },
  });

  // Online service (微信客服) staffed by the HQ team, and an acquisition link for a social-media campaign.
  const hq = [...corp.members.values()].filter((m) => m.department.includes(2)).map((m) => m.userid);
  const openKfid = `wk${ids.opaque(28)}`;
  corp.kf.accounts.set(openKfid, {
    openKfid,
    name: "悦享在线客服",
    avatar: `https://wework.qpic.cn/wwhead/emulator/${openKfid}/0`,
    managePrivilege: true,
    servicers: hq.map((userid) => ({ userid, status: 0, stopType: 0 })),
  });
  const linkId = `cawcde${ids.configId().slice(0, 20)}`;
  corp.acquisitionLinks.set(linkId, {
    linkId,
    name: "小红书种草投放",
    createTime: now - 20 * DAY,
    skipVerify: true,
    userList: [...shanghai].slice(0, 6),
    departmentList: [],
    priorityOption: null,
    markSource: true,
    agentId,
    customers: [],
    clicks: [],
  });
  corp.acquisitionQuota = { total: 0, balance: 1000, expireDate: now + 180 * DAY };
}
