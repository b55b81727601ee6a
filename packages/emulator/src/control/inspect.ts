// The inspection view: what every customer received (sender, time, content), what every member received as
// app messages, which platform rules fired, the callback deliveries, and gettoken calls — for one corp.
import type { CorpState, CustomerMessage } from "../world/types.ts";
import type { World } from "../world/world.ts";

export function inspectCorp(world: World, corp: CorpState, query: Record<string, string>) {
  const limit = Math.min(Number(query.limit ?? 500), 10_000);
  const byCustomer: Record<
    string,
    Pick<CustomerMessage, "sender" | "at" | "kind" | "text" | "attachments" | "chatId">[]
  > = {};
  for (const m of corp.customerInbox.slice(-limit)) {
    const key = m.externalUserId || m.chatId;
    group(byCustomer, key).push({
      sender: m.sender,
      at: m.at,
      kind: m.kind,
      text: m.text,
      attachments: m.attachments,
      chatId: m.chatId,
    });
  }
  const appMessages: Record<string, unknown[]> = {};
  for (const m of corp.appMessages.slice(-limit)) {
    group(appMessages, m.userid).push({
      agentId: m.agentId,
      at: m.at,
      msgtype: m.msgtype,
      content: m.content,
      msgid: m.msgid,
    });
  }
  return {
    corpId: corp.corpId,
    now: world.now(),
    customerMessages: byCustomer,
    appMessages,
    rules: corp.rules.slice(-limit),
    deliveries: world.callbacks.deliveries.filter((d) => d.corpId === corp.corpId).slice(-limit),
    gettokenCalls: world.gettokenCalls.get(corp.corpId) ?? 0,
  };
}

function group<T>(record: Record<string, T[]>, key: string): T[] {
  const existing = record[key];
  if (existing) return existing;
  const created: T[] = [];
  record[key] = created;
  return created;
}
