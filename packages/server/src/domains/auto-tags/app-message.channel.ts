// The "wecom.app_message" outbox channel: a text app message (message/send) to one member, through the corp's
// agent. Used for staff alerts (a customer opened a tracked link). A network failure may have delivered the
// message, so only errors WeCom answered before sending are retried.
import { WeComApiError } from "@siyu/wecom";
import type { Channel, ChannelRegistry, FailureVerdict } from "../outbox/channels.ts";
import { APP_MESSAGE_CHANNEL } from "./links.service.ts";

class NoAgentError extends Error {}

export const appMessageChannel: Channel = {
  /** A note to staff, not marketing: no quotas, caps or quiet hours. */
  purpose: "service",
  content(row) {
    return { text: String((row.payload as { text?: unknown }).text ?? "") };
  },
  async send(ctx, row) {
    const corp = await ctx.db
      .selectFrom("corps")
      .select("agent_id")
      .where("corp_id", "=", row.corp_id)
      .executeTakeFirst();
    const agentId = Number(corp?.agent_id);
    if (!corp?.agent_id || !Number.isInteger(agentId)) {
      throw new NoAgentError("the corp has no app agent id configured (Settings → Corps), so no app message");
    }
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    const sent = await client.message.send({
      touser: row.recipient,
      agentid: agentId,
      msgtype: "text",
      text: { content: String((row.payload as { text?: unknown }).text ?? "") },
    });
    return { msgid: sent.msgid, ...(sent.invaliduser ? { invaliduser: sent.invaliduser } : {}) };
  },
  classify(err): FailureVerdict {
    if (err instanceof NoAgentError) return { retry: false, reason: err.message };
    if (err instanceof WeComApiError) {
      const transient = err.errcode === -1 || err.errcode === 45009 || err.errcode === 45033;
      return { retry: transient, reason: `WeCom answered errcode ${err.errcode}` };
    }
    return { retry: false, reason: `may or may not have been sent: ${(err as Error).message}` };
  },
};

export function registerAppMessageChannel(channels: ChannelRegistry): void {
  channels.register(APP_MESSAGE_CHANNEL, appMessageChannel);
}
