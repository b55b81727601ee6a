// The "wecom.group_message" outbox channel: a group SOP's message to one customer group, through add_msg_template
// with chat_type "group" as the group's owner (WeCom's 群发 to groups: the owner confirms it in the client; a
// group receives at most one such message a day, which the gate's per-recipient quota keeps). Never retried once
// it may have reached WeCom, like the customer-message channel; after a crash WeCom's list is asked the same way.
import { WeComApiError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import type { Channel, ChannelRegistry, OutboxRow } from "../outbox/channels.ts";
import { type CustomerMessagePayload, customerMessageChannel } from "../outbox/customer-message.channel.ts";
import { reconcileMassMessages } from "../outbox/mass-message.reconcile.ts";

export const GROUP_MESSAGE_CHANNEL = "wecom.group_message";

class NotSendable extends Error {}

export const groupMessageChannel: Channel = {
  purpose: "marketing",
  content: customerMessageChannel.content,
  async send(ctx: Ctx, row: OutboxRow) {
    if (!row.sender) throw new NotSendable("a group message needs the group's owner as sender");
    const p = row.payload as CustomerMessagePayload;
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    const res = await client.massMessage.addMsgTemplate({
      chat_type: "group",
      chat_id_list: [row.recipient],
      sender: row.sender,
      ...(p.text?.trim() ? { text: { content: p.text } } : {}),
      ...(p.attachments?.length ? { attachments: p.attachments } : {}),
    });
    if (res.fail_list?.includes(row.recipient))
      throw new NotSendable(
        `${row.sender} can't send to group ${row.recipient} (not its owner, or dismissed)`,
      );
    return { msgid: res.msgid };
  },
  classify(err) {
    if (err instanceof NotSendable) return { retry: false, reason: err.message };
    if (err instanceof WeComApiError && err.errcode === 41048)
      return { retry: false, reason: "no sendable group (41048): not the owner's, or dismissed" };
    return customerMessageChannel.classify(err);
  },
  reconcile: reconcileMassMessages("group"),
};

export function registerGroupMessageChannel(registry: ChannelRegistry): void {
  registry.register(GROUP_MESSAGE_CHANNEL, groupMessageChannel);
}
