// The "wecom.customer_message" outbox channel: a marketing message from one member to one customer, through
// add_msg_template (WeCom's 群发 to a single customer — what personal sends, journeys and SOPs use). WeCom does not
// send it until the member confirms in the client; the msgid is kept for pulling the result. add_msg_template
// is not idempotent, so anything that may have reached WeCom is never retried; a send interrupted by a crash is
// looked up in WeCom (mass-message.reconcile.ts) before it is sent again.
import { type Attachment, WeComApiError, WeComNetworkError } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";
import { noteApiFailure } from "../account-health/api-failures.ts";
import type { Channel, ChannelRegistry, FailureVerdict, OutboxRow } from "./channels.ts";
import { reconcileMassMessages } from "./mass-message.reconcile.ts";

export const CUSTOMER_MESSAGE_CHANNEL = "wecom.customer_message";

export interface CustomerMessagePayload {
  text?: string;
  /** WeCom attachment objects, ≤ 9. */
  attachments?: Attachment[];
}

class NotSendable extends Error {}

export const customerMessageChannel: Channel = {
  purpose: "marketing",
  content(row) {
    const p = row.payload as CustomerMessagePayload;
    return { ...(p.text !== undefined ? { text: p.text } : {}), attachments: p.attachments ?? [] };
  },
  async send(ctx: Ctx, row: OutboxRow) {
    const p = row.payload as CustomerMessagePayload;
    const client = await ctx.wecom.forCorp(ctx, row.corp_id);
    const res = await client.massMessage
      .addMsgTemplate({
        chat_type: "single",
        external_userid: [row.recipient],
        ...(row.sender ? { sender: row.sender } : {}),
        ...(p.text?.trim() ? { text: { content: p.text } } : {}),
        ...(p.attachments?.length ? { attachments: p.attachments } : {}),
      })
      .catch(async (err: unknown) => {
        // WeCom saying the sender is banned restricts the account (the send gate then holds its messages).
        if (row.sender) await noteApiFailure(ctx, row.corp_id, row.sender, err, "add_msg_template");
        throw err;
      });
    if (res.fail_list?.includes(row.recipient))
      throw new NotSendable(
        `WeCom can't send to ${row.recipient} as ${row.sender ?? "any member"} (fail_list)`,
      );
    return { msgid: res.msgid };
  },
  reconcile: reconcileMassMessages("single"),
  classify(err): FailureVerdict {
    if (err instanceof NotSendable) return { retry: false, reason: err.message };
    if (err instanceof WeComApiError) {
      if (err.errcode === -1 || err.errcode === 45009)
        return { retry: true, reason: `WeCom busy (${err.errcode}); retrying later` };
      if (err.errcode === 41048)
        return { retry: false, reason: "no sendable customer (41048): not a friend" };
      return { retry: false, reason: `WeCom refused it (${err.errcode} ${err.errmsg})` };
    }
    if (err instanceof WeComNetworkError)
      return {
        retry: false,
        lookUp: true,
        reason: `network error (${err.code}); it may have reached WeCom, which is asked before it is sent again`,
      };
    return { retry: false, reason: err instanceof Error ? err.message : String(err) };
  },
};

export function registerCustomerMessageChannel(registry: ChannelRegistry): void {
  registry.register(CUSTOMER_MESSAGE_CHANNEL, customerMessageChannel);
}
